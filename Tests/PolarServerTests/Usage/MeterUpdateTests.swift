import Foundation
import PolarModels
import Testing

@Suite("PATCH /v1/meters/{id}")
struct MeterUpdateTests {
    static let tokensFilter = #"{"conjunction":"and","clauses":[{"property":"name","operator":"eq","value":"tokens"}]}"#

    @Test("fields sent are written and date the meter; filter and aggregation lock once events count")
    func update() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let id = try await EventIngestTests.meter(api, name: "API calls", aggregation: #"{"func":"count"}"#)
            let path = "/v1/meters/\(id)"
            let created = try await api.request(.get, path).json

            // Nothing sent: nothing written, not even modified_at.
            let empty = try await api.request(.patch, path, json: "{}")
            #expect(empty.status == .ok)
            #expect(empty.json == created)

            // No event has counted yet: the filter and aggregation may still change.
            let changed = try await api.request(
                .patch, path,
                json: #"{"name":"Tokens","metadata":{"team":"ml"},"filter":\#(Self.tokensFilter),"aggregation":{"func":"sum","property":"metadata.count"},"unit":"custom","custom_label":"token","custom_multiplier":1000}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(changed.json["name"] == "Tokens")
            #expect(changed.json["metadata"] == .object(["team": "ml"]))
            #expect(changed.json["filter"]?["clauses"] == [.object(["property": "name", "operator": "eq", "value": "tokens"])])
            #expect(changed.json["aggregation"] == .object(["func": "sum", "property": "count"]))
            #expect(changed.json["unit"] == "custom")
            #expect(changed.json["custom_label"] == "token")
            #expect(changed.json["custom_multiplier"] == 1000)
            #expect(changed.json["modified_at"] != .null)
            #expect(changed.json.keys == created.keys)
            #expect(try await api.request(.get, path).json == changed.json)
            // `null` clears the custom label; a name alone leaves everything else.
            let cleared = try await api.request(.patch, path, json: #"{"custom_label":null,"name":"Tokens used"}"#)
            #expect(cleared.json["custom_label"] == .null)
            #expect(cleared.json["custom_multiplier"] == 1000)
            #expect(cleared.json["filter"] == changed.json["filter"])

            // The new filter and aggregation count what arrives now.
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            let ingest = try await api.request(
                .post, "/v1/events/ingest",
                json: #"{"events":[{"name":"tokens","customer_id":"\#(ada)","metadata":{"count":40}},{"name":"api_call","customer_id":"\#(ada)"}]}"#)
            #expect(ingest.status == .ok)
            let meters = try await api.request(.get, "/v1/customers/\(ada)/state").json["active_meters"]?.arrayValue ?? []
            #expect(meters.first { $0["meter_id"] == .string(id) }?["consumed_units"] == .number(40))

            // Now it aggregates: sending either, even null or unchanged, is refused, and nothing changes.
            let locked = try await api.request(
                .patch, path, json: #"{"name":"Renamed","filter":\#(Self.tokensFilter),"aggregation":null}"#)
            #expect(locked.status == .unprocessableContent)
            #expect(locked.json["error"] == "PolarRequestValidationError")
            let message = "This field can't be updated because the meter is already aggregating events."
            #expect(
                locked.json["detail"] == [
                    .object(["type": "forbidden", "loc": ["body", "filter"], "msg": .string(message), "input": changed.json["filter"]!]),
                    .object(["type": "forbidden", "loc": ["body", "aggregation"], "msg": .string(message), "input": .null]),
                ])
            #expect(try await api.request(.get, path).json["name"] == "Tokens used")
            #expect(try await api.request(.patch, path, json: #"{"name":"Renamed"}"#).json["name"] == "Renamed")
        }
    }

    @Test("archiving: refused while a live price or benefit uses the meter; unarchived, it counts what came meanwhile")
    func archive() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            func refusal(_ message: String) -> JSONValue {
                .object([
                    "error": "PolarRequestValidationError",
                    "detail": [.object(["type": "value_error", "loc": ["body", "is_archived"], "msg": .string(message), "input": true])],
                ])
            }
            // The catalogue's meter is billed by a live product's price (and credited by a benefit).
            let byPrice = try await api.request(.patch, "/v1/meters/\(catalog.meter)", json: #"{"is_archived":true}"#)
            #expect(byPrice.status == .unprocessableContent)
            #expect(byPrice.json == refusal("Cannot archive meter that is still attached to active products"))

            // Another meter, credited by a benefit only: archived once the benefit is deleted.
            let meter = try await EventIngestTests.meter(api, name: "Calls too", aggregation: #"{"func":"count"}"#)
            let credit = try await api.request(
                .post, "/v1/benefits/", json: #"{"type":"meter_credit","description":"10 calls","properties":{"units":10,"rollover":false,"meter_id":"\#(meter)"}}"#)
            let creditID = try #require(credit.json["id"]?.stringValue)
            let path = "/v1/meters/\(meter)"
            let byBenefit = try await api.request(.patch, path, json: #"{"is_archived":true}"#)
            #expect(byBenefit.json == refusal("Cannot archive meter that is still referenced by active benefits"))
            #expect(try await api.request(.delete, "/v1/benefits/\(creditID)").status == .noContent)

            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            try await SubscriptionTests.ingest(api, customer: ada, count: 2)
            let archived = try await api.request(.patch, path, json: #"{"is_archived":true}"#)
            #expect(archived.status == .ok, "\(archived.text)")
            #expect(archived.json["archived_at"] != .null)
            #expect(archived.json["modified_at"] == archived.json["archived_at"])
            #expect(try await api.request(.get, "/v1/meters/?is_archived=true").json["items"]?.arrayValue.count == 1)
            // Archived, it counts nothing more; the customer's row stays in its state, as in Polar.
            try await SubscriptionTests.ingest(api, customer: ada, count: 3)
            let consumed = {
                try await api.request(.get, "/v1/customers/\(ada)/state").json["active_meters"]?.arrayValue
                    .first { $0["meter_id"] == .string(meter) }?["consumed_units"]
            }
            #expect(try await consumed() == .number(2))

            let unarchived = try await api.request(.patch, path, json: #"{"is_archived":false}"#)
            #expect(unarchived.json["archived_at"] == .null)
            #expect(try await consumed() == .number(5))
        }
    }

    @Test("bad bodies, other organizations and scopes")
    func refusals() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let id = try await EventIngestTests.meter(api, name: "API calls", aggregation: #"{"func":"count"}"#)
            let path = "/v1/meters/\(id)"
            let bad = try await api.request(.patch, path, json: #"{"name":"ab","unit":"bytes","custom_multiplier":0,"is_archived":"maybe"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.json["error"] == "RequestValidationError")
            #expect(
                bad.json["detail"]?.arrayValue.compactMap { $0["loc"] } == [
                    ["body", "name"], ["body", "unit"], ["body", "custom_multiplier"], ["body", "is_archived"],
                ])
            #expect(bad.json["detail"]?.arrayValue.compactMap { $0["type"] } == ["string_too_short", "enum", "greater_than", "bool_parsing"])
            #expect(try await api.request(.patch, path, json: "[]").status == .unprocessableContent)
            let other = try await server.otherOrganization()
            let theirs = try await api.request(.patch, path, json: #"{"name":"Mine"}"#, token: other.token)
            #expect(theirs.status == .notFound)
            #expect(theirs.json == .object(["error": "ResourceNotFound", "detail": "Not found"]))
            #expect(try await api.request(.patch, path, json: #"{"name":"Mine"}"#, token: server.readToken).status == .forbidden)
            #expect(try await api.request(.get, path).json["name"] == "API calls")
        }
    }

    @Test("polar-sdk 1.x and 0.32 update and archive a meter")
    func polarSDKs() async throws {
        for (generation, python) in [("1.x", try await PythonTools.python()), ("0.32", try await PythonTools.python032())] {
            let server = try await TestServer.make()
            try await server.test(.live) { api in
                let id = try await EventIngestTests.meter(api, name: "API calls", aggregation: #"{"func":"count"}"#)
                let port = try #require(api.client.port)
                let run = try await PythonTools.run(python, ["Tests/Compatibility/update_meter.py", "http://127.0.0.1:\(port)", api.token, id])
                #expect(run.status == 0, "\(generation): \(run.output.suffix(3000))")
                let read = run.output.split(separator: "\n").last.flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? .null
                #expect(read["renamed"] == ["Calls", "ml"], "\(generation)")
                #expect(read["archived"] == true, "\(generation)")
                #expect(read["listed_archived"] == ["Calls"], "\(generation)")
            }
        }
    }
}
