import Foundation
import PolarModels
import Testing

@Suite("POST /v1/events/ingest and the customer's meters in its state")
struct EventIngestTests {
    /// Creates a meter on `api_call` events with the given aggregation; returns its id.
    static func meter(_ api: APIClient, name: String, aggregation: String, extraClause: String = "") async throws -> String {
        let clauses = #"{"property":"name","operator":"eq","value":"api_call"}"# + extraClause
        let response = try await api.request(
            .post, "/v1/meters/",
            json: #"{"name":"\#(name)","filter":{"conjunction":"and","clauses":[\#(clauses)]},"aggregation":\#(aggregation)}"#)
        #expect(response.status == .created)
        return try #require(response.json["id"]?.stringValue)
    }

    @Test("every aggregation over a customer's events, duplicates skipped, by id and external id")
    func aggregations() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let customer = try await api.createCustomer(#"{"email":"u@example.com","external_id":"u-1"}"#)
            let id = try #require(customer["id"]?.stringValue)
            #expect(customer["first_user_event_at"] == .null)
            let count = try await Self.meter(api, name: "calls", aggregation: #"{"func":"count"}"#)
            let sum = try await Self.meter(api, name: "tokens", aggregation: #"{"func":"sum","property":"tokens"}"#)
            let max = try await Self.meter(api, name: "peak", aggregation: #"{"func":"max","property":"metadata.tokens"}"#)
            let min = try await Self.meter(api, name: "least", aggregation: #"{"func":"min","property":"tokens"}"#)
            let avg = try await Self.meter(api, name: "mean", aggregation: #"{"func":"avg","property":"tokens"}"#)
            let unique = try await Self.meter(api, name: "models", aggregation: #"{"func":"unique","property":"model"}"#)
            let paid = try await Self.meter(
                api, name: "paid calls", aggregation: #"{"func":"count"}"#,
                extraClause: #",{"property":"tier","operator":"like","value":"ai"}"#)

            let ingest = try await api.request(
                .post, "/v1/events/ingest",
                json: #"""
                {"events":[
                 {"name":"api_call","customer_id":"\#(id)","external_id":"e1","timestamp":"2026-01-02T03:04:05Z","metadata":{"tokens":10,"model":"a","tier":"paid"}},
                 {"name":"api_call","external_customer_id":"u-1","external_id":"e2","metadata":{"tokens":2.5,"model":"b"}},
                 {"name":"api_call","customer_id":"\#(id)","metadata":{"tokens":"many","model":"a"}},
                 {"name":"api_call","customer_id":"\#(id)","external_id":"e1","metadata":{"tokens":1000}},
                 {"name":"other","customer_id":"\#(id)","metadata":{"tokens":1000}}
                ]}
                """#)
            #expect(ingest.status == .ok)
            #expect(ingest.json == .object(["inserted": 4, "duplicates": 1]))

            let state = try await api.request(.get, "/v1/customers/\(id)/state").json
            #expect(state["first_user_event_at"] == "2026-01-02T03:04:05Z")
            let meters = try #require(state["active_meters"]?.arrayValue)
            #expect(meters.count == 7)
            var consumed: [String: JSONValue] = [:]
            for meter in meters {
                #expect(meter.keys == ["id", "created_at", "modified_at", "meter_id", "consumed_units", "credited_units", "balance"])
                #expect(meter["credited_units"] == 0)
                consumed[meter["meter_id"]!.stringValue!] = meter["consumed_units"]
                if case .number(let units)? = meter["consumed_units"] { #expect(meter["balance"] == .number(-units)) }
            }
            #expect(consumed[count] == .number(3))
            #expect(consumed[sum] == .number(12.5))
            #expect(consumed[max] == .number(10))
            #expect(consumed[min] == .number(2.5))
            #expect(consumed[avg] == .number(6.25))
            #expect(consumed[unique] == .number(2))
            #expect(consumed[paid] == .number(1))
            #expect(try await api.request(.get, "/v1/customers/external/u-1/state").json["active_meters"] == state["active_meters"])
            // A meter made later counts the events already there.
            let later = try await Self.meter(api, name: "later", aggregation: #"{"func":"count"}"#)
            let after = try await api.request(.get, "/v1/customers/\(id)/state").json["active_meters"]?.arrayValue ?? []
            #expect(after.first { $0["meter_id"]?.stringValue == later }?["consumed_units"] == .number(3))
            #expect(try await api.request(.get, "/v1/customers/\(id)").json["first_user_event_at"] == "2026-01-02T03:04:05Z")
        }
    }

    @Test("an unknown or foreign customer_id fails the whole batch with Polar's 422; a future timestamp too")
    func errors() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let customer = try await api.createCustomer(#"{"email":"v@example.com"}"#)
            let id = try #require(customer["id"]?.stringValue)
            _ = try await Self.meter(api, name: "calls", aggregation: #"{"func":"count"}"#)
            let other = try await server.otherOrganization()
            let foreign = try await api.request(
                .post, "/v1/events/ingest", json: #"{"events":[{"name":"api_call","customer_id":"\#(id)"}]}"#, token: other.token)
            #expect(foreign.status == .unprocessableContent)
            #expect(
                foreign.json
                    == .object([
                        "error": "PolarRequestValidationError",
                        "detail": [.object(["type": "customer_id", "loc": ["body", "events", 0, "customer_id"], "msg": "Customer not found.", "input": .string(id)])],
                    ]))
            let unknown = UUID().uuidString.lowercased()
            let mixed = try await api.request(
                .post, "/v1/events/ingest",
                json: #"{"events":[{"name":"api_call","customer_id":"\#(id)"},{"name":"api_call","customer_id":"\#(unknown)"}]}"#)
            #expect(mixed.json["detail"]?.arrayValue.first?["loc"] == ["body", "events", 1, "customer_id"])
            let future = try await api.request(
                .post, "/v1/events/ingest",
                json: #"{"events":[{"name":"api_call","customer_id":"\#(id)","timestamp":"2999-01-01T00:00:00Z"}]}"#)
            #expect(future.json["detail"]?.arrayValue.first?["msg"] == "Value error, Timestamp must be in the past.")
            #expect(future.json["detail"]?.arrayValue.first?["loc"] == ["body", "events", 0, "EventCreateCustomer", "timestamp"])
            let neither = try await api.request(.post, "/v1/events/ingest", json: #"{"events":[{"name":"api_call"}]}"#)
            #expect(
                neither.json["detail"]?.arrayValue.map { $0["loc"] ?? .null }
                    == [["body", "events", 0, "EventCreateCustomer", "customer_id"], ["body", "events", 0, "EventCreateExternalCustomer", "external_customer_id"]])
            let refused = try await api.request(
                .post, "/v1/events/ingest",
                json: #"{"events":[{"name":"a","customer_id":"\#(id)","organization_id":"\#(server.organizationID.lowercased)"},{"name":"b","customer_id":"\#(unknown)","organization_id":"\#(server.organizationID.lowercased)"},{"name":"c","customer_id":"\#(id)","member_id":"\#(unknown)"}]}"#)
            #expect(
                refused.json["detail"]?.arrayValue.map { [$0["loc"] ?? .null, $0["type"] ?? .null] }
                    == [
                        [["body", "events", 0, "organization_id"], "organization_token"], [["body", "events", 1, "organization_id"], "organization_token"],
                        [["body", "events", 2, "member_id"], "member_id"],
                    ])
            #expect(refused.json["detail"]?[2]?["msg"] == "Member not found.")
            let times = try await api.request(
                .post, "/v1/events/ingest",
                json: #"{"events":[{"name":"a","customer_id":"\#(id)","timestamp":"2026-01-02T03:04:05"},{"name":"a","customer_id":"\#(id)","timestamp":"yesterday"},{"name":"a","customer_id":"\#(id)","timestamp":true}]}"#)
            #expect(
                times.json["detail"]?.arrayValue.filter { $0["loc"]?[4] == "timestamp" }.compactMap { $0["type"]?.stringValue }
                    == ["timezone_aware", "timezone_aware", "datetime_from_date_parsing", "datetime_from_date_parsing", "datetime_type", "datetime_type"])
            let malformed = try await api.request(.post, "/v1/events/ingest", json: #"{"events":[{"name":"api_call","customer_id":"nope"}]}"#)
            #expect(
                malformed.json["detail"]?.arrayValue.map { $0["loc"] ?? .null }
                    == [["body", "events", 0, "EventCreateCustomer", "customer_id"], ["body", "events", 0, "EventCreateExternalCustomer", "external_customer_id"]])
            let state = try await api.request(.get, "/v1/customers/\(id)/state").json
            #expect(state["active_meters"] == [])
            #expect(state["first_user_event_at"] == .null)
            // Event metadata takes any number of keys of any length; `_llm` and `_cost` are typed.
            let manyKeys = (0..<60).map { #""k\#($0)":\#($0)"# }.joined(separator: ",") + #","\#(String(repeating: "k", count: 50))":1"#
            #expect(
                try await api.request(
                    .post, "/v1/events/ingest",
                    json: #"{"events":[{"name":"x","customer_id":"\#(id)","metadata":{\#(manyKeys),"_cost":{"amount":"0.000001","currency":"usd"}}}]}"#
                ).status == .ok)
            let typed = try await api.request(
                .post, "/v1/events/ingest",
                json: #"{"events":[{"name":"x","customer_id":"\#(id)","metadata":{"_llm":{"vendor":"v"},"_cost":"free","a":""}}]}"#)
            let typedErrors: [String] = typed.json["detail"]?.arrayValue.map { error in
                let path = (error["loc"]?.arrayValue ?? []).dropFirst(5).compactMap(\.stringValue).joined(separator: ".")
                return path + " " + (error["type"]?.stringValue ?? "")
            } ?? []
            #expect(
                typedErrors.prefix(7) == [
                    "_llm.model missing", "_llm.input_tokens missing", "_llm.output_tokens missing", "_llm.total_tokens missing",
                    "_cost dict_type", "a.constrained-str string_too_short", "a.int int_parsing",
                ])
            let noScope = try await api.request(
                .post, "/v1/events/ingest", json: #"{"events":[]}"#, token: server.readToken)
            #expect(noScope.status == .forbidden)
        }
    }

    @Test("events sent for an external id before its customer existed count once a customer takes that id")
    func pendingExternalCustomer() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            _ = try await Self.meter(api, name: "calls", aggregation: #"{"func":"count"}"#)
            let early = #"{"events":[{"name":"api_call","external_customer_id":"early","timestamp":"2026-01-02T03:04:05Z"},{"name":"api_call","external_customer_id":"early"},{"name":"api_call","external_customer_id":"patched"}]}"#
            #expect(try await api.request(.post, "/v1/events/ingest", json: early).json == .object(["inserted": 3, "duplicates": 0]))

            let created = try await api.createCustomer(#"{"email":"early@example.com","external_id":"early"}"#)
            let state = try await api.request(.get, "/v1/customers/external/early/state").json
            #expect(state["active_meters"]?[0]?["consumed_units"] == .number(2))
            #expect(state["first_user_event_at"] == "2026-01-02T03:04:05Z")
            #expect(created["first_user_event_at"] == .null)

            let later = try await api.createCustomer(#"{"email":"later@example.com"}"#)
            let id = try #require(later["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/customers/\(id)/state").json["active_meters"]?[0]?["consumed_units"] == .number(0))
            #expect(try await api.request(.patch, "/v1/customers/\(id)", json: #"{"external_id":"patched"}"#).status == .ok)
            #expect(try await api.request(.get, "/v1/customers/\(id)/state").json["active_meters"]?[0]?["consumed_units"] == .number(1))
            // Counted once: a later event adds to the same total.
            #expect(try await api.request(.post, "/v1/events/ingest", json: #"{"events":[{"name":"api_call","external_customer_id":"patched"}]}"#).status == .ok)
            #expect(try await api.request(.get, "/v1/customers/\(id)/state").json["active_meters"]?[0]?["consumed_units"] == .number(2))
        }
    }

    @Test("filters and aggregations read dotted metadata paths, compare numbers as floats, LIKE literally, seconds rounded")
    func semantics() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let customer = try await api.createCustomer(#"{"email":"s@example.com"}"#)
            let id = try #require(customer["id"]?.stringValue)
            let tokens = try await Self.meter(api, name: "llm tokens", aggregation: #"{"func":"sum","property":"_llm.total_tokens"}"#)
            let big = try await Self.meter(
                api, name: "big", aggregation: #"{"func":"count"}"#, extraClause: #",{"property":"size","operator":"gt","value":1}"#)
            let literal = try await Self.meter(
                api, name: "literal", aggregation: #"{"func":"count"}"#, extraClause: #",{"property":"path","operator":"like","value":"a_b"}"#)
            let nested = try await Self.meter(
                api, name: "nested", aggregation: #"{"func":"count"}"#,
                extraClause: #",{"property":"metadata._llm.model","operator":"eq","value":"m"}"#)
            let rounded = try await Self.meter(
                api, name: "rounded", aggregation: #"{"func":"count"}"#,
                extraClause: #",{"property":"timestamp","operator":"eq","value":1767323046}"#)
            let ingest = try await api.request(
                .post, "/v1/events/ingest",
                json: #"""
                {"events":[
                 {"name":"api_call","customer_id":"\#(id)","timestamp":"2026-01-02T03:04:05.600Z","metadata":{"_llm":{"vendor":"v","model":"m","input_tokens":3,"output_tokens":4,"total_tokens":7},"size":1.4,"path":"a_b"}},
                 {"name":"api_call","customer_id":"\#(id)","timestamp":"2026-01-02T03:04:05.400Z","metadata":{"size":1,"path":"axb"}},
                 {"name":"api_call","customer_id":"\#(id)","external_customer_id":"ghost","metadata":{"size":2}},
                 {"name":"api_call","customer_id":"\#(id)","timestamp":1767323046},
                 {"name":"api_call","customer_id":"\#(id)","timestamp":"2026-01-02T03:04Z"}
                ]}
                """#)
            // With both keys, the union's first member (by customer_id) is the one.
            #expect(ingest.json == .object(["inserted": 5, "duplicates": 0]))
            let meters = try #require(try await api.request(.get, "/v1/customers/\(id)/state").json["active_meters"]?.arrayValue)
            let consumed = Dictionary(uniqueKeysWithValues: meters.map { ($0["meter_id"]?.stringValue ?? "", $0["consumed_units"] ?? .null) })
            #expect(consumed[tokens] == .number(7))
            #expect(consumed[big] == .number(2))
            #expect(consumed[literal] == .number(1))
            #expect(consumed[nested] == .number(1))
            // 05.600 rounds up to …046 and 05.400 down to …045, as PostgreSQL casts the epoch; a
            // Unix time counts as sent.
            #expect(consumed[rounded] == .number(2))
        }
    }

    @Test("an event opens every live meter for its customer, at zero where nothing matches, in the meters' order")
    func zeroMeters() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let calls = try await Self.meter(api, name: "calls", aggregation: #"{"func":"count"}"#)
            let storage = try await api.request(
                .post, "/v1/meters/",
                json: #"{"name":"storage","filter":{"conjunction":"and","clauses":[{"property":"name","operator":"eq","value":"upload"}]},"aggregation":{"func":"sum","property":"bytes"}}"#)
            let storageID = try #require(storage.json["id"]?.stringValue)
            // A new customer already has both, as Polar's customer.created event opens them.
            let customer = try await api.createCustomer(#"{"email":"z@example.com"}"#)
            let id = try #require(customer["id"]?.stringValue)
            let fresh = try #require(try await api.request(.get, "/v1/customers/\(id)/state").json["active_meters"]?.arrayValue)
            #expect(fresh.map { $0["meter_id"] ?? .null } == [.string(calls), .string(storageID)])
            #expect(fresh.allSatisfy { $0["consumed_units"] == .number(0) && $0["credited_units"] == 0 && $0["balance"] == .number(0) })

            let later = try await Self.meter(api, name: "later", aggregation: #"{"func":"count"}"#)
            #expect(try await api.request(.get, "/v1/customers/\(id)/state").json["active_meters"]?.arrayValue.count == 2)
            #expect(
                try await api.request(.post, "/v1/events/ingest", json: #"{"events":[{"name":"other","customer_id":"\#(id)"}]}"#).status == .ok)
            let meters = try #require(try await api.request(.get, "/v1/customers/\(id)/state").json["active_meters"]?.arrayValue)
            #expect(meters.map { $0["meter_id"] ?? .null } == [.string(calls), .string(storageID), .string(later)])
            #expect(meters.allSatisfy { $0["consumed_units"] == .number(0) })
        }
    }

    @Test("state of a customer with 100,000 events is read from running totals, not by scanning events")
    func stateStaysFast() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let customer = try await api.createCustomer(#"{"email":"big@example.com"}"#)
            let id = try #require(customer["id"]?.stringValue)
            _ = try await Self.meter(api, name: "tokens", aggregation: #"{"func":"sum","property":"tokens"}"#)
            let batch = (0..<1000).map { #"{"name":"api_call","customer_id":"\#(id)","metadata":{"tokens":\#($0 % 7)}}"# }
            let body = #"{"events":["# + batch.joined(separator: ",") + "]}"
            for _ in 0..<100 { #expect(try await api.request(.post, "/v1/events/ingest", json: body).status == .ok) }
            // The best of three, so a moment's stall of a loaded machine is not what is measured.
            var elapsed = Duration.seconds(60)
            var state = JSONValue.null
            for _ in 0..<3 {
                let start = ContinuousClock.now
                state = try await api.request(.get, "/v1/customers/\(id)/state").json
                elapsed = min(elapsed, ContinuousClock.now - start)
            }
            let expected = Double((0..<1000).reduce(0) { $0 + $1 % 7 } * 100)
            #expect(state["active_meters"]?.arrayValue.first?["consumed_units"] == .number(expected))
            #expect(elapsed < .milliseconds(250), "state took \(elapsed)")
        }
    }
}
