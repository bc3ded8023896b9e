import Foundation

/// A subscription (Polar's `Subscription`): a customer's recurring purchase of a product.
public struct Subscription: Codable, Sendable, Hashable {
    /// Its status as Polar spells it: `incomplete`, `trialing`, `active`, `past_due`, `canceled`, `unpaid`, …
    public struct Status: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral {
        /// The status as Polar spells it.
        public var rawValue: String
        /// Creates a status from Polar's spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Creates a status from a literal.
        public init(stringLiteral value: String) { rawValue = value }
        /// Decodes the raw string.
        public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
        /// Encodes the raw string.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        /// Paid up and running.
        public static let active: Status = "active"
        /// In its trial.
        public static let trialing: Status = "trialing"
        /// Ended.
        public static let canceled: Status = "canceled"
    }

    /// One metered price's usage in the current period (Polar's `SubscriptionMeter`).
    public struct Meter: Codable, Sendable, Hashable {
        /// Its ID.
        public var id: UUID
        /// Units used this period.
        public var consumedUnits: Double
        /// Units credited this period.
        public var creditedUnits: Int
        /// What the period's usage costs so far, in cents.
        public var amount: Int
        /// The meter.
        public var meterID: UUID

        enum CodingKeys: String, CodingKey {
            case id, consumedUnits = "consumed_units", creditedUnits = "credited_units", amount, meterID = "meter_id"
        }
    }

    /// Its ID.
    public var id: UUID
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var modifiedAt: Date?
    /// What a period costs, in cents.
    public var amount: Int
    /// Its currency, lower case.
    public var currency: String
    /// `day`, `week`, `month` or `year`.
    public var recurringInterval: String
    /// How many intervals a period spans.
    public var recurringIntervalCount: Int
    /// Its status.
    public var status: Status
    /// When the current period began.
    public var currentPeriodStart: Date
    /// When the current period ends.
    public var currentPeriodEnd: Date?
    /// Whether it ends when the current period does.
    public var cancelAtPeriodEnd: Bool
    /// When it was canceled.
    public var canceledAt: Date?
    /// When it started.
    public var startedAt: Date?
    /// When it will end.
    public var endsAt: Date?
    /// When it ended.
    public var endedAt: Date?
    /// Its customer.
    public var customerID: UUID
    /// Its product.
    public var productID: UUID
    /// Why the customer canceled, when they said.
    public var customerCancellationReason: String?
    /// What the customer wrote when canceling.
    public var customerCancellationComment: String?
    /// Key-value data of the merchant's.
    public var metadata: Metadata
    /// Its customer.
    public var customer: Customer
    /// Its product.
    public var product: Product
    /// The prices it bills.
    public var prices: [ProductPrice]
    /// The usage of its metered prices this period.
    public var meters: [Meter]

