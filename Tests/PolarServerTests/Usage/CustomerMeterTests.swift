import Foundation
import PolarModels
import Testing

@Suite("Customer meters: /v1/customer-meters/ and the portal's /v1/customer-portal/meters/")
struct CustomerMeterTests {
    /// Ada subscribes to the catalogue (100 credited calls) and makes 30 calls; Bob (external id
    /// `bob`) has no subscription and makes 5 calls and 7 tokens on a second meter.
    static func usage(_ api: APIClient) async throws -> (catalog: SubscriptionTests.Catalog, tokens: String, ada: String, bob: String) {
        let catalog = try await SubscriptionTests.catalog(api)
        let tokens = try await EventIngestTests.meter(api, name: "Tokens", aggregation: #"{"func":"sum","property":"tokens"}"#)
        let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com","name":"Ada"}"#)["id"]?.stringValue)
        let bob = try #require(
            try await api.createCustomer(#"{"email":"bob@example.com","name":"Bob","external_id":"bob"}"#)["id"]?.stringValue)
        _ = try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)
        try await SubscriptionTests.ingest(api, customer: ada, count: 30)
        let bobs = (0..<5).map { _ in #"{"name":"api_call","external_customer_id":"bob","metadata":{"tokens":1.4}}"# }
        #expect(try await api.request(.post, "/v1/events/ingest", json: #"{"events":[\#(bobs.joined(separator: ","))]}"#).status == .ok)
        return (catalog, tokens, ada, bob)
    }

    @Test("list and get: Polar's CustomerMeter with its customer and meter, every filter and sort, scoped to the organization")
    func organizationAPI() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (catalog, tokens, ada, bob) = try await Self.usage(api)
            let list = try await api.request(.get, "/v1/customer-meters/?limit=100")
            #expect(list.status == .ok, "\(list.text)")
            let items = try #require(list.json["items"]?.arrayValue)
            // Each customer has a row on each meter.
            #expect(items.count == 4)
            #expect(list.json["pagination"] == .object(["total_count": 4, "max_page": 1]))
            let adaCalls = try #require(items.first { $0["customer_id"] == .string(ada) && $0["meter_id"] == .string(catalog.meter) })
            #expect(
                adaCalls.keys == [
                    "id", "created_at", "modified_at", "customer_id", "meter_id", "consumed_units", "credited_units", "balance",
                    "customer", "meter",
                ])
            #expect(adaCalls["consumed_units"] == .number(30))
            #expect(adaCalls["credited_units"] == 100)
            #expect(adaCalls["balance"] == .number(70))
            #expect(adaCalls["customer"]?["email"] == "ada@example.com")
            #expect(adaCalls["customer"] == (try await api.request(.get, "/v1/customers/\(ada)").json))
            #expect(adaCalls["meter"] == (try await api.request(.get, "/v1/meters/\(catalog.meter)").json))
            let bobTokens = try #require(items.first { $0["customer_id"] == .string(bob) && $0["meter_id"] == .string(tokens) })
            guard case .number(let consumed)? = bobTokens["consumed_units"], case .number(let balance)? = bobTokens["balance"] else {
                Issue.record("units are not numbers: \(bobTokens)")
                return
            }
            #expect(abs(consumed - 7) < 1e-9 && abs(balance + 7) < 1e-9)
            // The same row in the customer's state.
            let state = try await api.request(.get, "/v1/customers/\(ada)/state").json
            let stateMeter = try #require(state["active_meters"]?.arrayValue.first { $0["meter_id"] == .string(catalog.meter) })
            #expect(stateMeter["id"] == adaCalls["id"])

            let id = try #require(adaCalls["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/customer-meters/\(id)").json == adaCalls)

            func ids(_ query: String) async throws -> [String] {
                let response = try await api.request(.get, "/v1/customer-meters/?\(query)")
                #expect(response.status == .ok, "\(query): \(response.text)")
                return response.json["items"]?.arrayValue.compactMap { "\($0["customer_id"]?.stringValue == ada ? "ada" : "bob")/\($0["meter"]?["name"]?.stringValue ?? "")" } ?? []
            }
            #expect(try await ids("customer_id=\(bob)&sorting=meter_name") == ["bob/API calls", "bob/Tokens"])
            #expect(try await ids("external_customer_id=bob&sorting=-meter_name") == ["bob/Tokens", "bob/API calls"])
            #expect(try await ids("meter_id=\(catalog.meter)&sorting=consumed_units") == ["bob/API calls", "ada/API calls"])
            #expect(try await ids("sorting=-balance") == ["ada/API calls", "ada/Tokens", "bob/API calls", "bob/Tokens"])
            #expect(try await ids("sorting=balance&limit=1&page=2") == ["bob/API calls"])
            #expect(try await ids("sorting=-credited_units&sorting=customer_name&meter_id=\(tokens)") == ["ada/Tokens", "bob/Tokens"])
            #expect(try await ids("organization_id=\(server.organizationID.lowercased)&customer_id=\(ada)&meter_id=\(tokens)") == ["ada/Tokens"])
            // Most recently changed first by default: Bob's calls came last.
            #expect(try await ids("limit=1").first?.hasPrefix("bob/") == true)

            let bad = try await api.request(.get, "/v1/customer-meters/?sorting=name&customer_id=nope")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.json["detail"]?.arrayValue.compactMap { $0["loc"] } == [["query", "sorting", 0], ["query", "customer_id", 0]])

