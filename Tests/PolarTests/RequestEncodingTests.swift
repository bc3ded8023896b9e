import Foundation
import Testing

@testable import Polar

@Suite("Requests are encoded as Polar expects")
struct RequestEncodingTests {
    let emptyPage = PolarHTTPResponse.json(Fixtures.page([], total: 0, maxPage: 0))

    @Test("every list filter: repeated organization_id and sorting, deepObject metadata, percent-encoding")
    func listQuery() async throws {
        let transport = MockTransport(emptyPage)
        let polar = makePolar(transport)
        let other = UUID(uuidString: "2E2D4C48-1111-4222-8333-944455556666")!
        let metadata: MetadataFilter = ["plan": "pro", "seats": [1, 2], "ratio": 2.0, "beta": false, "a b/c]": "x y"]
        let sorting: [CustomerSortProperty] = [.email, .createdAtDescending]
        _ = try await polar.customers.list(
            organizationIDs: [Fixtures.organizationID, other], email: "Jane+1@Example.com", query: "50% off & more",
            active: true, metadata: metadata, sorting: sorting, page: 2, limit: 50)
        let expected = [
            "/v1/customers/?organization_id=1dbfc517-0bbf-4301-9ba8-555ca42b9737",
            "&organization_id=2e2d4c48-1111-4222-8333-944455556666",
            "&email=Jane%2B1%40Example.com&query=50%25%20off%20%26%20more&active=true&page=2&limit=50",
            "&sorting=email&sorting=-created_at",
            "&metadata%5Bplan%5D=pro&metadata%5Bseats%5D=1&metadata%5Bseats%5D=2&metadata%5Bratio%5D=2.0",
            "&metadata%5Bbeta%5D=false&metadata%5Ba%20b%2Fc%5D%5D=x%20y",
        ].joined()
        #expect(transport.lastPathAndQuery == expected)
        #expect(transport.lastRequest?.method == .get)
        #expect(transport.lastRequest?.body == nil)
    }

    @Test("a bare list sends no query at all")
    func bareList() async throws {
        let transport = MockTransport(emptyPage)
        _ = try await makePolar(transport).customers.list()
        #expect(transport.lastPathAndQuery == "/v1/customers/")
    }

    @Test("active=false is sent, not dropped")
    func activeFalse() async throws {
        let transport = MockTransport(emptyPage)
        _ = try await makePolar(transport).customers.list(active: false)
        #expect(transport.lastPathAndQuery == "/v1/customers/?active=false")
    }

    @Test("metadata filter keys keep their order and merge repeated keys")
    func metadataFilterOrder() {
        var filter: MetadataFilter = ["z": "1", "a": true, "z": 2]
        filter.add("m", [.number(1.5)])
        var items = QueryItems()
        items.add("metadata", deepObject: filter)
        #expect(items.encoded == "metadata%5Bz%5D=1&metadata%5Bz%5D=2&metadata%5Ba%5D=true&metadata%5Bm%5D=1.5")
        #expect(MetadataFilter().isEmpty)
    }

    @Test("the configured organization is the default list, export and create organization")
    func configuredOrganization() async throws {
        let transport = MockTransport { request, _ in
            if request.url.contains("export") { return .text(200, "ID\r\n") }
            if request.method == .post { return .json(201, Fixtures.customer()) }
            return .json(Fixtures.page([], total: 0, maxPage: 0))
        }
        let polar = makePolar(transport, organizationID: Fixtures.organizationID)
        _ = try await polar.customers.list()
        #expect(transport.lastPathAndQuery == "/v1/customers/?organization_id=1dbfc517-0bbf-4301-9ba8-555ca42b9737")
        _ = try await polar.customers.list(organizationIDs: [Fixtures.customerID])
        #expect(transport.lastPathAndQuery == "/v1/customers/?organization_id=8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70")
        _ = try await polar.customers.export()
        #expect(transport.lastPathAndQuery == "/v1/customers/export?organization_id=1dbfc517-0bbf-4301-9ba8-555ca42b9737")
        _ = try await polar.customers.create(CustomerCreate(email: "jane@example.com"))
        // Case-insensitive: Polar accepts either, and `CustomerCreate` currently writes Foundation's upper case.
        #expect(transport.lastRequest?.bodyText?.lowercased().contains(#""organization_id":"1dbfc517-0bbf-4301-9ba8-555ca42b9737""#) == true)
    }