    enum CodingKeys: String, CodingKey {
        case id, createdAt = "created_at", modifiedAt = "modified_at", amount, currency, recurringInterval = "recurring_interval"
        case recurringIntervalCount = "recurring_interval_count", status, currentPeriodStart = "current_period_start"
        case currentPeriodEnd = "current_period_end", cancelAtPeriodEnd = "cancel_at_period_end", canceledAt = "canceled_at"
        case startedAt = "started_at", endsAt = "ends_at", endedAt = "ended_at", customerID = "customer_id", productID = "product_id"
        case customerCancellationReason = "customer_cancellation_reason", customerCancellationComment = "customer_cancellation_comment"
        case metadata, customer, product, prices, meters
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        amount = try c.decode(Int.self, forKey: .amount)
        currency = try c.decode(String.self, forKey: .currency)
        recurringInterval = try c.decode(String.self, forKey: .recurringInterval)
        recurringIntervalCount = try c.decodeIfPresent(Int.self, forKey: .recurringIntervalCount) ?? 1
        status = try c.decode(Status.self, forKey: .status)
        currentPeriodStart = try c.decodeTimestamp(forKey: .currentPeriodStart)
        currentPeriodEnd = try c.decodeTimestampIfPresent(forKey: .currentPeriodEnd)
        cancelAtPeriodEnd = try c.decode(Bool.self, forKey: .cancelAtPeriodEnd)
        canceledAt = try c.decodeTimestampIfPresent(forKey: .canceledAt)
        startedAt = try c.decodeTimestampIfPresent(forKey: .startedAt)
        endsAt = try c.decodeTimestampIfPresent(forKey: .endsAt)
        endedAt = try c.decodeTimestampIfPresent(forKey: .endedAt)
        customerID = try c.decode(UUID.self, forKey: .customerID)
        productID = try c.decode(UUID.self, forKey: .productID)
        customerCancellationReason = try c.decodeIfPresent(String.self, forKey: .customerCancellationReason)
        customerCancellationComment = try c.decodeIfPresent(String.self, forKey: .customerCancellationComment)
        metadata = try c.decodeIfPresent(Metadata.self, forKey: .metadata) ?? [:]
        customer = try c.decode(Customer.self, forKey: .customer)
        product = try c.decode(Product.self, forKey: .product)
        prices = try c.decodeIfPresent([ProductPrice].self, forKey: .prices) ?? []
        meters = try c.decodeIfPresent([Meter].self, forKey: .meters) ?? []
    }

    /// Encodes the fields it holds.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.lowercased, forKey: .id)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(amount, forKey: .amount)
        try c.encode(currency, forKey: .currency)
        try c.encode(recurringInterval, forKey: .recurringInterval)
        try c.encode(recurringIntervalCount, forKey: .recurringIntervalCount)
        try c.encode(status, forKey: .status)
        try c.encodeTimestamp(currentPeriodStart, forKey: .currentPeriodStart)
        try c.encodeTimestamp(currentPeriodEnd, forKey: .currentPeriodEnd)
        try c.encode(cancelAtPeriodEnd, forKey: .cancelAtPeriodEnd)
        try c.encodeTimestamp(canceledAt, forKey: .canceledAt)
        try c.encodeTimestamp(startedAt, forKey: .startedAt)
        try c.encodeTimestamp(endsAt, forKey: .endsAt)
        try c.encodeTimestamp(endedAt, forKey: .endedAt)
        try c.encode(customerID.lowercased, forKey: .customerID)
        try c.encode(productID.lowercased, forKey: .productID)
        try c.encode(customerCancellationReason, forKey: .customerCancellationReason)
        try c.encode(customerCancellationComment, forKey: .customerCancellationComment)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(customer, forKey: .customer)
        try c.encode(product, forKey: .product)
        try c.encode(prices, forKey: .prices)
        try c.encode(meters, forKey: .meters)
    }
}

/// The body of `POST /v1/subscriptions/`: a free recurring product for a customer (paid ones
/// go through a checkout).
public struct SubscriptionCreate: Encodable, Sendable, Hashable {
    /// The customer, by ID or external ID.
    public var customer: CustomerReference
    /// The product.
    public var productID: UUID
    /// Key-value data of the merchant's.
    public var metadata: Metadata

    /// Creates the body.
    public init(customer: CustomerReference, productID: UUID, metadata: Metadata = [:]) {
        self.customer = customer
        self.productID = productID
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case customerID = "customer_id", externalCustomerID = "external_customer_id", productID = "product_id", metadata
    }

    /// Encodes Polar's `SubscriptionCreateCustomer` or `SubscriptionCreateExternalCustomer`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch customer {
        case .id(let id): try c.encode(id.lowercased, forKey: .customerID)
        case .externalID(let id): try c.encode(id, forKey: .externalCustomerID)
        }
        try c.encode(productID.lowercased, forKey: .productID)
        if !metadata.isEmpty { try c.encode(metadata, forKey: .metadata) }
    }
}
