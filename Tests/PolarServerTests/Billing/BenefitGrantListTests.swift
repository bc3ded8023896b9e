import Foundation
import PolarModels
import Testing

@Suite("Grant lists: GET /v1/benefit-grants/ and /v1/benefits/{id}/grants")
struct BenefitGrantListTests {
    @Test("every grant of the organization's benefits, granted or revoked, in Polar's BenefitGrant shape")
    func list() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com","external_id":"ada"}"#)["id"]?.stringValue)
            let bob = try #require(try await api.createCustomer(#"{"email":"bob@example.com"}"#)["id"]?.stringValue)
            let adas = try #require(try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)["id"]?.stringValue)
            _ = try await SubscriptionTests.subscribe(api, customer: bob, to: catalog.product)
            #expect(try await api.request(.delete, "/v1/subscriptions/\(adas)").status == .ok)

            let list = try await api.request(.get, "/v1/benefit-grants/")
            #expect(list.status == .ok, "\(list.text)")
            #expect(list.json["pagination"] == .object(["total_count": 4, "max_page": 1]))
            let items = list.json["items"]?.arrayValue ?? []
            let grant = try #require(items.first { $0["customer_id"] == .string(bob) && $0["benefit_id"] == .string(catalog.credit) })
            #expect(
                grant.keys == [
                    "created_at", "modified_at", "id", "granted_at", "is_granted", "revoked_at", "is_revoked", "subscription_id", "order_id",
                    "customer_id", "member_id", "benefit_id", "error", "customer", "member", "benefit", "properties", "user_id",
                ])
            #expect(grant["is_granted"] == true)
            #expect(grant["is_revoked"] == false)
            #expect(grant["customer"] == (try await api.request(.get, "/v1/customers/\(bob)").json))
            #expect(grant["benefit"] == (try await api.request(.get, "/v1/benefits/\(catalog.credit)").json))
            // Polar lists grant properties through a union that keeps nothing of a meter credit's.
            #expect(grant["properties"] == .object([]))
            #expect(grant["user_id"] == .string(bob))
            // A revoked grant is no longer granted: Polar clears its grant time.
            let revoked = try #require(items.first { $0["customer_id"] == .string(ada) })
            #expect(revoked["granted_at"] == .null)
            #expect(revoked["is_granted"] == false)
            #expect(revoked["revoked_at"] != .null)
            #expect(revoked["is_revoked"] == true)

            func listed(_ query: String) async throws -> [String] {
                let response = try await api.request(.get, "/v1/benefit-grants/?\(query)")
                #expect(response.status == .ok, "\(query): \(response.text)")
                return response.json["items"]?.arrayValue.compactMap { item in
                    guard let customer = item["customer_id"]?.stringValue else { return nil }
                    return "\(customer == ada ? "ada" : "bob")/\(item["is_granted"] == true ? "granted" : "revoked")"
                } ?? []
            }
            #expect(try await listed("is_granted=false") == ["ada/revoked", "ada/revoked"])
            #expect(try await listed("is_granted=true&customer_id=\(bob)") == ["bob/granted", "bob/granted"])
            #expect(try await listed("external_customer_id=ada&limit=1&page=2") == ["ada/revoked"])
            // NULLs last ascending, first descending, as PostgreSQL orders them for Polar.
            #expect(try await listed("sorting=revoked_at&limit=2") == ["ada/revoked", "ada/revoked"])
            #expect(try await listed("sorting=-revoked_at&limit=2") == ["bob/granted", "bob/granted"])
            #expect(try await api.request(.get, "/v1/benefit-grants/?sorting=benefit").status == .unprocessableContent)

            // One benefit's grants.
            let flag = try await api.request(.get, "/v1/benefits/\(catalog.flag)/grants")
            #expect(flag.status == .ok)
            #expect(flag.json["items"]?.arrayValue.count == 2)
            #expect(flag.json["items"]?.arrayValue.allSatisfy { $0["benefit_id"] == .string(catalog.flag) } == true)
            let granted = try await api.request(.get, "/v1/benefits/\(catalog.flag)/grants?is_granted=true&customer_id=\(bob)").json["items"]
            #expect(granted?.arrayValue.map { $0["customer_id"] } == [.string(bob)])
            #expect(try await api.request(.get, "/v1/benefits/\(catalog.flag)/grants?member_id=\(UUID().uuidString.lowercased())").json["items"] == [])

            // Other organizations see nothing; an unknown benefit is a 404; scopes.
            let other = try await server.otherOrganization()
            #expect(try await api.request(.get, "/v1/benefit-grants/", token: other.token).json["items"] == [])
            #expect(try await api.request(.get, "/v1/benefit-grants/?organization_id=\(other.id.lowercased)").json["items"] == [])
            #expect(try await api.request(.get, "/v1/benefits/\(catalog.flag)/grants", token: other.token).status == .notFound)
            #expect(try await api.request(.get, "/v1/benefits/\(UUID().uuidString.lowercased())/grants").status == .notFound)
            #expect(try await api.request(.get, "/v1/benefit-grants/", token: server.readToken).status == .forbidden)
        }
    }

    @Test("the state shows a meter credit grant's properties as Polar's does: empty")
    func stateProperties() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            _ = try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)
            let grants = try await api.request(.get, "/v1/customers/\(ada)/state").json["granted_benefits"]?.arrayValue ?? []
            #expect(grants.count == 2)
            #expect(grants.allSatisfy { $0["properties"] == .object([]) })
        }
    }
}

extension BenefitGrantListTests {
    @Test("polar-sdk 1.x and 0.32 list grants, the organization's and one benefit's, into their own types")
    func polarSDKs() async throws {
        let server = try await TestServer.make()
        try await server.test(.live) { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            _ = try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)
            let port = try #require(api.client.port)
            for (generation, python) in [("1.x", try await PythonTools.python()), ("0.32", try await PythonTools.python032())] {
                let run = try await PythonTools.run(python, ["Tests/Compatibility/read_grants.py", "http://127.0.0.1:\(port)", api.token, catalog.flag])
                #expect(run.status == 0, "\(generation): \(run.output.suffix(3000))")
                let read = run.output.split(separator: "\n").last.flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? .null
                #expect(read["granted"] == ["100 calls", "Pro features"], "\(generation)")
                #expect(read["revoked"] == 0, "\(generation)")
                #expect(read["of_benefit"] == [["ada@example.com", true]], "\(generation)")
            }
        }
    }
}
