import PolarModels

/// A payment method: its `pm_…` id, its type, and Stripe's object for that type.
struct StripePaymentMethod: Sendable, Decodable {
    let id: String
    let type: String
    /// Unix seconds.
    let created: Int
    /// The `cus_…` it is attached to; `nil` once detached.
    let customer: String?
    /// Stripe's whole object named after ``type`` (`card`: brand, last4, exp_month, exp_year,
    /// wallet, fingerprint, …; `kr_card`: brand, last4), which Polar stores as it is.
    let details: JSONValue

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: StripeKey.self)
        id = try container.decode(String.self, forKey: StripeKey("id"))
        created = try container.decode(Int.self, forKey: StripeKey("created"))
        customer = try container.decodeIfPresent(String.self, forKey: StripeKey("customer"))
        (type, details) = try StripeKey.typedObject(in: container)
    }
}

/// Object keys as Stripe names them, including the one named after a payment method's type.
struct StripeKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    /// `type`, and the member named after it (an empty object when Stripe sends none).
    static func typedObject(in container: KeyedDecodingContainer<StripeKey>) throws -> (type: String, details: JSONValue) {
        let type = try container.decode(String.self, forKey: StripeKey("type"))
        return (type, try container.decodeIfPresent(JSONValue.self, forKey: StripeKey(type)) ?? .object([]))
    }
}
