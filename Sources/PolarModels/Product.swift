import Foundation

/// A product's price (Polar's `ProductPrice`): its common fields and those of its kind.
public struct ProductPrice: Codable, Sendable, Hashable {
    /// The price's ID.
    public var id: UUID
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var modifiedAt: Date?
    /// `fixed`, `custom`, `free`, `metered_unit` or `seat_based`.
    public var amountType: String
    /// Its currency, lower case (`usd`).
    public var priceCurrency: String?
    /// Whether it was archived (left out of the product's new subscriptions).
    public var isArchived: Bool
    /// Its product.
    public var productID: UUID
    /// For `fixed`: the amount in cents.
    public var priceAmount: Int?
    /// For `metered_unit`: the price of one unit in cents, as decimal text.
    public var unitAmount: String?
    /// For `metered_unit`: the most a period may cost, in cents.
    public var capAmount: Int?
    /// For `metered_unit`: the meter it bills.
    public var meterID: UUID?

    enum CodingKeys: String, CodingKey {
        case id, createdAt = "created_at", modifiedAt = "modified_at", amountType = "amount_type", priceCurrency = "price_currency"
        case isArchived = "is_archived", productID = "product_id", priceAmount = "price_amount", unitAmount = "unit_amount"
        case capAmount = "cap_amount", meterID = "meter_id"
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        amountType = try c.decode(String.self, forKey: .amountType)
        priceCurrency = try c.decodeIfPresent(String.self, forKey: .priceCurrency)
        isArchived = try c.decode(Bool.self, forKey: .isArchived)
        productID = try c.decode(UUID.self, forKey: .productID)
        priceAmount = try c.decodeIfPresent(Int.self, forKey: .priceAmount)
        unitAmount = try c.decodeIfPresent(String.self, forKey: .unitAmount)
        capAmount = try c.decodeIfPresent(Int.self, forKey: .capAmount)
        meterID = try c.decodeIfPresent(UUID.self, forKey: .meterID)
    }

    /// Encodes the fields it holds.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.lowercased, forKey: .id)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(amountType, forKey: .amountType)
        try c.encodeIfPresent(priceCurrency, forKey: .priceCurrency)
        try c.encode(isArchived, forKey: .isArchived)
        try c.encode(productID.lowercased, forKey: .productID)
        try c.encodeIfPresent(priceAmount, forKey: .priceAmount)
        try c.encodeIfPresent(unitAmount, forKey: .unitAmount)
        try c.encodeIfPresent(capAmount, forKey: .capAmount)
        try c.encodeIfPresent(meterID?.lowercased, forKey: .meterID)
    }
}

/// A product (Polar's `Product`): what customers buy or subscribe to, its prices and benefits.
public struct Product: Codable, Sendable, Hashable {
    /// The product's ID.
    public var id: UUID
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var modifiedAt: Date?
    /// Its name.
    public var name: String
    /// Its description.
    public var description: String?
    /// `public` or `private`.
    public var visibility: String?
    /// For a subscription product: `day`, `week`, `month` or `year`; `nil` for a one-time product.
    public var recurringInterval: String?
    /// How many intervals a period spans.
    public var recurringIntervalCount: Int?
    /// Whether it is a subscription product.
    public var isRecurring: Bool
    /// Whether it was archived.
    public var isArchived: Bool
    /// The organization it belongs to.
    public var organizationID: UUID
    /// Key-value data of the merchant's.
    public var metadata: Metadata
    /// Its prices.
    public var prices: [ProductPrice]
    /// What it grants.
    public var benefits: [Benefit]

    enum CodingKeys: String, CodingKey {
        case id, createdAt = "created_at", modifiedAt = "modified_at", name, description, visibility
        case recurringInterval = "recurring_interval", recurringIntervalCount = "recurring_interval_count", isRecurring = "is_recurring"
        case isArchived = "is_archived", organizationID = "organization_id", metadata, prices, benefits
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        visibility = try c.decodeIfPresent(String.self, forKey: .visibility)
        recurringInterval = try c.decodeIfPresent(String.self, forKey: .recurringInterval)
        recurringIntervalCount = try c.decodeIfPresent(Int.self, forKey: .recurringIntervalCount)
        isRecurring = try c.decode(Bool.self, forKey: .isRecurring)
        isArchived = try c.decode(Bool.self, forKey: .isArchived)
        organizationID = try c.decode(UUID.self, forKey: .organizationID)
        metadata = try c.decodeIfPresent(Metadata.self, forKey: .metadata) ?? [:]
        prices = try c.decode([ProductPrice].self, forKey: .prices)
        benefits = try c.decode([Benefit].self, forKey: .benefits)
    }

    /// Encodes the fields it holds.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.lowercased, forKey: .id)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(visibility, forKey: .visibility)
        try c.encode(recurringInterval, forKey: .recurringInterval)
        try c.encode(recurringIntervalCount, forKey: .recurringIntervalCount)
        try c.encode(isRecurring, forKey: .isRecurring)
        try c.encode(isArchived, forKey: .isArchived)
        try c.encode(organizationID.lowercased, forKey: .organizationID)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(prices, forKey: .prices)
        try c.encode(benefits, forKey: .benefits)
    }
}

