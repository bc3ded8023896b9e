import Foundation
import PolarModels
import Testing

@Suite("PATCH /v1/products/{id}")
struct ProductUpdateTests {
    /// A monthly product with a free fixed price and a metered price on a new meter.
    static func monthly(_ api: APIClient) async throws -> (product: JSONValue, fixed: String, metered: String, meter: String) {
        let meter = try await EventIngestTests.meter(api, name: "API calls", aggregation: #"{"func":"count"}"#)
        let product = try await ProductTests.product(
            api,
            #"{"name":"Pro","recurring_interval":"month","prices":[{"amount_type":"fixed","price_amount":0},{"amount_type":"metered_unit","meter_id":"\#(meter)","unit_amount":"0.5"}]}"#
        )
        // As reads show it (a stored unit amount has 12 places).
        let read = try await api.request(.get, "/v1/products/\(product["id"]?.stringValue ?? "")").json
        let prices = read["prices"]?.arrayValue ?? []
        return (
            read, try #require(prices.first?["id"]?.stringValue), try #require(prices.last?["id"]?.stringValue), meter
        )
    }

    @Test("the product's own fields: what is sent changes and dates it; nothing sent changes nothing")
    func fields() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (product, _, _, _) = try await Self.monthly(api)
            let path = "/v1/products/\(product["id"]?.stringValue ?? "")"
            let unchanged = try await api.request(.patch, path, json: "{}")
            #expect(unchanged.status == .ok)
            #expect(unchanged.json == product)

            let updated = try await api.request(
                .patch, path,
                json: #"{"name":"  Pro Plus  ","description":"For teams","visibility":"private","metadata":{"tier":"2"},"trial_interval":"week","trial_interval_count":2,"recurring_interval":"month","recurring_interval_count":1}"#)
            #expect(updated.status == .ok, "\(updated.text)")
            #expect(updated.json["name"] == "Pro Plus")
            #expect(updated.json["description"] == "For teams")
            #expect(updated.json["visibility"] == "private")
            #expect(updated.json["metadata"] == .object(["tier": "2"]))
            #expect(updated.json["trial_interval"] == "week")
            #expect(updated.json["trial_interval_count"] == 2)
            #expect(updated.json["modified_at"] != .null)
            #expect(updated.json["prices"] == product["prices"])
            #expect(updated.json.keys == product.keys)
            #expect(try await api.request(.get, path).json == updated.json)

            // A blank description and both trial fields null clear them.
            let cleared = try await api.request(.patch, path, json: #"{"description":"  ","trial_interval":null,"trial_interval_count":null}"#)
            #expect(cleared.json["description"] == .null)
            #expect(cleared.json["trial_interval"] == .null)
            #expect(cleared.json["trial_interval_count"] == .null)

            let archived = try await api.request(.patch, path, json: #"{"is_archived":true}"#)
            #expect(archived.json["is_archived"] == true)
            #expect(try await api.request(.get, "/v1/products/?is_archived=true").json["items"]?.arrayValue.count == 1)
            #expect(try await api.request(.patch, path, json: #"{"is_archived":false}"#).json["is_archived"] == false)
        }
    }

    @Test("prices: the list sent is the new list; prices left out are archived, new ones added, the product's own fields untouched")
    func prices() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (product, fixed, metered, _) = try await Self.monthly(api)
            let path = "/v1/products/\(product["id"]?.stringValue ?? "")"
            let tokens = try await EventIngestTests.meter(api, name: "Tokens", aggregation: #"{"func":"count"}"#)
            let replaced = try await api.request(
                .patch, path,
                json: #"{"prices":[{"id":"\#(fixed)","amount_type":"ignored"},{"amount_type":"metered_unit","meter_id":"\#(tokens)","unit_amount":"2","cap_amount":100}]}"#)
            #expect(replaced.status == .ok, "\(replaced.text)")
            let prices = replaced.json["prices"]?.arrayValue ?? []
            #expect(prices.count == 2)
            #expect(prices.first?["id"] == .string(fixed))
            #expect(prices.last?["meter_id"] == .string(tokens))
            #expect(prices.last?["unit_amount"] == "2.000000000000")
            #expect(prices.last?["cap_amount"] == 100)
            #expect(prices.last?["meter"]?["name"] == "Tokens")
            // Only prices changed: the product's row, and so its modified_at, did not.
            #expect(replaced.json["modified_at"] == .null)

            // The archived price is no longer the product's to keep.
            let gone = try await api.request(.patch, path, json: #"{"prices":[{"id":"\#(metered)"}]}"#)
            #expect(gone.status == .unprocessableContent)
            #expect(
                gone.json["detail"] == [
                    .object(["type": "value_error", "loc": ["body", "prices", 0], "msg": "Price does not exist.", "input": .string(metered)]),
                    .object(["type": "too_short", "loc": ["body", "prices"], "msg": "At least one price is required.", "input": [.object(["id": .string(metered)])]]),
                    .object([
                        "type": "value_error", "loc": ["body", "prices"],
                        "msg": "The organization's default presentment currency must be present in the prices.", "input": [.object(["id": .string(metered)])],
                    ]),
                ])
            let twoFixed = try await api.request(
                .patch, path, json: #"{"prices":[{"id":"\#(fixed)"},{"amount_type":"fixed","price_amount":500}]}"#)
            #expect(twoFixed.json["detail"]?.arrayValue.compactMap { $0["msg"] } == ["Only one fixed price is allowed."])
            #expect(try await api.request(.get, path).json["prices"] == replaced.json["prices"])
        }
    }

    @Test("Polar's refusals: interval changes, trials on one-time products, files and fields that do not exist, bad items")
    func refusals() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (product, _, _, meter) = try await Self.monthly(api)
            let path = "/v1/products/\(product["id"]?.stringValue ?? "")"
            // The count left out is not the stored 1: Polar calls that a change.
            let interval = try await api.request(.patch, path, json: #"{"recurring_interval":"month"}"#)
            #expect(
                interval.json == .object([
                    "error": "PolarRequestValidationError",
                    "detail": [
                        .object(["type": "value_error", "loc": ["body", "recurring_interval"], "msg": "Recurring interval cannot be changed.", "input": "month"])
                    ],
                ]))
            #expect(try await api.request(.patch, path, json: #"{"recurring_interval":"year","recurring_interval_count":1}"#).status == .unprocessableContent)

            let oneTime = try await ProductTests.product(api, #"{"name":"Book","prices":[{"amount_type":"fixed","price_amount":1000}]}"#)
            let bookPath = "/v1/products/\(oneTime["id"]?.stringValue ?? "")"
            let trial = try await api.request(
                .patch, bookPath,
                json: #"{"trial_interval":"day","trial_interval_count":3,"medias":["\#(UUID().uuidString.lowercased())"],"prices":[{"amount_type":"metered_unit","meter_id":"\#(meter)","unit_amount":"1"}]}"#)
            #expect(
                trial.json["detail"]?.arrayValue.compactMap { $0["msg"]?.stringValue } == [
                    "Metered pricing is not supported on one-time products.", "At least one price is required.",
                    "The organization's default presentment currency must be present in the prices.", "Trial configuration is only supported on recurring products.",
                    "Trial configuration is only supported on recurring products.", "File does not exist or is not yet uploaded.",
                ])

            let halfTrial = try await api.request(.patch, bookPath, json: #"{"trial_interval":"day"}"#)
            #expect(halfTrial.json["error"] == "RequestValidationError")
            #expect(halfTrial.json["detail"]?.arrayValue.first?["msg"] == "Both trial_interval and trial_interval_count must be set together.")
            #expect(halfTrial.json["detail"]?.arrayValue.first?["loc"] == ["body"])

            // An item that is neither a price to keep nor a new one: both members' errors.
            let bad = try await api.request(.patch, bookPath, json: #"{"prices":[{"amount_type":"fixed"}],"name":"ab"}"#)
            let locs = bad.json["detail"]?.arrayValue.compactMap { $0["loc"] } ?? []
            #expect(
                locs == [
                    ["body", "name"], ["body", "prices", 0, "ExistingProductPrice", "id"],
                    ["body", "prices", 0, .string(ProductUpdateInputName.newPrice), "fixed", "price_amount"],
                ])

            let other = try await server.otherOrganization()
            let theirs = try await api.request(.patch, bookPath, json: #"{"name":"Mine"}"#, token: other.token)
            #expect(theirs.status == .notFound)
            #expect(try await api.request(.patch, bookPath, json: #"{"name":"Mine"}"#, token: server.readToken).status == .forbidden)
            #expect(try await api.request(.get, bookPath).json == oneTime)
        }
    }

    @Test("product.updated follows every update, a no-op too, with the product as GET returns it")
    func webhook() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let server = try await TestServer.make()
        try await server.test(.live, configure: WebhookDeliveryTests.configure) { api in
            _ = try await WebhookDeliveryTests.subscribe(api, receiver, events: ["product.updated"])
            let (product, _, _, _) = try await Self.monthly(api)
            let path = "/v1/products/\(product["id"]?.stringValue ?? "")"
            #expect(try await api.request(.patch, path, json: "{}").status == .ok)
            let renamed = try await api.request(.patch, path, json: #"{"name":"Pro 2"}"#)
            let events = try await receiver.wait(for: 2).map(\.json)
            #expect(events.compactMap { $0["type"]?.stringValue } == ["product.updated", "product.updated"])
            #expect(events.first?["data"] == product)
            #expect(events.last?["data"] == renamed.json)
        }
    }

    @Test("polar-sdk 1.x and 0.32 rename a product, replace its prices and archive it")
    func polarSDKs() async throws {
        for (generation, python) in [("1.x", try await PythonTools.python()), ("0.32", try await PythonTools.python032())] {
            let server = try await TestServer.make()
            try await server.test(.live) { api in
                let (product, fixed, _, _) = try await Self.monthly(api)
                let port = try #require(api.client.port)
                let run = try await PythonTools.run(
                    python, ["Tests/Compatibility/update_product.py", "http://127.0.0.1:\(port)", api.token, product["id"]?.stringValue ?? "", fixed])
                #expect(run.status == 0, "\(generation): \(run.output.suffix(3000))")
                let read = run.output.split(separator: "\n").last.flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? .null
                #expect(read["renamed"] == ["Pro Plus", "For teams"], "\(generation)")
                #expect(read["prices"] == ["fixed", "fixed"], "\(generation)")
                #expect(read["archived"] == true, "\(generation)")
                #expect(read["refused"] == "HTTPValidationError", "\(generation)")
            }
        }
    }
}

/// The name pydantic gives the new-price member, as the server writes it.
private enum ProductUpdateInputName {
    static let newPrice =
        "function-before[_coerce_legacy_free_price(), tagged-union[ProductPriceFixedCreate,ProductPriceCustomCreate,ProductPriceSeatBasedCreate,ProductPriceUnitBasedCreate,ProductPriceMeteredUnitCreate]]"
}
