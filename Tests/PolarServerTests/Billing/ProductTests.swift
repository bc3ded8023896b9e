import Foundation
import PolarModels
import Testing

@Suite("Products: /v1/products/")
struct ProductTests {
    static func product(_ api: APIClient, _ json: String) async throws -> JSONValue {
        let response = try await api.request(.post, "/v1/products/", json: json)
        #expect(response.status == .created, "\(response.json)")
        return response.json
    }

    @Test("recurring with free and metered prices, one-time fixed: Polar's shapes; unit_amount as text, 12 places once stored")
    func create() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let meter = try await EventIngestTests.meter(api, name: "API calls", aggregation: #"{"func":"count"}"#)
            let pro = try await Self.product(
                api,
                #"{"name":"  Pro  ","recurring_interval":"month","metadata":{"tier":"pro"},"prices":[{"amount_type":"metered_unit","meter_id":"\#(meter)","unit_amount":0.5,"cap_amount":1000},{"amount_type":"free"}]}"#
            )
            #expect(
                pro.keys == [
                    "id", "created_at", "modified_at", "trial_interval", "trial_interval_count", "name", "description", "visibility",
                    "recurring_interval", "recurring_interval_count", "meter_interval", "meter_interval_count", "is_recurring",
                    "is_archived", "organization_id", "metadata", "is_deletable", "prices", "benefits", "medias",
                    "attached_custom_fields",
                ])
            #expect(pro["name"] == "Pro")
            #expect(pro["recurring_interval_count"] == 1)
            #expect(pro["is_recurring"] == true)
            #expect(pro["visibility"] == "public")
            #expect(pro["description"] == .null)
            let prices = try #require(pro["prices"]?.arrayValue)
            // The create response keeps the request's order and the unit amount as sent.
            #expect(prices.map { $0["amount_type"] ?? .null } == ["metered_unit", "fixed"])
            #expect(prices[0]["unit_amount"] == "0.5")
            #expect(prices[0]["cap_amount"] == 1000)
            #expect(
                prices[0]["meter"]
                    == .object([
                        "id": .string(meter), "name": "API calls", "unit": "scalar", "custom_label": .null, "custom_multiplier": .null,
                    ]))
            #expect(prices[1]["price_amount"] == 0)
            #expect(
                prices[1].keys == [
                    "created_at", "modified_at", "id", "source", "amount_type", "price_currency", "tax_behavior", "is_archived",
                    "product_id", "type", "recurring_interval", "price_amount",
                ])
            #expect(prices[1]["type"] == "recurring")
            #expect(prices[1]["recurring_interval"] == "month")

            let id = try #require(pro["id"]?.stringValue)
            let read = try await api.request(.get, "/v1/products/\(id)").json
            // Read back: fixed first, and the amount as NUMERIC(17, 12) returns it.
            #expect(read["prices"]?.arrayValue.map { $0["amount_type"] ?? .null } == ["fixed", "metered_unit"])
            #expect(read["prices"]?[1]?["unit_amount"] == "0.500000000000")

            let once = try await Self.product(api, #"{"name":"Ebook","description":"  ","prices":[{"amount_type":"fixed","price_amount":1500,"price_currency":"usd"}]}"#)
            #expect(once["is_recurring"] == false)
            #expect(once["recurring_interval"] == .null)
            #expect(once["recurring_interval_count"] == .null)
            #expect(once["description"] == .null)
            #expect(once["prices"]?[0]?["type"] == "one_time")

            let list = try await api.request(.get, "/v1/products/").json
            #expect(list["items"]?.arrayValue.map { $0["name"] ?? .null } == ["Ebook", "Pro"])
            #expect(list["pagination"] == .object(["total_count": 2, "max_page": 1]))
            #expect(try await api.request(.get, "/v1/products/?is_recurring=true").json["items"]?.arrayValue.count == 1)
            #expect(try await api.request(.get, "/v1/products/?query=EBO").json["items"]?[0]?["name"] == "Ebook")
            #expect(try await api.request(.get, "/v1/products/?sorting=name").json["items"]?[0]?["name"] == "Ebook")
            #expect(try await api.request(.get, "/v1/products/?sorting=-price_amount").json["items"]?.arrayValue.map { $0["name"] ?? .null } == ["Pro", "Ebook"])
            #expect(try await api.request(.get, "/v1/products/?metadata[tier]=pro").json["items"]?[0]?["name"] == "Pro")
            #expect(try await api.request(.get, "/v1/products/?sorting=price").json["detail"]?[0]?["type"] == "enum")

            let other = try await server.otherOrganization()
            #expect(try await api.request(.get, "/v1/products/\(id)", token: other.token).status == .notFound)
            #expect(try await api.request(.get, "/v1/products/", token: other.token).json["items"] == [])
            #expect(try await api.request(.get, "/v1/products/\(id)", token: server.readToken).status == .forbidden)
        }
    }

    @Test("schema 422s carry the variant tag; price rules are business 422s reported together; nothing is written")
    func validation() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let short = try await api.request(.post, "/v1/products/", json: #"{"name":" a ","prices":[]}"#)
            #expect(short.status == .unprocessableContent)
            #expect(short.json["detail"]?.arrayValue.map { $0["loc"] ?? .null } == [["body", "one_time", "name"], ["body", "one_time", "prices"]])
            #expect(short.json["detail"]?[0]?["msg"] == "Value should have at least 3 items after validation, not 1")
            let tag = try await api.request(
                .post, "/v1/products/", json: #"{"name":"Tiers","recurring_interval":"week","prices":[{"amount_type":"metered_tiers"}]}"#)
            #expect(tag.json["detail"]?[0]?["loc"] == ["body", "recurring", "prices", 0])
            #expect(tag.json["detail"]?[0]?["type"] == "union_tag_invalid")
            let minimum = try await api.request(.post, "/v1/products/", json: #"{"name":"Cheap","prices":[{"amount_type":"fixed","price_amount":20}]}"#)
            #expect(minimum.json["detail"]?[0]?["loc"] == ["body", "one_time", "prices", 0, "fixed", "price_amount"])
            #expect(minimum.json["detail"]?[0]?["msg"] == "Amount must be at least $0.50 or 0 for free pricing")
            let places = try await api.request(
                .post, "/v1/products/",
                json: #"{"name":"Fine","recurring_interval":"month","prices":[{"amount_type":"metered_unit","meter_id":"\#(UUID().uuidString.lowercased())","unit_amount":"0.0000000000001"}]}"#)
            #expect(places.json["detail"]?[0]?["type"] == "decimal_max_places")
            // Lengths are Python's, in code points: two accented letters written with combining
            // accents are four, enough for a name; a family emoji counts five.
            #expect(try await api.request(.post, "/v1/products/", json: #"{"name":"e\u0301e\u0301","prices":[{"amount_type":"fixed","price_amount":0}]}"#).status == .created)
            let family = String(repeating: "👨‍👩‍👧", count: 13)
            let long = try await api.request(.post, "/v1/products/", json: #"{"name":"\#(family)","prices":[{"amount_type":"fixed","price_amount":0}]}"#)
            #expect(long.json["detail"]?[0]?["msg"] == "Value should have at most 64 items after validation, not 65")
            let nullCount = try await api.request(
                .post, "/v1/products/",
                json: #"{"name":"Null","recurring_interval":"month","recurring_interval_count":null,"prices":[{"amount_type":"fixed","price_amount":0}]}"#)
            #expect(nullCount.json["detail"]?.arrayValue.map { [$0["loc"] ?? .null, $0["type"] ?? .null] } == [[["body", "recurring", "recurring_interval_count"], "int_type"]])

            let meter = try await EventIngestTests.meter(api, name: "calls", aggregation: #"{"func":"count"}"#)
            let missingMeter = UUID().uuidString.lowercased()
            let rules = try await api.request(
                .post, "/v1/products/",
                json: #"{"name":"Rules","recurring_interval":"month","prices":[{"amount_type":"fixed","price_amount":900},{"amount_type":"fixed","price_amount":1900},{"amount_type":"metered_unit","meter_id":"\#(missingMeter)","unit_amount":1},{"amount_type":"metered_unit","meter_id":"\#(meter)","unit_amount":1},{"amount_type":"metered_unit","meter_id":"\#(meter)","unit_amount":2}]}"#)
            #expect(rules.json["error"] == "PolarRequestValidationError")
            #expect(
                rules.json["detail"]?.arrayValue.map { $0["msg"] ?? .null } == [
                    "Meter does not exist.", "Only one fixed price is allowed.", "Meter is already used for another price.",
                ])
            #expect(rules.json["detail"]?[2]?["loc"] == ["body", "prices", 4, "meter_id"])
            let oneTimeMetered = try await api.request(
                .post, "/v1/products/", json: #"{"name":"Once","prices":[{"amount_type":"metered_unit","meter_id":"\#(meter)","unit_amount":1}]}"#)
            #expect(
                oneTimeMetered.json["detail"]?.arrayValue.map { $0["msg"] ?? .null } == [
                    "Metered pricing is not supported on one-time products.", "At least one price is required.",
                    "The organization's default presentment currency must be present in the prices.",
                ])
            let euro = try await api.request(
                .post, "/v1/products/", json: #"{"name":"Euro","prices":[{"amount_type":"fixed","price_amount":900,"price_currency":"eur"}]}"#)
            #expect(euro.json["detail"]?[0]?["msg"] == "The organization's default presentment currency must be present in the prices.")
            let organization = try await api.request(
                .post, "/v1/products/",
                json: #"{"name":"Org","organization_id":"\#(UUID().uuidString.lowercased())","prices":[{"amount_type":"fixed","price_amount":0}]}"#)
            #expect(organization.json["detail"]?[0]?["type"] == "organization_token")
            #expect(organization.json["detail"]?[0]?["loc"] == ["body", "organization_id"])
            let malformed = try await api.request(
                .post, "/v1/products/", json: #"{"name":"Org","organization_id":"nope","prices":[{"amount_type":"fixed","price_amount":0}]}"#)
            #expect(malformed.json["detail"]?[0]?["loc"] == ["body", "one_time", "organization_id"])
            // Only the accented name was written.
            #expect(try await api.request(.get, "/v1/products/").json["pagination"]?["total_count"] == 1)
        }
    }

    @Test("benefits are replaced in the order given; an unknown or foreign benefit stops at its index")
    func benefits() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let product = try await Self.product(api, #"{"name":"Pro","recurring_interval":"month","prices":[{"amount_type":"fixed","price_amount":0}]}"#)
            let id = try #require(product["id"]?.stringValue)
            var benefitIDs: [String] = []
            for name in ["Alpha", "Beta"] {
                let benefit = try await api.request(.post, "/v1/benefits/", json: #"{"type":"feature_flag","description":"\#(name)","properties":{}}"#)
                benefitIDs.append(try #require(benefit.json["id"]?.stringValue))
            }
            let set = try await api.request(.post, "/v1/products/\(id)/benefits", json: #"{"benefits":["\#(benefitIDs[1])","\#(benefitIDs[0])"]}"#)
            #expect(set.status == .ok)
            #expect(set.json["benefits"]?.arrayValue.map { $0["description"] ?? .null } == ["Beta", "Alpha"])
            // Only the links change, so the product's modified_at stays as it was.
            #expect(set.json["modified_at"] == .null)
            #expect(try await api.request(.get, "/v1/products/?benefit_id=\(benefitIDs[0])").json["items"]?.arrayValue.count == 1)

            let other = try await server.otherOrganization()
            let theirs = try await api.request(
                .post, "/v1/benefits/", json: #"{"type":"feature_flag","description":"Theirs","properties":{}}"#, token: other.token)
            let foreign = try #require(theirs.json["id"]?.stringValue)
            let refused = try await api.request(.post, "/v1/products/\(id)/benefits", json: #"{"benefits":["\#(benefitIDs[0])","\#(foreign)"]}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.json["detail"]?[0]?["loc"] == ["body", "benefits", 1])
            #expect(refused.json["detail"]?[0]?["msg"] == "Benefit does not exist.")
            #expect(try await api.request(.get, "/v1/products/\(id)").json["benefits"]?.arrayValue.count == 2)
            let cleared = try await api.request(.post, "/v1/products/\(id)/benefits", json: #"{"benefits":[]}"#)
            #expect(cleared.json["benefits"] == [])
            #expect(try await api.request(.post, "/v1/products/\(id)/benefits", json: #"{}"#).json["detail"]?[0]?["loc"] == ["body", "benefits"])
            #expect(try await api.request(.post, "/v1/products/\(id)/benefits", json: #"{"benefits":[]}"#, token: other.token).status == .notFound)
        }
    }
}