    @Test("headers: bearer token, Polar-Version, Accept, User-Agent; JSON bodies get a type and length")
    func headers() async throws {
        let transport = MockTransport(.json(201, Fixtures.customer()))
        var polar = makePolar(transport)
        polar.configuration.apiVersion = "2026-04"
        _ = try await polar.customers.create(CustomerCreate(email: "jane@example.com"))
        let request = try #require(transport.lastRequest)
        #expect(request.method == .post)
        #expect(request.url == "https://polar.test/v1/customers/")
        #expect(request.header("authorization") == "Bearer polar_oat_test")
        #expect(request.header("Polar-Version") == "2026-04")
        #expect(request.header("Accept") == "application/json")
        #expect(request.header("User-Agent") == "polar-swift/0.1")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Content-Length") == String(request.body?.count ?? -1))
        #expect(request.timeout == .seconds(60))
        #expect(request.bodyText == #"{"type":"individual","email":"jane@example.com"}"#)
    }

    @Test("the default Polar-Version is the newest the server supports")
    func defaultVersion() async throws {
        let transport = MockTransport(.json(200, Fixtures.customer()))
        _ = try await makePolar(transport).customers.get(id: Fixtures.customerID)
        #expect(transport.lastRequest?.header("Polar-Version") == "2026-10")
        #expect(Polar.latestAPIVersion == "2026-10")
    }

    @Test("servers: production, sandbox, and custom base URLs with or without a path prefix")
    func servers() async throws {
        #expect(Polar.Server.production.baseURL.absoluteString == "https://api.polar.sh")
        #expect(Polar.Server.sandbox.baseURL.absoluteString == "https://sandbox-api.polar.sh")
        let transport = MockTransport(.json(200, Fixtures.customer()))
        let proxied = Polar(
            accessToken: "t", server: .custom(URL(string: "http://localhost:8080/polar/")!), retryPolicy: .none,
            transport: transport)
        _ = try await proxied.customers.get(id: Fixtures.customerID)
        #expect(transport.lastRequest?.url == "http://localhost:8080/polar/v1/customers/8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70")
    }

