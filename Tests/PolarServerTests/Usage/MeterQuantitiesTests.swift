import Foundation
import PolarModels
import Testing

@Suite("GET /v1/meters/{id}/quantities")
struct MeterQuantitiesTests {
    /// Ada's and Bob's calls over three days of January 2026 (UTC), with their token counts.
    static func usage(_ api: APIClient) async throws -> (ada: String, bob: String) {
        let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
        let bob = try #require(try await api.createCustomer(#"{"email":"bob@example.com","external_id":"bob"}"#)["id"]?.stringValue)
        let ingest = try await api.request(
            .post, "/v1/events/ingest",
            json: #"""
            {"events":[
             {"name":"api_call","customer_id":"\#(ada)","timestamp":"2026-01-01T10:00:00Z","metadata":{"tokens":10}},
             {"name":"api_call","customer_id":"\#(ada)","timestamp":"2026-01-01T23:30:00Z","metadata":{"tokens":30}},
             {"name":"api_call","customer_id":"\#(ada)","timestamp":"2026-01-02T05:00:00Z","metadata":{"tokens":5}},
             {"name":"api_call","external_customer_id":"bob","timestamp":"2026-01-02T06:00:00Z","metadata":{"tokens":20}},
             {"name":"api_call","customer_id":"\#(ada)","timestamp":"2026-01-03T12:00:00Z","metadata":{"tokens":"many"}}
            ]}
            """#)
        #expect(ingest.status == .ok, "\(ingest.text)")
        return (ada, bob)
    }

    @Test("buckets from the start, one interval apart, each the aggregate of its whole period in the time zone")
    func buckets() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (ada, bob) = try await Self.usage(api)
            let calls = try await EventIngestTests.meter(api, name: "Calls", aggregation: #"{"func":"count"}"#)
            func quantities(_ meter: String, _ query: String) async throws -> JSONValue {
                let response = try await api.request(.get, "/v1/meters/\(meter)/quantities?\(query)")
                #expect(response.status == .ok, "\(query): \(response.text)")
                return response.json
            }
            let days = "start_timestamp=2026-01-01T00:00:00Z&end_timestamp=2026-01-03T00:00:00Z&interval=day"
            let daily = try await quantities(calls, days)
            #expect(
                daily == .object([
                    "quantities": [
                        .object(["timestamp": "2026-01-01T00:00:00Z", "quantity": .number(2)]),
                        .object(["timestamp": "2026-01-02T00:00:00Z", "quantity": .number(2)]),
                        .object(["timestamp": "2026-01-03T00:00:00Z", "quantity": .number(1)]),
                    ],
                    "total": .number(5),
                ]))
            // New York's days run from 05:00 UTC: the first bucket is its December 31.
            let newYork = try await quantities(calls, days + "&timezone=America/New_York")
            #expect(newYork["quantities"]?.arrayValue.map { $0["quantity"] } == [.number(0), .number(2), .number(2)])
            #expect(newYork["total"] == .number(4))
            // A bucket counts its whole month, from before the start too.
            let month = try await quantities(calls, "start_timestamp=2026-01-15T00:00:00Z&end_timestamp=2026-01-20T00:00:00Z&interval=month")
            #expect(month["quantities"] == [.object(["timestamp": "2026-01-15T00:00:00Z", "quantity": .number(5)])])
            // Customers by ID or external ID; per-customer aggregation.
            #expect(try await quantities(calls, days + "&customer_id=\(ada)")["total"] == .number(4))
            #expect(try await quantities(calls, days + "&customer_id=\(bob)")["total"] == .number(1))
            #expect(try await quantities(calls, days + "&external_customer_id=bob")["total"] == .number(1))
            #expect(try await quantities(calls, days + "&customer_id=\(UUID().uuidString.lowercased())")["total"] == .number(0))
            let perCustomer = try await quantities(calls, days + "&customer_aggregation_function=count")
            #expect(perCustomer["quantities"]?.arrayValue.map { $0["quantity"] } == [.number(1), .number(2), .number(1)])

            // Sums count numbers only; max and min skip empty buckets; avg's total is all time.
            let tokens = try await EventIngestTests.meter(api, name: "Tokens", aggregation: #"{"func":"sum","property":"tokens"}"#)
            let summed = try await quantities(tokens, days)
            #expect(summed["quantities"]?.arrayValue.map { $0["quantity"] } == [.number(40), .number(25), .number(0)])
            #expect(summed["total"] == .number(65))
            let least = try await EventIngestTests.meter(api, name: "Least", aggregation: #"{"func":"min","property":"tokens"}"#)
            #expect(try await quantities(least, days)["total"] == .number(5))
            let average = try await EventIngestTests.meter(api, name: "Average", aggregation: #"{"func":"avg","property":"tokens"}"#)
            let averaged = try await quantities(average, "start_timestamp=2026-01-01T00:00:00Z&end_timestamp=2026-01-01T00:00:00Z&interval=day")
            #expect(averaged["quantities"]?.arrayValue.map { $0["quantity"] } == [.number(20)])
            #expect(averaged["total"] == .number(16.25))
        }
    }

    @Test("Polar's 422s, and 404s for unknown and other organizations' meters")
    func refusals() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let calls = try await EventIngestTests.meter(api, name: "Calls", aggregation: #"{"func":"count"}"#)
            let path = "/v1/meters/\(calls)/quantities"
            let missing = try await api.request(.get, path)
            #expect(missing.status == .unprocessableContent)
            #expect(
                missing.json["detail"]?.arrayValue.compactMap { $0["loc"] } == [
                    ["query", "start_timestamp"], ["query", "end_timestamp"], ["query", "interval"],
                ])
            let bad = try await api.request(
                .get, path + "?start_timestamp=2022-12-31T00:00:00Z&end_timestamp=2026-01-01T00:00:00&interval=minute&timezone=Mars/Base")
            #expect(bad.json["detail"]?.arrayValue.compactMap { $0["type"] } == ["greater_than_equal", "timezone_aware", "enum", "TimeZoneName"])
            #expect(bad.json["detail"]?.arrayValue.first?["msg"] == "Input should be greater than or equal to 2023-01-01T00:00:00Z")
            let tooLong = try await api.request(.get, path + "?start_timestamp=2026-01-01T00:00:00Z&end_timestamp=2026-01-09T00:00:00Z&interval=hour")
            #expect(
                tooLong.json == .object([
                    "error": "PolarRequestValidationError",
                    "detail": [
                        .object([
                            "type": "value_error", "loc": ["query"],
                            "msg": "The interval is too small for the given date range. Use a larger interval or reduce the date range.",
                            "input": ["2026-01-01T00:00:00+00:00", "2026-01-09T00:00:00+00:00", "hour"],
                        ])
                    ],
                ]))
            let backwards = try await api.request(.get, path + "?start_timestamp=2026-01-02T00:00:00Z&end_timestamp=2026-01-01T00:00:00Z&interval=year")
            #expect(backwards.status == .unprocessableContent)
            let week = "?start_timestamp=2026-01-01T00:00:00Z&end_timestamp=2026-01-02T00:00:00Z&interval=week"
            #expect(try await api.request(.get, "/v1/meters/\(UUID().uuidString.lowercased())/quantities\(week)").status == .notFound)
            let other = try await server.otherOrganization()
            #expect(try await api.request(.get, path + week, token: other.token).status == .notFound)
            #expect(try await api.request(.get, path + week, token: server.readToken).status == .forbidden)
        }
    }

    @Test("polar-sdk 1.x and 0.32 read meter quantities into their own types")
    func polarSDKs() async throws {
        let server = try await TestServer.make()
        try await server.test(.live) { api in
            _ = try await Self.usage(api)
            let calls = try await EventIngestTests.meter(api, name: "Calls", aggregation: #"{"func":"count"}"#)
            let port = try #require(api.client.port)
            for (generation, python) in [("1.x", try await PythonTools.python()), ("0.32", try await PythonTools.python032())] {
                let run = try await PythonTools.run(python, ["Tests/Compatibility/meter_quantities.py", "http://127.0.0.1:\(port)", api.token, calls])
                #expect(run.status == 0, "\(generation): \(run.output.suffix(3000))")
                let read = run.output.split(separator: "\n").last.flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? .null
                #expect(read["quantities"] == [.number(2), .number(2), .number(1)], "\(generation)")
                #expect(read["total"] == .number(5), "\(generation)")
            }
        }
    }
}
