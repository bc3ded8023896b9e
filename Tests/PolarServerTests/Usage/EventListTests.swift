import Foundation
import PolarModels
import Testing

@Suite("Events: GET /v1/events/ and /v1/events/{id}")
struct EventListTests {
    /// Ada (no external ID) and Bob (external ID `bob`), and four events a day apart from
    /// 2026-01-01: Ada's call, Bob's call sent by external ID, Ada's search, Bob's call sent by ID.
    static func history(_ api: APIClient) async throws -> (ada: String, bob: String, events: [String]) {
        let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com","name":"Ada Lovelace"}"#)["id"]?.stringValue)
        let bob = try #require(
            try await api.createCustomer(#"{"email":"bob@example.com","name":"Bob","external_id":"bob"}"#)["id"]?.stringValue)
        let ingest = try await api.request(
            .post, "/v1/events/ingest",
            json: #"""
            {"events":[
             {"name":"api_call","customer_id":"\#(ada)","timestamp":"2026-01-01T00:00:00Z","metadata":{"tokens":10,"model":"gpt","_cost":{"amount":0.25,"currency":"usd"}}},
             {"name":"api_call","external_customer_id":"bob","timestamp":"2026-01-02T00:00:00Z","metadata":{"tokens":"many"}},
             {"name":"search","customer_id":"\#(ada)","timestamp":"2026-01-03T00:00:00Z","metadata":{"phrase":"Hello World"}},
             {"name":"api_call","customer_id":"\#(bob)","timestamp":"2026-01-04T00:00:00Z","metadata":{"tokens":2}}
            ]}
            """#)
        #expect(ingest.status == .ok, "\(ingest.text)")
        let listed = try await api.request(.get, "/v1/events/?sorting=timestamp&source=user").json["items"]?.arrayValue ?? []
        return (ada, bob, listed.compactMap { $0["id"]?.stringValue })
    }

    @Test("a cost's amount reads back as Polar's Decimal text, whatever number was sent")
    func costAmounts() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            let amounts = [("0.0", "0.0"), ("5", "5"), (#""1.50""#, "1.50"), ("1e-07", "1E-7"), ("12.25", "12.25")]
            for (index, (sent, _)) in amounts.enumerated() {
                let ingest = try await api.request(
                    .post, "/v1/events/ingest",
                    json: #"{"events":[{"name":"cost\#(index)","customer_id":"\#(ada)","metadata":{"_cost":{"amount":\#(sent),"currency":"usd"},"n":1.5}}]}"#)
                #expect(ingest.status == .ok, "\(ingest.text)")
            }
            let items = try await api.request(.get, "/v1/events/?source=user&sorting=timestamp&limit=10").json["items"]?.arrayValue ?? []
            #expect(items.map { $0["metadata"]?["_cost"]?["amount"] ?? .null } == amounts.map { .string($0.1) })
            #expect(items.first?["metadata"] == .object(["_cost": .object(["amount": "0.0", "currency": "usd"]), "n": .number(1.5)]))
        }
    }

    @Test("list and get: Polar's Event with its customer, every filter and sort, scoped to the organization")
    func listAndGet() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (ada, bob, events) = try await Self.history(api)
            try #require(events.count == 4)
            // Polar's own events (each customer's `customer.created`) are the system's; these are the user's.
            let list = try await api.request(.get, "/v1/events/?source=user")
            #expect(list.status == .ok, "\(list.text)")
            let items = try #require(list.json["items"]?.arrayValue)
            #expect(list.json["pagination"] == .object(["total_count": 4, "max_page": 1]))
            // Newest first.
            #expect(items.compactMap { $0["id"]?.stringValue } == events.reversed())
            let bobsByExternalID = items[2]
            #expect(
                bobsByExternalID.keys == [
                    "id", "timestamp", "organization_id", "customer_id", "customer", "external_customer_id", "member_id",
                    "external_member_id", "child_count", "parent_id", "label", "name", "source", "metadata",
                ])
            #expect(bobsByExternalID["timestamp"] == "2026-01-02T00:00:00Z")
            #expect(bobsByExternalID["organization_id"] == .string(server.organizationID.lowercased))
            // Sent by external ID: no customer_id on the wire, but its customer all the same.
            #expect(bobsByExternalID["customer_id"] == .null)
            #expect(bobsByExternalID["external_customer_id"] == "bob")
            #expect(bobsByExternalID["customer"] == (try await api.request(.get, "/v1/customers/\(bob)").json))
            #expect(bobsByExternalID["label"] == "api_call")
            #expect(bobsByExternalID["source"] == "user")
            #expect(bobsByExternalID["child_count"] == 0)
            #expect(bobsByExternalID["member_id"] == .null)
            #expect(bobsByExternalID["parent_id"] == .null)
            #expect(bobsByExternalID["metadata"] == .object(["tokens": "many"]))
            #expect(items[3]["customer_id"] == .string(ada))
            #expect(items[3]["external_customer_id"] == .null)
            #expect(items[3]["customer"]?["email"] == "ada@example.com")

            let get = try await api.request(.get, "/v1/events/\(events[1])")
            #expect(get.status == .ok)
            #expect(get.json == bobsByExternalID)

            func listed(_ query: String) async throws -> [Int] {
                let response = try await api.request(.get, "/v1/events/?\(query.contains("source=") ? "" : "source=user&")\(query)")
                #expect(response.status == .ok, "\(query): \(response.text)")
                return response.json["items"]?.arrayValue.compactMap { item in item["id"]?.stringValue.flatMap { events.firstIndex(of: $0) } } ?? []
            }
            #expect(try await listed("sorting=timestamp") == [0, 1, 2, 3])
            #expect(try await listed("sorting=timestamp&limit=1&page=2") == [1])
            // Both bounds are strict.
            #expect(try await listed("start_timestamp=2026-01-01T00:00:00Z&end_timestamp=2026-01-04T00:00:00%2B00:00") == [2, 1])
            // A customer ID finds the events sent by its external ID, and the other way round.
            #expect(try await listed("customer_id=\(bob)") == [3, 1])
            #expect(try await listed("external_customer_id=bob") == [3, 1])
            #expect(try await listed("customer_id=\(ada)&external_customer_id=bob") == [3, 2, 1, 0])
            #expect(try await listed("name=search") == [2])
            #expect(try await listed("name=search&name=api_call&sorting=timestamp") == [0, 1, 2, 3])
            #expect(try await listed("source=user&metadata[model]=gpt") == [0])
            #expect(try await listed("source=system") == [])  // none of the four
            #expect(try await listed("depth=0&customer_id=\(ada)") == [2, 0])
            #expect(try await listed("parent_id=\(events[0])") == [])
            let clause = #"{"conjunction":"and","clauses":[{"property":"name","operator":"eq","value":"search"}]}"#
            #expect(try await listed("filter=\(clause.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)") == [2])
            // A meter's filter, and only events with a number to sum: not Bob's "many" tokens.
            let tokens = try await EventIngestTests.meter(api, name: "Tokens", aggregation: #"{"func":"sum","property":"tokens"}"#)
            #expect(try await listed("meter_id=\(tokens)") == [3, 0])
            let calls = try await EventIngestTests.meter(api, name: "Calls", aggregation: #"{"func":"count"}"#)
            #expect(try await listed("meter_id=\(calls)&sorting=timestamp") == [0, 1, 3])
            let organization = "organization_id=\(server.organizationID.lowercased)"
            // `query` reads names, metadata and the customer's names and email, ignoring case.
            #expect(try await listed("\(organization)&query=hello") == [2])
            #expect(try await listed("\(organization)&query=LOVELACE") == [2, 0])
            #expect(try await listed("\(organization)&query=bob@example") == [3, 1])
            #expect(try await listed("\(organization)&query=SEARCH") == [2])

            let other = try await server.otherOrganization()
            #expect(try await api.request(.get, "/v1/events/\(events[0])", token: other.token).json
                == .object(["error": "ResourceNotFound", "detail": "Not found"]))
            #expect(try await api.request(.get, "/v1/events/\(UUID().uuidString)").status == .notFound)
            #expect(try await api.request(.get, "/v1/events/", token: other.token).json["items"] == [])
            #expect(try await api.request(.get, "/v1/events/?organization_id=\(other.id.lowercased)").json["items"] == [])
            #expect(try await api.request(.get, "/v1/events/", token: server.readToken).status == .forbidden)
        }
    }

    @Test("Polar's 422 bodies: the parameters first, then the filter JSON, then the meter and the query")
    func invalid() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            func detail(_ query: String) async throws -> [JSONValue] {
                let response = try await api.request(.get, "/v1/events/?\(query)")
                #expect(response.status == .unprocessableContent, "\(query): \(response.text)")
                return response.json["detail"]?.arrayValue ?? []
            }
            let parameters = try await detail("sorting=name&start_timestamp=2026-01-01T00:00:00&source=robot&depth=6&customer_id=x&filter=nope&query=ab")
            #expect(parameters.compactMap { $0["loc"] } == [
                ["query", "sorting", 0], ["query", "start_timestamp"], ["query", "customer_id", 0], ["query", "source", 0],
                ["query", "depth"],
            ])
            #expect(parameters.compactMap { $0["type"] } == ["enum", "timezone_aware", "uuid_parsing", "enum", "less_than_equal"])

            let json = try await detail("filter=nope&query=ab")
            #expect(json.count == 1)
            #expect(json.first?["type"] == "json_invalid")
            #expect(json.first?["loc"] == [])
            #expect(json.first?["msg"]?.stringValue?.hasPrefix("Invalid JSON: ") == true)

            let clause = try await detail("filter=%7B%22conjunction%22%3A%22xor%22%2C%22clauses%22%3A%5B%5D%7D")
            #expect(clause.first?["loc"] == ["conjunction"])

            #expect(try await detail("query=abc") == [
                .object([
                    "type": "value_error", "loc": ["query", "query"], "msg": "Query is only supported when organization_id is provided.",
                    "input": "abc",
                ])
            ])
            #expect(try await detail("query=ab&organization_id=\(server.organizationID.lowercased)") == [
                .object(["type": "query", "loc": ["query", "query"], "msg": "Query must be at least 3 characters.", "input": "ab"])
            ])
            let meter = UUID().uuidString.lowercased()
            #expect(try await detail("meter_id=\(meter)") == [
                .object(["type": "meter_id", "loc": ["query", "meter_id"], "msg": "Meter not found.", "input": .string(meter)])
            ])
            // Another organization's meter is not found either.
            let other = try await server.otherOrganization()
            let theirs = try await api.request(
                .post, "/v1/meters/", json: #"{"name":"Theirs","filter":{"conjunction":"and","clauses":[]},"aggregation":{"func":"count"}}"#,
                token: other.token)
            let theirID = try #require(theirs.json["id"]?.stringValue)
            #expect(try await detail("meter_id=\(theirID)").first?["msg"] == "Meter not found.")
        }
    }

    @Test("names: each name and source once, with its count and first and last time, filtered and sorted as Polar's")
    func names() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (ada, bob, _) = try await Self.history(api)
            let list = try await api.request(.get, "/v1/events/names?source=user")
            #expect(list.status == .ok, "\(list.text)")
            #expect(list.json["pagination"] == .object(["total_count": 2, "max_page": 1]))
            // Most recently seen first: Bob's last call came after Ada's search.
            #expect(
                list.json["items"] == [
                    .object([
                        "name": "api_call", "label": "api_call", "source": "user", "occurrences": 3, "first_seen": "2026-01-01T00:00:00Z",
                        "last_seen": "2026-01-04T00:00:00Z",
                    ]),
                    .object([
                        "name": "search", "label": "search", "source": "user", "occurrences": 1, "first_seen": "2026-01-03T00:00:00Z",
                        "last_seen": "2026-01-03T00:00:00Z",
                    ]),
                ])
            func names(_ query: String) async throws -> [String] {
                let response = try await api.request(.get, "/v1/events/names?\(query.contains("source=") ? "" : "source=user&")\(query)")
                #expect(response.status == .ok, "\(query): \(response.text)")
                return response.json["items"]?.arrayValue.map { item in
                    guard case .integer(let count)? = item["occurrences"] else { return "?" }
                    return "\(item["name"]?.stringValue ?? "")×\(count)"
                } ?? []
            }
            #expect(try await names("sorting=-name") == ["search×1", "api_call×3"])
            #expect(try await names("sorting=occurrences") == ["search×1", "api_call×3"])
            #expect(try await names("sorting=-first_seen&limit=1") == ["search×1"])
            #expect(try await names("sorting=last_seen&limit=1&page=2") == ["api_call×3"])
            #expect(try await names("customer_id=\(ada)") == ["search×1", "api_call×1"])
            #expect(try await names("external_customer_id=bob") == ["api_call×2"])
            #expect(try await names("customer_id=\(bob)") == ["api_call×2"])
            #expect(try await names("query=SEAR") == ["search×1"])
            #expect(try await names("source=system") == ["customer.created×2"])

            let catalog = try await SubscriptionTests.catalog(api)
            _ = try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)
            let system = try await api.request(.get, "/v1/events/names?source=system").json["items"]?.arrayValue ?? []
            #expect(system.first { $0["name"] == "meter.credited" }?["label"] == "Meter Credited")

            let bad = try await api.request(.get, "/v1/events/names?sorting=total&source=robot")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.json["detail"]?.arrayValue.compactMap { $0["loc"] } == [["query", "sorting", 0], ["query", "source", 0]])
            let other = try await server.otherOrganization()
            #expect(try await api.request(.get, "/v1/events/names?source=user", token: other.token).json["items"] == [])
            #expect(try await api.request(.get, "/v1/events/names?source=user&organization_id=\(other.id.lowercased)").json["items"] == [])
        }
    }

    @Test("the events Polar records itself come back as source system with Polar's labels")
    func systemEvents() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            _ = try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)
            let system = try await api.request(.get, "/v1/events/?source=system").json["items"]?.arrayValue ?? []
            let credited = try #require(system.first { $0["name"] == "meter.credited" })
            #expect(credited["label"] == "Meter Credited")
            #expect(credited["customer_id"] == .string(ada))
            #expect(credited.keys.suffix(4) == ["label", "source", "name", "metadata"])
            #expect(try await api.request(.get, "/v1/events/?source=user").json["items"] == [])
        }
    }
}

extension EventListTests {
    @Test("polar-sdk 1.x and 0.32 list events with filters, get one and list names into their own types")
    func polarSDKs() async throws {
        let server = try await TestServer.make()
        try await server.test(.live) { api in
            let (ada, _, _) = try await Self.history(api)
            // A subscription with a meter credit makes Polar's own `meter.credited` event.
            let catalog = try await SubscriptionTests.catalog(api)
            let subscribed = try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)
            // Then a customer update and a revocation: every kind of system event the SDKs type.
            #expect(try await api.request(.patch, "/v1/customers/\(ada)", json: #"{"name":"Ada L"}"#).status == .ok)
            let subscriptionID = try #require(subscribed["id"]?.stringValue)
            #expect(try await api.request(.delete, "/v1/subscriptions/\(subscriptionID)").status == .ok)
            let port = try #require(api.client.port)
            for (generation, python) in [("1.x", try await PythonTools.python()), ("0.32", try await PythonTools.python032())] {
                let run = try await PythonTools.run(python, ["Tests/Compatibility/read_events.py", "http://127.0.0.1:\(port)", api.token, ada])
                #expect(run.status == 0, "\(generation): \(run.output.suffix(3000))")
                let read = run.output.split(separator: "\n").last.flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? .null
                #expect(read["total"] == 4, "\(generation)")
                #expect(
                    read["listed"] == [
                        ["api_call", "user", "api_call", "ada@example.com"], ["api_call", "user", "api_call", "bob@example.com"],
                        ["search", "user", "search", "ada@example.com"], ["api_call", "user", "api_call", "bob@example.com"],
                    ], "\(generation)")
                #expect(
                    read["by_customer"] == [["api_call", "user", "api_call", "ada@example.com"], ["search", "user", "search", "ada@example.com"]],
                    "\(generation)")
                #expect(read["by_name"] == [["search", "user", "search", "ada@example.com"]], "\(generation)")
                // The customers' creation in order, then the rest (some recorded at one instant).
                let system = read["system"]?.arrayValue ?? []
                #expect(
                    system.prefix(2) == [
                        ["customer.created", "system", "Customer Created", "ada@example.com"],
                        ["customer.created", "system", "Customer Created", "bob@example.com"],
                    ], "\(generation)")
                #expect(
                    system.dropFirst(2).compactMap { $0.arrayValue.first?.stringValue }.sorted()
                        == [
                            "benefit.granted", "benefit.granted", "benefit.revoked", "benefit.revoked", "customer.updated", "meter.credited",
                            "meter.credited", "subscription.canceled", "subscription.created", "subscription.revoked",
                        ], "\(generation)")
                #expect(read["get"] == "api_call", "\(generation)")
                // A cost's amount is Polar's Decimal text, which both SDKs type as a string.
                #expect(read["cost"] == "0.25", "\(generation)")
                #expect(read["names"] == [["api_call", "user", 3], ["search", "user", 1]], "\(generation)")
            }
        }
    }
}
