import Foundation

/// The card details Polar exposes (Polar's `PaymentMethodCardMetadata`).
public struct PaymentMethodCardMetadata: Codable, Sendable, Hashable {
    /// Stripe's brand string: `visa`, `mastercard`, `amex`, …
    public var brand: String
    /// The last four digits.
    public var last4: String
    /// Expiry month, 1–12.
    public var expMonth: Int
    /// Expiry year, four digits.
    public var expYear: Int
    /// The wallet type (`apple_pay`, `google_pay`, `link`, …), or `nil` for a plain card.
    public var wallet: String?

    /// Creates card details.
    public init(brand: String, last4: String, expMonth: Int, expYear: Int, wallet: String? = nil) {
        self.brand = brand
        self.last4 = last4
        self.expMonth = expMonth
        self.expYear = expYear
        self.wallet = wallet
    }

    enum CodingKeys: String, CodingKey {
        case brand, last4, expMonth = "exp_month", expYear = "exp_year", wallet
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        brand = try c.decode(String.self, forKey: .brand)
        last4 = try c.decode(String.self, forKey: .last4)
        expMonth = try c.decode(Int.self, forKey: .expMonth)
        expYear = try c.decode(Int.self, forKey: .expYear)
        wallet = try c.decodeIfPresent(String.self, forKey: .wallet)
    }

    /// Encodes every key, `wallet` as `null` when there is none.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(brand, forKey: .brand)
        try c.encode(last4, forKey: .last4)
        try c.encode(expMonth, forKey: .expMonth)
        try c.encode(expYear, forKey: .expYear)
        try c.encode(wallet, forKey: .wallet)
    }
}

/// The Korean-card details Polar exposes (`PaymentMethodKrCard`'s metadata).
public struct PaymentMethodKrCardMetadata: Codable, Sendable, Hashable {
    /// The card's brand, when Stripe knows it.
    public var brand: String?
    /// The last four digits, when Stripe knows them.
    public var last4: String?

    /// Creates Korean-card details.
    public init(brand: String? = nil, last4: String? = nil) {
        self.brand = brand
        self.last4 = last4
    }

    /// Encodes both keys, `null` when unknown.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(brand, forKey: .brand)
        try c.encode(last4, forKey: .last4)
    }
}

/// A saved payment method as the customer portal lists it (Polar's `CustomerPaymentMethod`,
/// a union chosen by `type`: `card`, `kr_card`, or anything else as generic).
///
/// There is no "is default" flag: compare ``id`` with
/// ``CustomerPortalCustomer/defaultPaymentMethodID``.
public enum CustomerPaymentMethod: Codable, Sendable, Hashable {
    /// A card (Polar's `PaymentMethodCard`).
    case card(PaymentMethodCommon, PaymentMethodCardMetadata)
    /// A Korean card (Polar's `PaymentMethodKrCard`).
    case krCard(PaymentMethodCommon, PaymentMethodKrCardMetadata)
    /// Any other method — `link`, `sepa_debit`, `paypal`, … (Polar's `PaymentMethodGeneric`); no metadata.
    case generic(PaymentMethodCommon)

    /// The fields every shape has.
    public var common: PaymentMethodCommon {
        switch self {
        case .card(let common, _), .krCard(let common, _), .generic(let common): common
        }
    }

    /// The payment method's ID.
    public var id: UUID { common.id }
    /// Stripe's payment-method type: `card`, `kr_card`, `link`, `sepa_debit`, …
    public var type: String { common.type }

    private enum MetadataKey: String, CodingKey { case methodMetadata = "method_metadata" }

    /// Decodes the shape that fits best, as Polar's smart union picks it: a `card` or
    /// `kr_card` whose metadata is incomplete is generic.
    public init(from decoder: any Decoder) throws {
        let common = try PaymentMethodCommon(from: decoder)
        let c = try decoder.container(keyedBy: MetadataKey.self)
        switch common.type {
        case "card":
            if let metadata = try? c.decode(PaymentMethodCardMetadata.self, forKey: .methodMetadata) {
                self = .card(common, metadata)
                return
            }
        case "kr_card":
            if let metadata = try? c.decode(PaymentMethodKrCardMetadata.self, forKey: .methodMetadata),
                metadata.brand != nil || metadata.last4 != nil
            {
                self = .krCard(common, metadata)
                return
            }
        default: break
        }
        self = .generic(common)
    }

    /// Encodes the common keys, then `method_metadata` for cards.
    public func encode(to encoder: any Encoder) throws {
        try common.encode(to: encoder)
        var c = encoder.container(keyedBy: MetadataKey.self)
        switch self {
        case .card(_, let metadata): try c.encode(metadata, forKey: .methodMetadata)
        case .krCard(_, let metadata): try c.encode(metadata, forKey: .methodMetadata)
        case .generic: break
        }
    }
}

/// The keys every ``CustomerPaymentMethod`` shape has, in Polar's order.
public struct PaymentMethodCommon: Codable, Sendable, Hashable {
    /// The payment method's ID.
    public var id: UUID
    /// When it was saved.
    public var createdAt: Date
    /// When it last changed.
    public var modifiedAt: Date?
    /// The processor; always `stripe`.
    public var processor: String
    /// The owning customer.
    public var customerID: UUID
    /// Stripe's payment-method type.
    public var type: String

    /// Creates the common fields.
    public init(id: UUID, createdAt: Date, modifiedAt: Date? = nil, processor: String = "stripe", customerID: UUID, type: String) {
        self.id = id
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.processor = processor
        self.customerID = customerID
        self.type = type
    }

    enum CodingKeys: String, CodingKey {
        case id, createdAt = "created_at", modifiedAt = "modified_at", processor, customerID = "customer_id", type
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        processor = try c.decode(String.self, forKey: .processor)
        customerID = try c.decode(UUID.self, forKey: .customerID)
        type = try c.decode(String.self, forKey: .type)
    }

    /// Encodes every key in Polar's order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.lowercased, forKey: .id)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(processor, forKey: .processor)
        try c.encode(customerID.lowercased, forKey: .customerID)
        try c.encode(type, forKey: .type)
    }
}