    @Test("create: only the fields set are sent, floats stay floats, team owners nest")
    func createBody() async throws {
        let transport = MockTransport(.json(201, Fixtures.customer(type: "team")))
        _ = try await makePolar(transport).customers.create(
            CustomerCreate(
                type: .team, email: nil, name: "Acme", externalID: "org_1",
                billingAddress: Address(line1: "1 rue", country: "FR"), taxID: "FR61954506077",
                metadata: ["ratio": 2.0], owner: MemberOwnerCreate(email: "ceo@acme.io", name: "Ceo")))
        let body = try #require(transport.lastRequest?.bodyText)
        let json = try JSONValue.parse(Array(body.utf8))
        #expect(json["type"] == "team")
        #expect(json["email"] == nil)
        #expect(json["locale"] == nil)
        #expect(json["metadata"] == .object(["ratio": .number(2.0)]))
        #expect(body.contains(#""ratio":2.0"#))
        #expect(json["owner"] == .object(["email": "ceo@acme.io", "name": "Ceo"]))
        #expect(
            json["billing_address"]
                == .object(["line1": "1 rue", "line2": nil, "postal_code": nil, "city": nil, "state": nil, "country": "FR"]))
    }

    @Test("PATCH sends only the fields named, and null only when asked")
    func patchBody() async throws {
        let transport = MockTransport(.json(200, Fixtures.customer()))
        let customers = makePolar(transport).customers
        _ = try await customers.update(id: Fixtures.customerID, CustomerUpdate())
        #expect(transport.lastRequest?.bodyText == "{}")
        #expect(transport.lastRequest?.method == .patch)
        #expect(transport.lastPathAndQuery == "/v1/customers/8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70")

        _ = try await customers.update(id: Fixtures.customerID, CustomerUpdate(name: .value("Jane Doe"), taxID: .null))
        #expect(transport.lastRequest?.bodyText == #"{"name":"Jane Doe","tax_id":null}"#)

        _ = try await customers.update(
            id: Fixtures.customerID, CustomerUpdate(metadata: .value([:]), externalID: .value("usr_9"), type: .value(.team)))
        #expect(transport.lastRequest?.bodyText == #"{"metadata":{},"external_id":"usr_9","type":"team"}"#)
    }

    @Test("PATCH by external ID drops external_id and type, which that route cannot change")
    func patchExternal() async throws {
        let transport = MockTransport(.json(200, Fixtures.customer()))
        _ = try await makePolar(transport).customers.update(
            externalID: "usr_1", CustomerUpdate(locale: .null, externalID: .value("x"), type: .value(.team)))
        #expect(transport.lastPathAndQuery == "/v1/customers/external/usr_1")
        #expect(transport.lastRequest?.bodyText == #"{"locale":null}"#)
    }

    @Test("external IDs are percent-encoded as one path segment")
    func externalIDPath() async throws {
        let transport = MockTransport(.json(200, Fixtures.customer()))
        let customers = makePolar(transport).customers
        _ = try await customers.get(externalID: "a b/c?d#e%f+g@h")
        #expect(transport.lastPathAndQuery == "/v1/customers/external/a%20b%2Fc%3Fd%23e%25f%2Bg%40h")
        _ = try await customers.get(externalID: "ユーザー")
        #expect(transport.lastPathAndQuery == "/v1/customers/external/%E3%83%A6%E3%83%BC%E3%82%B6%E3%83%BC")
    }

    @Test("delete sends anonymize=true only when asked")
    func deleteQuery() async throws {
        let transport = MockTransport(.empty(204))
        let customers = makePolar(transport).customers
        try await customers.delete(id: Fixtures.customerID)
        #expect(transport.lastPathAndQuery == "/v1/customers/8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70")
        #expect(transport.lastRequest?.method == .delete)
        try await customers.delete(id: Fixtures.customerID, anonymize: true)
        #expect(transport.lastPathAndQuery == "/v1/customers/8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70?anonymize=true")
        try await customers.delete(externalID: "usr 1", anonymize: true)
        #expect(transport.lastPathAndQuery == "/v1/customers/external/usr%201?anonymize=true")
    }

    @Test("state paths")
    func statePaths() async throws {
        let transport = MockTransport(.json(200, DecodingTests.stateJSON))
        let customers = makePolar(transport).customers
        _ = try await customers.state(id: Fixtures.customerID)
        #expect(transport.lastPathAndQuery == "/v1/customers/8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70/state")
        _ = try await customers.state(externalID: "usr_1")
        #expect(transport.lastPathAndQuery == "/v1/customers/external/usr_1/state")
    }

    @Test("export asks for CSV with repeated organization_id")
    func exportQuery() async throws {
        let transport = MockTransport(.text(200, "ID\r\n"))
        _ = try await makePolar(transport).customers.export(organizationIDs: [Fixtures.organizationID, Fixtures.customerID])
        #expect(
            transport.lastPathAndQuery
                == "/v1/customers/export?organization_id=1dbfc517-0bbf-4301-9ba8-555ca42b9737&organization_id=8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70"
        )
        #expect(transport.lastRequest?.header("Accept") == "text/csv")
    }

    @Test("customer session bodies name the customer by ID or external ID")
    func sessionBody() async throws {
        let transport = MockTransport(.json(201, DecodingTests.sessionJSON))
        let sessions = makePolar(transport).customerSessions
        _ = try await sessions.create(CustomerSessionCreate(customer: .id(Fixtures.customerID)))
        #expect(transport.lastPathAndQuery == "/v1/customer-sessions/")
        #expect(transport.lastRequest?.bodyText == #"{"customer_id":"8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70"}"#)
        _ = try await sessions.create(
            CustomerSessionCreate(customer: .externalID("usr_1"), externalMemberID: "m_1", returnURL: "https://acme.io/back"))
        #expect(
            transport.lastRequest?.bodyText
                == #"{"external_customer_id":"usr_1","external_member_id":"m_1","return_url":"https://acme.io/back"}"#)
    }

    @Test("percent-encoding keeps only RFC 3986 unreserved characters")
    func percentEncoding() {
        #expect(QueryItems.percentEncode("AZaz09-._~") == "AZaz09-._~")
        #expect(QueryItems.percentEncode(" !\"#$&'()*+,/:;=?@[]%") == "%20%21%22%23%24%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%5B%5D%25")
        #expect(QueryItems.percentEncode("é") == "%C3%A9")
    }
}