            let other = try await server.otherOrganization()
            #expect(try await api.request(.get, "/v1/customer-meters/\(id)", token: other.token).json
                == .object(["error": "ResourceNotFound", "detail": "Not found"]))
            #expect(try await api.request(.get, "/v1/customer-meters/", token: other.token).json["items"] == [])
            #expect(try await api.request(.get, "/v1/customer-meters/?organization_id=\(other.id.lowercased)").json["items"] == [])
            #expect(try await api.request(.get, "/v1/customer-meters/", token: server.readToken).status == .forbidden)
        }
    }

    @Test("the portal lists the customer's own meters of active subscriptions and meter credits, as CustomerCustomerMeter")
    func portal() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (catalog, _, ada, bob) = try await Self.usage(api)
            func token(_ customer: String) async throws -> String {
                let session = try await api.request(.post, "/v1/customer-sessions/", json: #"{"customer_id":"\#(customer)"}"#)
                return try #require(session.json["token"]?.stringValue)
            }
            let adaToken = try await token(ada)
            let list = try await api.request(.get, "/v1/customer-portal/meters/", token: adaToken)
            #expect(list.status == .ok, "\(list.text)")
            // Only the subscribed meter, not Tokens.
            let item = try #require(list.json["items"]?.arrayValue.first)
            #expect(list.json["pagination"] == .object(["total_count": 1, "max_page": 1]))
            #expect(
                item.keys == ["id", "created_at", "modified_at", "customer_id", "meter_id", "consumed_units", "credited_units", "balance", "meter"])
            #expect(item["meter"]?.keys == ["id", "created_at", "modified_at", "name"])
            #expect(item["meter"]?["name"] == "API calls")
            #expect(item["consumed_units"] == .number(30))
            #expect(item["balance"] == .number(70))
            let id = try #require(item["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/customer-portal/meters/\(id)", token: adaToken).json == item)
            #expect(try await api.request(.get, "/v1/customer-portal/meters/?query=calls", token: adaToken).json["items"] == [item])
            #expect(try await api.request(.get, "/v1/customer-portal/meters/?query=tok", token: adaToken).json["items"] == [])
            #expect(
                try await api.request(.get, "/v1/customer-portal/meters/?meter_id=\(catalog.meter)&sorting=-balance", token: adaToken)
                    .json["items"] == [item])
            let badSort = try await api.request(.get, "/v1/customer-portal/meters/?sorting=customer_name", token: adaToken)
            #expect(badSort.status == .unprocessableContent)

            // Bob holds no subscription nor credit: nothing, and Ada's row is not his to read.
            let bobToken = try await token(bob)
            #expect(try await api.request(.get, "/v1/customer-portal/meters/", token: bobToken).json["items"] == [])
            #expect(try await api.request(.get, "/v1/customer-portal/meters/\(id)", token: bobToken).status == .notFound)
            // An organization token is not a customer.
            #expect(try await api.request(.get, "/v1/customer-portal/meters/").status == .unauthorized)
        }
    }
}

extension CustomerMeterTests {
    @Test("polar-sdk 1.x and 0.32 read customer meters, the organization's and the portal's, into their own types")
    func polarSDKs() async throws {
        let server = try await TestServer.make()
        try await server.test(.live) { api in
            let (_, _, ada, _) = try await Self.usage(api)
            let session = try await api.request(.post, "/v1/customer-sessions/", json: #"{"customer_id":"\#(ada)"}"#)
            let sessionToken = try #require(session.json["token"]?.stringValue)
            let port = try #require(api.client.port)
            for (generation, python) in [("1.x", try await PythonTools.python()), ("0.32", try await PythonTools.python032())] {
                let run = try await PythonTools.run(
                    python, ["Tests/Compatibility/read_customer_meters.py", "http://127.0.0.1:\(port)", api.token, sessionToken, ada])
                #expect(run.status == 0, "\(generation): \(run.output.suffix(3000))")
                let read = run.output.split(separator: "\n").last.flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? .null
                #expect(read["listed"] == [["API calls", .number(30), 100, .number(70)], ["Tokens", .number(0), 0, .number(0)]], "\(generation)")
                #expect(read["customer"] == "ada@example.com", "\(generation)")
                #expect(read["meter"] == "API calls", "\(generation)")
                #expect(read["portal"] == [["API calls", .number(30), 100, .number(70)]], "\(generation)")
                #expect(read["portal_get"] == true, "\(generation)")
            }
        }
    }
}
