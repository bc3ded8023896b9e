import Foundation
import PolarModels
import Testing

@testable import PolarServer

/// The raw bytes of each response type, against recorded files in `Golden/`: key order,
/// explicit nulls, number forms and every deprecated field Polar still writes. IDs and times
/// differ per run, so both are replaced by placeholders before comparing (`<id3>` is the third
/// distinct ID in the body, `<time>` any timestamp). `POLAR_RECORD_GOLDEN=1` rewrites the files.
@Suite("Response bytes against recorded files")
struct GoldenResponseTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// `text` with IDs and timestamps replaced, one JSON document.
    static func normalized(_ text: String) -> String {
        var ids: [String: Int] = [:]
        let uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/
        let time = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?(Z|[+-]\d{2}:\d{2})/
        let withIDs = text.replacing(uuid) { match in
            let id = String(match.output)
            if ids[id] == nil { ids[id] = ids.count + 1 }
            return "<id\(ids[id]!)>"
        }
        return withIDs.replacing(time) { _ in "<time>" }
    }

    /// Compares the response with `Golden/<name>.json`. Rows written in the same instant come
    /// in no fixed order, so the array under `ordering.array` is put in the order of each
    /// element's `ordering.by` first; the elements keep their bytes.
    static func check(
        _ response: APIResponse, _ name: String, ordering: (array: String, by: (JSONValue) -> String?)? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(response.status.code < 300, "\(name): \(response.text)", sourceLocation: sourceLocation)
        var text = response.text
        if let ordering, case .object(var members) = response.json,
            let index = members.firstIndex(where: { $0.key == ordering.array }), case .array(let items) = members[index].value
        {
            members[index].value = .array(items.sorted { (ordering.by($0) ?? "") < (ordering.by($1) ?? "") })
            text = String(decoding: JSONValue.object(members).serialized, as: UTF8.self)
            #expect(JSONValue.object(members).serialized.count == response.text.utf8.count, "reordering kept every byte")
        }
        let file = directory.appendingPathComponent(name + ".json")
        let actual = normalized(text) + "\n"
        if ProcessInfo.processInfo.environment["POLAR_RECORD_GOLDEN"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(name) differs from Golden/\(name).json", sourceLocation: sourceLocation)
    }

    @Test("a customer with a subscription, two benefits and a used meter: every object as Polar writes it")
    func billing() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let customer = try await api.createCustomer(
                #"{"email":"ada@example.com","external_id":"ada","name":"Ada Lovelace","metadata":{"tier":"gold","seats":3,"beta":true,"ratio":0.5},"billing_address":{"country":"FR","city":"Paris","line1":"1 rue de Rivoli","postal_code":"75001"},"tax_id":"FR61954506077","locale":"fr-FR"}"#)
            let customerID = try #require(customer["id"]?.stringValue)
            let subscription = try await api.request(
                .post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customerID)","product_id":"\#(catalog.product)","metadata":{"source":"api"}}"#)
            let subscriptionID = try #require(subscription.json["id"]?.stringValue)
            try await SubscriptionTests.ingest(api, customer: customerID, count: 250)

            try Self.check(try await api.request(.get, "/v1/customers/\(customerID)"), "customer")
            try Self.check(
                try await api.request(.get, "/v1/customers/\(customerID)/state"), "customer-state",
                ordering: ("granted_benefits", { $0["benefit_type"]?.stringValue }))
            try Self.check(try await api.request(.get, "/v1/subscriptions/\(subscriptionID)"), "subscription")
            try Self.check(try await api.request(.get, "/v1/products/\(catalog.product)"), "product")
            try Self.check(try await api.request(.get, "/v1/meters/\(catalog.meter)"), "meter")
            try Self.check(try await api.request(.get, "/v1/benefits/\(catalog.flag)"), "benefit-feature-flag")
            try Self.check(try await api.request(.get, "/v1/benefits/\(catalog.credit)"), "benefit-meter-credit")
            try Self.check(
                try await api.request(.get, "/v1/benefit-grants/?customer_id=\(customerID)"), "benefit-grants",
                ordering: ("items", { $0["benefit"]?["type"]?.stringValue }))
            try Self.check(try await api.request(.get, "/v1/customer-meters/?customer_id=\(customerID)"), "customer-meters")
        }
    }
}
