import Foundation
import PolarModels
import Testing

@Suite("Meters: POST/GET /v1/meters/")
struct MeterTests {
    @Test("create answers 201 with Polar's Meter; the metadata. prefix is dropped; get and list find it")
    func create() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let response = try await api.request(
                .post, "/v1/meters/",
                json: #"""
                {"name":"API calls","filter":{"conjunction":"and","clauses":[{"property":"name","operator":"eq","value":"api_call"},
                 {"conjunction":"or","clauses":[{"property":"metadata.tier","operator":"ne","value":"free"}]}]},
                 "aggregation":{"func":"sum","property":"metadata.tokens"},"metadata":{"team":"core"}}
                """#)
            #expect(response.status == .created)
            let meter = response.json
            #expect(
                meter.keys == [
                    "metadata", "created_at", "modified_at", "id", "name", "unit", "custom_label", "custom_multiplier", "filter",
                    "aggregation", "organization_id", "archived_at",
                ])
            #expect(meter["unit"] == "scalar")
            #expect(meter["custom_label"] == .null)
            #expect(meter["modified_at"] == .null)
            #expect(meter["archived_at"] == .null)
            #expect(meter["aggregation"] == .object(["func": "sum", "property": "tokens"]))
            #expect(
                meter["filter"]?["clauses"]
                    == [
                        .object(["property": "name", "operator": "eq", "value": "api_call"]),
                        .object(["conjunction": "or", "clauses": [.object(["property": "tier", "operator": "ne", "value": "free"])]]),
                    ])
            #expect(meter["organization_id"] == .string(server.organizationID.lowercased))
            let id = try #require(meter["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/meters/\(id)").json == meter)
            let list = try await api.request(.get, "/v1/meters/")
            #expect(list.json["items"] == [meter])
            #expect(list.json["pagination"] == .object(["total_count": 1, "max_page": 1]))
            let other = try await server.otherOrganization()
            #expect(try await api.request(.get, "/v1/meters/\(id)", token: other.token).status == .notFound)
            #expect(try await api.request(.get, "/v1/meters/", token: other.token).json["items"] == [])
        }
    }

    @Test("bad bodies get pydantic's 422 and create nothing")
    func validation() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let short = try await api.request(
                .post, "/v1/meters/", json: #"{"name":"ab","filter":{"conjunction":"and","clauses":[]},"aggregation":{"func":"count"}}"#)
            #expect(short.status == .unprocessableContent)
            #expect(short.json["detail"]?.arrayValue.first?["loc"] == ["body", "name"])
            #expect(short.json["detail"]?.arrayValue.first?["type"] == "string_too_short")

            let badFunc = try await api.request(
                .post, "/v1/meters/", json: #"{"name":"abc","filter":{"conjunction":"and","clauses":[]},"aggregation":{"func":"median"}}"#)
            #expect(badFunc.json["detail"]?.arrayValue.first?["type"] == "union_tag_invalid")
            #expect(badFunc.json["detail"]?.arrayValue.first?["loc"] == ["body", "aggregation"])

            let noProperty = try await api.request(
                .post, "/v1/meters/", json: #"{"name":"abc","filter":{"conjunction":"and","clauses":[]},"aggregation":{"func":"max"}}"#)
            #expect(noProperty.json["detail"]?.arrayValue.first?["loc"] == ["body", "aggregation", "max", "property"])

            let badOperator = try await api.request(
                .post, "/v1/meters/",
                json: #"{"name":"abc","filter":{"conjunction":"xor","clauses":[{"property":"a","operator":"is","value":1.5}]},"aggregation":{"func":"count"}}"#)
            let locs = badOperator.json["detail"]?.arrayValue.map { $0["loc"] ?? .null }
            #expect(
                locs == [
                    ["body", "filter", "conjunction"], ["body", "filter", "clauses", 0, "FilterClause", "operator"],
                    ["body", "filter", "clauses", 0, "FilterClause", "value", "constrained-str"],
                    ["body", "filter", "clauses", 0, "FilterClause", "value", "constrained-int"],
                    ["body", "filter", "clauses", 0, "FilterClause", "value", "bool"],
                    // The clause is the union `FilterClause | Filter`: both members' errors.
                    ["body", "filter", "clauses", 0, "Filter", "conjunction"], ["body", "filter", "clauses", 0, "Filter", "clauses"],
                ])
            #expect(
                badOperator.json["detail"]?.arrayValue.compactMap { $0["type"]?.stringValue }.suffix(5)
                    == ["string_type", "int_from_float", "bool_type", "missing", "missing"])
            let long = String(repeating: "x", count: 1001)
            let tooLong = try await api.request(
                .post, "/v1/meters/",
                json: #"{"name":"abc","filter":{"conjunction":"and","clauses":[{"property":"a","operator":"eq","value":"\#(long)"}]},"aggregation":{"func":"count"}}"#)
            #expect(
                tooLong.json["detail"]?.arrayValue.compactMap { $0["type"]?.stringValue }
                    == ["string_too_long", "int_parsing", "bool_parsing", "missing", "missing"])
            let badTag = try await api.request(
                .post, "/v1/meters/", json: #"{"name":"abc","filter":{"conjunction":"and","clauses":[]},"aggregation":{"func":"nope"}}"#)
            #expect(
                badTag.json["detail"]?[0]?["msg"]
                    == "Input tag 'nope' found using 'func' does not match any of the expected tags: <AggregationFunction.cnt: 'count'>, <AggregationFunction.sum: 'sum'>, <AggregationFunction.max: 'max'>, <AggregationFunction.min: 'min'>, <AggregationFunction.avg: 'avg'>, <AggregationFunction.unique: 'unique'>")

            let custom = try await api.request(
                .post, "/v1/meters/",
                json: #"{"name":"abc","unit":"custom","filter":{"conjunction":"and","clauses":[]},"aggregation":{"func":"count"}}"#)
            #expect(custom.json["detail"]?.arrayValue.first?["msg"] == "Value error, custom_label is required when unit is 'custom'.")

            let organization = try await api.request(
                .post, "/v1/meters/",
                json: #"{"name":"abc","organization_id":"\#(server.organizationID.lowercased)","filter":{"conjunction":"and","clauses":[]},"aggregation":{"func":"count"}}"#)
            #expect(organization.status == .unprocessableContent)
            #expect(organization.json["error"] == "PolarRequestValidationError")

            #expect(try await api.request(.get, "/v1/meters/").json["items"] == [])
            let readOnly = try await api.request(
                .post, "/v1/meters/", json: #"{"name":"abc","filter":{"conjunction":"and","clauses":[]},"aggregation":{"func":"count"}}"#,
                token: server.readToken)
            #expect(readOnly.status == .forbidden)
        }
    }

    @Test("list filters: name query, archived, metadata; sorted by name unless told otherwise")
    func listFilters() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            for (name, team) in [("tokens", "ml"), ("API calls", "web"), ("storage", "ml")] {
                let response = try await api.request(
                    .post, "/v1/meters/",
                    json: #"{"name":"\#(name)","filter":{"conjunction":"and","clauses":[]},"aggregation":{"func":"count"},"metadata":{"team":"\#(team)"}}"#)
                #expect(response.status == .created)
            }
            func names(_ query: String) async throws -> [JSONValue] {
                try await api.request(.get, "/v1/meters/" + query).json["items"]?.arrayValue.map { $0["name"] ?? .null } ?? []
            }
            #expect(try await names("") == ["API calls", "storage", "tokens"])
            #expect(try await names("?sorting=-created_at") == ["storage", "API calls", "tokens"])
            #expect(try await names("?query=TO") == ["storage", "tokens"])
            #expect(try await names("?metadata[team]=ml") == ["storage", "tokens"])
            #expect(try await names("?is_archived=true") == [])
            #expect(try await names("?is_archived=false").count == 3)
            #expect(try await api.request(.get, "/v1/meters/?is_archived=maybe").json["detail"]?[0]?["type"] == "bool_parsing")
        }
    }
}