/// A price to create with a product, or to add in `PATCH /v1/products/{id}`.
public enum ProductPriceCreate: Encodable, Sendable, Hashable {
    /// A fixed amount in cents.
    case fixed(amount: Int, currency: String = "usd")
    /// Free.
    case free(currency: String = "usd")
    /// What the customer chooses, in cents within the bounds.
    case custom(minimum: Int? = nil, maximum: Int? = nil, preset: Int? = nil, currency: String = "usd")
    /// Usage of `meter` at `unitAmount` cents (decimal text) a unit, capped at `cap` cents a period.
    case meteredUnit(meter: UUID, unitAmount: String, cap: Int? = nil, currency: String = "usd")
    /// An existing price of the product, kept as it is (for updates).
    case existing(UUID)

    enum CodingKeys: String, CodingKey {
        case id, amountType = "amount_type", priceCurrency = "price_currency", priceAmount = "price_amount"
        case minimumAmount = "minimum_amount", maximumAmount = "maximum_amount", presetAmount = "preset_amount"
        case meterID = "meter_id", unitAmount = "unit_amount", capAmount = "cap_amount"
    }

    /// Encodes Polar's price-create object of the kind.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .existing(let id): try c.encode(id.lowercased, forKey: .id)
        case .fixed(let amount, let currency):
            try c.encode("fixed", forKey: .amountType)
            try c.encode(currency, forKey: .priceCurrency)
            try c.encode(amount, forKey: .priceAmount)
        case .free(let currency):
            try c.encode("free", forKey: .amountType)
            try c.encode(currency, forKey: .priceCurrency)
        case .custom(let minimum, let maximum, let preset, let currency):
            try c.encode("custom", forKey: .amountType)
            try c.encode(currency, forKey: .priceCurrency)
            try c.encodeIfPresent(minimum, forKey: .minimumAmount)
            try c.encodeIfPresent(maximum, forKey: .maximumAmount)
            try c.encodeIfPresent(preset, forKey: .presetAmount)
        case .meteredUnit(let meter, let unitAmount, let cap, let currency):
            try c.encode("metered_unit", forKey: .amountType)
            try c.encode(currency, forKey: .priceCurrency)
            try c.encode(meter.lowercased, forKey: .meterID)
            try c.encode(unitAmount, forKey: .unitAmount)
            try c.encodeIfPresent(cap, forKey: .capAmount)
        }
    }
}

/// The body of `POST /v1/products/`.
public struct ProductCreate: Encodable, Sendable, Hashable {
    /// Its name.
    public var name: String
    /// Its description.
    public var description: String?
    /// For a subscription product: `day`, `week`, `month` or `year`.
    public var recurringInterval: String?
    /// How many intervals a period spans.
    public var recurringIntervalCount: Int?
    /// Its prices.
    public var prices: [ProductPriceCreate]
    /// Key-value data of the merchant's.
    public var metadata: Metadata

    /// Creates the body; unset options are not sent.
    public init(
        name: String, description: String? = nil, recurringInterval: String? = nil, recurringIntervalCount: Int? = nil,
        prices: [ProductPriceCreate], metadata: Metadata = [:]
    ) {
        self.name = name
        self.description = description
        self.recurringInterval = recurringInterval
        self.recurringIntervalCount = recurringIntervalCount
        self.prices = prices
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case name, description, recurringInterval = "recurring_interval", recurringIntervalCount = "recurring_interval_count", prices
        case metadata
    }
}

/// The body of `PATCH /v1/products/{id}`: only what is set is sent.
public struct ProductUpdate: Encodable, Sendable, Hashable {
    /// A new name.
    public var name: String?
    /// A new description, or `.null` to clear it.
    public var description: PatchField<String>
    /// The whole new price list: ``ProductPriceCreate/existing(_:)`` keeps a price, prices left
    /// out are archived.
    public var prices: [ProductPriceCreate]?
    /// `true` archives the product, `false` brings it back.
    public var isArchived: Bool?
    /// New metadata, replacing the old.
    public var metadata: Metadata?

    /// Creates the body.
    public init(
        name: String? = nil, description: PatchField<String> = .absent, prices: [ProductPriceCreate]? = nil, isArchived: Bool? = nil,
        metadata: Metadata? = nil
    ) {
        self.name = name
        self.description = description
        self.prices = prices
        self.isArchived = isArchived
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey { case name, description, prices, isArchived = "is_archived", metadata }

    /// Encodes what is set: absent fields write no key, `.null` writes `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encodeIfPresent(prices, forKey: .prices)
        try c.encodeIfPresent(isArchived, forKey: .isArchived)
        try c.encodeIfPresent(metadata, forKey: .metadata)
    }
}
