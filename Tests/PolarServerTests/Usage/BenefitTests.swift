import Foundation
import PolarModels
import Testing

@Suite("Benefits: POST/GET /v1/benefits/")
struct BenefitTests {
    @Test("custom, feature_flag and meter_credit benefits in Polar's shapes; get and list")
    func create() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let custom = try await api.request(
                .post, "/v1/benefits/", json: #"{"type":"custom","description":"Priority support","properties":{"note":"Mail us"}}"#)
            #expect(custom.status == .created)
            #expect(
                custom.json.keys == [
                    "id", "created_at", "modified_at", "type", "description", "selectable", "deletable", "is_deleted",
                    "organization_id", "metadata", "visibility", "properties", "is_tax_applicable", "visibility_configurable",
                ])
            #expect(custom.json["properties"] == .object(["note": "Mail us"]))
            #expect(custom.json["visibility"] == "public")
            let flag = try await api.request(
                .post, "/v1/benefits/", json: #"{"type":"feature_flag","description":"Beta access","properties":{},"metadata":{"flag":"beta"}}"#)
            #expect(flag.json["properties"] == .object([]))
            #expect(flag.json["visibility"] == "private")
            #expect(flag.json["metadata"] == .object(["flag": "beta"]))
            let meter = try await EventIngestTests.meter(api, name: "calls", aggregation: #"{"func":"count"}"#)
            let credit = try await api.request(
                .post, "/v1/benefits/",
                json: #"{"type":"meter_credit","description":"1000 calls","properties":{"units":1000,"rollover":false,"meter_id":"\#(meter)"}}"#)
            #expect(credit.status == .created)
            #expect(credit.json["properties"] == .object(["units": 1000, "rollover": false, "meter_id": .string(meter)]))
            let id = try #require(flag.json["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/benefits/\(id)").json == flag.json)
            let list = try await api.request(.get, "/v1/benefits/")
            #expect(list.json["items"]?.arrayValue.map { $0["type"] ?? .null } == ["meter_credit", "feature_flag", "custom"])
            #expect(try await api.request(.get, "/v1/benefits/?type=custom").json["items"] == [custom.json])
            let other = try await server.otherOrganization()
            #expect(try await api.request(.get, "/v1/benefits/\(id)", token: other.token).status == .notFound)
        }
    }

    @Test("bad bodies: 422 with pydantic's errors; a meter of another organization does not exist")
    func validation() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let short = try await api.request(.post, "/v1/benefits/", json: #"{"type":"custom","description":"ab","properties":{}}"#)
            #expect(short.json["detail"]?.arrayValue.first?["loc"] == ["body", "custom", "description"])
            let discord = try await api.request(.post, "/v1/benefits/", json: #"{"type":"discord","description":"abc","properties":{}}"#)
            #expect(discord.json["detail"]?.arrayValue.first?["loc"] == ["body", "type"])
            #expect(discord.json["detail"]?.arrayValue.first?["msg"] == "This server supports only custom, feature_flag and meter_credit benefits.")
            let unknown = try await api.request(.post, "/v1/benefits/", json: #"{"type":"nope","description":"abc","properties":{}}"#)
            #expect(unknown.json["detail"]?.arrayValue.first?["type"] == "union_tag_invalid")
            #expect(
                unknown.json["detail"]?.arrayValue.first?["msg"]?.stringValue?.hasSuffix(
                    "<BenefitType.meter_credit: 'meter_credit'>, <BenefitType.feature_flag: 'feature_flag'>, <BenefitType.slack_shared_channel: 'slack_shared_channel'>")
                    == true)
            let units = try await api.request(
                .post, "/v1/benefits/",
                json: #"{"type":"meter_credit","description":"abc","properties":{"units":0,"rollover":false,"meter_id":"\#(UUID().uuidString.lowercased())"}}"#)
            #expect(units.json["detail"]?.arrayValue.first?["loc"] == ["body", "meter_credit", "properties", "units"])
            let other = try await server.otherOrganization()
            let foreignMeter = try await api.request(
                .post, "/v1/meters/", json: #"{"name":"theirs","filter":{"conjunction":"and","clauses":[]},"aggregation":{"func":"count"}}"#,
                token: other.token)
            let meterID = try #require(foreignMeter.json["id"]?.stringValue)
            let missing = try await api.request(
                .post, "/v1/benefits/",
                json: #"{"type":"meter_credit","description":"abc","properties":{"units":5,"rollover":true,"meter_id":"\#(meterID)"}}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.json["detail"]?.arrayValue.first?["msg"] == "This meter does not exist.")
            #expect(missing.json["detail"]?.arrayValue.first?["loc"] == ["body", "properties", "meter_id"])
            let organization = try await api.request(
                .post, "/v1/benefits/",
                json: #"{"type":"custom","description":"abc","properties":{},"organization_id":"\#(server.organizationID.lowercased)"}"#)
            #expect(organization.json["detail"]?.arrayValue.first?["loc"] == ["body", "organization_id"])
            #expect(organization.json["detail"]?.arrayValue.first?["type"] == "organization_token")
            #expect(try await api.request(.get, "/v1/benefits/").json["items"] == [])
        }
    }

    @Test("list filters: ids (and user_order), excluded ids, description query, metadata; sorting")
    func listFilters() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            var ids: [String] = []
            for (description, flag) in [("Alpha access", "a"), ("Beta access", "b"), ("Gamma perks", "a")] {
                let benefit = try await api.request(
                    .post, "/v1/benefits/", json: #"{"type":"feature_flag","description":"\#(description)","properties":{},"metadata":{"flag":"\#(flag)"}}"#)
                ids.append(try #require(benefit.json["id"]?.stringValue))
            }
            func descriptions(_ query: String) async throws -> [JSONValue] {
                try await api.request(.get, "/v1/benefits/" + query).json["items"]?.arrayValue.map { $0["description"] ?? .null } ?? []
            }
            #expect(try await descriptions("") == ["Gamma perks", "Beta access", "Alpha access"])
            #expect(try await descriptions("?sorting=description") == ["Alpha access", "Beta access", "Gamma perks"])
            #expect(try await descriptions("?query=ACCESS&sorting=-description") == ["Beta access", "Alpha access"])
            #expect(try await descriptions("?metadata[flag]=a&sorting=created_at") == ["Alpha access", "Gamma perks"])
            #expect(try await descriptions("?exclude_id=\(ids[1])&sorting=created_at") == ["Alpha access", "Gamma perks"])
            #expect(try await descriptions("?id=\(ids[2])&id=\(ids[0])&id=\(ids[1])&sorting=user_order") == ["Gamma perks", "Alpha access", "Beta access"])
            #expect(try await api.request(.get, "/v1/benefits/?sorting=rank").json["detail"]?[0]?["loc"] == ["query", "sorting", 0])
        }
    }
}
