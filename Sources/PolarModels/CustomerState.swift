import Foundation

/// Polar's `CustomerState`: a customer with its active subscriptions, granted benefits and
/// meters, told apart by `type` like ``Customer``.
public enum CustomerState: Codable, Sendable, Hashable {
    /// Polar's `CustomerStateIndividual`.
    case individual(CustomerStateObject<IndividualCustomerKind>)
    /// Polar's `CustomerStateTeam`.
    case team(CustomerStateObject<TeamCustomerKind>)

    /// The customer fields, without the state arrays.
    public var customer: Customer {
        switch self {
        case .individual(let state): .individual(state.customer)
        case .team(let state): .team(state.customer)
        }
    }

    /// The customer's `active` and `trialing` subscriptions (not `past_due`).
    public var activeSubscriptions: [CustomerStateSubscription] {
        switch self {
        case .individual(let state): state.activeSubscriptions
        case .team(let state): state.activeSubscriptions
        }
    }

    /// The benefits currently granted to the customer (or its members).
    public var grantedBenefits: [CustomerStateBenefitGrant] {
        switch self {
        case .individual(let state): state.grantedBenefits
        case .team(let state): state.grantedBenefits
        }
    }

    /// Every meter of the customer, oldest first.
    public var activeMeters: [CustomerStateMeter] {
        switch self {
        case .individual(let state): state.activeMeters
        case .team(let state): state.activeMeters
        }
    }

    private enum TypeKey: String, CodingKey { case type }

    /// Decodes either shape, chosen by the `type` key.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        switch try container.decode(CustomerType.self, forKey: .type) {
        case .individual: self = .individual(try CustomerStateObject(from: decoder))
        case .team: self = .team(try CustomerStateObject(from: decoder))
        }
    }

    /// Encodes the wrapped shape.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .individual(let state): try state.encode(to: encoder)
        case .team(let state): try state.encode(to: encoder)
        }
    }
}

/// One shape of ``CustomerState``: every ``CustomerObject`` field, in the same order, then the
/// three state arrays. Customer fields are reachable directly (`state.email`).
@dynamicMemberLookup
public struct CustomerStateObject<Kind: CustomerKind>: Codable, Sendable, Hashable {
    /// The customer fields.
    public var customer: CustomerObject<Kind>
    /// The customer's `active` and `trialing` subscriptions (not `past_due`), in no particular order.
    public var activeSubscriptions: [CustomerStateSubscription]
    /// The benefits currently granted, in no particular order.
    public var grantedBenefits: [CustomerStateBenefitGrant]
    /// Every meter of the customer, oldest first.
    public var activeMeters: [CustomerStateMeter]

    /// Creates a state from its parts.
    public init(
        customer: CustomerObject<Kind>, activeSubscriptions: [CustomerStateSubscription] = [],
        grantedBenefits: [CustomerStateBenefitGrant] = [], activeMeters: [CustomerStateMeter] = []
    ) {
        self.customer = customer
        self.activeSubscriptions = activeSubscriptions
        self.grantedBenefits = grantedBenefits
        self.activeMeters = activeMeters
    }

    /// Reads a customer field, e.g. `state.email`.
    public subscript<Value>(dynamicMember keyPath: KeyPath<CustomerObject<Kind>, Value>) -> Value {
        customer[keyPath: keyPath]
    }

    enum CodingKeys: String, CodingKey {
        case activeSubscriptions = "active_subscriptions", grantedBenefits = "granted_benefits"
        case activeMeters = "active_meters"
    }

    /// Decodes the customer fields and the three arrays from one object.
    public init(from decoder: any Decoder) throws {
        customer = try CustomerObject(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        activeSubscriptions = try c.decode([CustomerStateSubscription].self, forKey: .activeSubscriptions)
        grantedBenefits = try c.decode([CustomerStateBenefitGrant].self, forKey: .grantedBenefits)
        activeMeters = try c.decode([CustomerStateMeter].self, forKey: .activeMeters)
    }

    /// Encodes the customer fields, then the three arrays after them.
    public func encode(to encoder: any Encoder) throws {
        try customer.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(activeSubscriptions, forKey: .activeSubscriptions)
        try c.encode(grantedBenefits, forKey: .grantedBenefits)
        try c.encode(activeMeters, forKey: .activeMeters)
    }
}

/// How often a subscription renews (Polar's `RecurringInterval`).
public enum RecurringInterval: String, Codable, Sendable, Hashable, CaseIterable {
    /// Every day.
    case day
    /// Every week.
    case week
    /// Every month.
    case month
    /// Every year.
    case year
}

/// A subscription status as ``CustomerStateSubscription`` reports it. A struct rather than an
/// enum so a status Polar adds later still decodes.
public struct SubscriptionStatus: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral {
    /// The status as Polar spells it.
    public var rawValue: String
    /// Creates a status from Polar's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a status from a literal.
    public init(stringLiteral value: String) { rawValue = value }
    /// Paid and running.
    public static let active: SubscriptionStatus = "active"
    /// In its free trial.
    public static let trialing: SubscriptionStatus = "trialing"

    /// Decodes the raw string.
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    /// Encodes the raw string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A meter attached to a subscription (Polar's `CustomerStateSubscriptionMeter`).
public struct CustomerStateSubscriptionMeter: Codable, Sendable, Hashable {
    /// When the row was created.
    public var createdAt: Date
    /// When the row last changed.
    public var modifiedAt: Date?
    /// The row's ID.
    public var id: UUID
    /// Units consumed in the current period.
    public var consumedUnits: Double
    /// Units credited in the current period.
    public var creditedUnits: Int
    /// The amount due for the period, in cents.
    public var amount: Int
    /// The meter's ID.
    public var meterID: UUID

    /// Creates a subscription meter.
    public init(
        createdAt: Date, modifiedAt: Date?, id: UUID, consumedUnits: Double, creditedUnits: Int, amount: Int, meterID: UUID
    ) {
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.id = id
        self.consumedUnits = consumedUnits
        self.creditedUnits = creditedUnits
        self.amount = amount
        self.meterID = meterID
    }

    enum CodingKeys: String, CodingKey {
        case createdAt = "created_at", modifiedAt = "modified_at", id, consumedUnits = "consumed_units"
        case creditedUnits = "credited_units", amount, meterID = "meter_id"
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        id = try c.decode(UUID.self, forKey: .id)
        consumedUnits = try c.decode(Double.self, forKey: .consumedUnits)
        creditedUnits = try c.decode(Int.self, forKey: .creditedUnits)
        amount = try c.decode(Int.self, forKey: .amount)
        meterID = try c.decode(UUID.self, forKey: .meterID)
    }

    /// Encodes every key in Polar's order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(id.lowercased, forKey: .id)
        try c.encode(consumedUnits, forKey: .consumedUnits)
        try c.encode(creditedUnits, forKey: .creditedUnits)
        try c.encode(amount, forKey: .amount)
        try c.encode(meterID.lowercased, forKey: .meterID)
    }
}

/// An active or trialing subscription in a ``CustomerState`` (Polar's `CustomerStateSubscription`).
public struct CustomerStateSubscription: Codable, Sendable, Hashable {
    /// The subscription's ID.
    public var id: UUID
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var modifiedAt: Date?
    /// Custom checkout field values: strings, integers, booleans, timestamps as text, or `null`.
    public var customFieldData: [String: JSONValue]
    /// The subscription's metadata.
    public var metadata: Metadata
    /// `active` or `trialing`.
    public var status: SubscriptionStatus
    /// The recurring amount, in the currency's minor unit.
    public var amount: Int
    /// Lower-case ISO 4217 currency code.
    public var currency: String
    /// How often it renews.
    public var recurringInterval: RecurringInterval
    /// Start of the current billing period.
    public var currentPeriodStart: Date
    /// End of the current billing period.
    public var currentPeriodEnd: Date
    /// Start of the trial, if any.
    public var trialStart: Date?
    /// End of the trial, if any.
    public var trialEnd: Date?
    /// Whether it ends when the current period does.
    public var cancelAtPeriodEnd: Bool
    /// When it was canceled; it may still run until the period ends.
    public var canceledAt: Date?
    /// When it started.
    public var startedAt: Date?
    /// When it will end, if scheduled.
    public var endsAt: Date?
    /// The product subscribed to.
    public var productID: UUID
    /// The discount applied, if any.
    public var discountID: UUID?
    /// The first price's ID: undocumented and deprecated, but present in Polar's JSON.
    public var priceID: UUID?
    /// The seats of a seat-based subscription; Polar's newer field, `null` otherwise.
    public var seats: Int?
    /// The units of a unit-based subscription; Polar's newer field, `null` otherwise.
    public var units: Int?
    /// Metered usage for the current period.
    public var meters: [CustomerStateSubscriptionMeter]

    /// Creates a subscription.
    public init(
        id: UUID, createdAt: Date, modifiedAt: Date? = nil, customFieldData: [String: JSONValue] = [:],
        metadata: Metadata = [:], status: SubscriptionStatus, amount: Int, currency: String,
        recurringInterval: RecurringInterval, currentPeriodStart: Date, currentPeriodEnd: Date, trialStart: Date? = nil,
        trialEnd: Date? = nil, cancelAtPeriodEnd: Bool = false, canceledAt: Date? = nil, startedAt: Date? = nil,
        endsAt: Date? = nil, productID: UUID, discountID: UUID? = nil, priceID: UUID? = nil, seats: Int? = nil, units: Int? = nil,
        meters: [CustomerStateSubscriptionMeter] = []
    ) {
        self.id = id
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.customFieldData = customFieldData
        self.metadata = metadata
        self.status = status
        self.amount = amount
        self.currency = currency
        self.recurringInterval = recurringInterval
        self.currentPeriodStart = currentPeriodStart
        self.currentPeriodEnd = currentPeriodEnd
        self.trialStart = trialStart
        self.trialEnd = trialEnd
        self.cancelAtPeriodEnd = cancelAtPeriodEnd
        self.canceledAt = canceledAt
        self.startedAt = startedAt
        self.endsAt = endsAt
        self.productID = productID
        self.discountID = discountID
        self.priceID = priceID
        self.seats = seats
        self.units = units
        self.meters = meters
    }

    enum CodingKeys: String, CodingKey {
        case id, createdAt = "created_at", modifiedAt = "modified_at", customFieldData = "custom_field_data", metadata
        case status, amount, currency, recurringInterval = "recurring_interval"
        case currentPeriodStart = "current_period_start", currentPeriodEnd = "current_period_end"
        case trialStart = "trial_start", trialEnd = "trial_end", cancelAtPeriodEnd = "cancel_at_period_end"
        case canceledAt = "canceled_at", startedAt = "started_at", endsAt = "ends_at", productID = "product_id"
        case discountID = "discount_id", priceID = "price_id", seats, units, meters
    }

    /// Decodes Polar's JSON; `custom_field_data`, `price_id`, `seats` and `units` may be missing.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        customFieldData = try c.decodeIfPresent([String: JSONValue].self, forKey: .customFieldData) ?? [:]
        metadata = try c.decode(Metadata.self, forKey: .metadata)
        status = try c.decode(SubscriptionStatus.self, forKey: .status)
        amount = try c.decode(Int.self, forKey: .amount)
        currency = try c.decode(String.self, forKey: .currency)
        recurringInterval = try c.decode(RecurringInterval.self, forKey: .recurringInterval)
        currentPeriodStart = try c.decodeTimestamp(forKey: .currentPeriodStart)
        currentPeriodEnd = try c.decodeTimestamp(forKey: .currentPeriodEnd)
        trialStart = try c.decodeTimestampIfPresent(forKey: .trialStart)
        trialEnd = try c.decodeTimestampIfPresent(forKey: .trialEnd)
        cancelAtPeriodEnd = try c.decode(Bool.self, forKey: .cancelAtPeriodEnd)
        canceledAt = try c.decodeTimestampIfPresent(forKey: .canceledAt)
        startedAt = try c.decodeTimestampIfPresent(forKey: .startedAt)
        endsAt = try c.decodeTimestampIfPresent(forKey: .endsAt)
        productID = try c.decode(UUID.self, forKey: .productID)
        discountID = try c.decodeIfPresent(UUID.self, forKey: .discountID)
        priceID = try c.decodeIfPresent(UUID.self, forKey: .priceID)
        seats = try c.decodeIfPresent(Int.self, forKey: .seats)
        units = try c.decodeIfPresent(Int.self, forKey: .units)
        meters = try c.decode([CustomerStateSubscriptionMeter].self, forKey: .meters)
    }

    /// Encodes every key in Polar's order, the undocumented `price_id`, `seats` and `units` too.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.lowercased, forKey: .id)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(JSONValue.object(customFieldData.keys.sorted().map { JSONValue.Member($0, customFieldData[$0]!) }), forKey: .customFieldData)
        try c.encode(OrderedMetadata(metadata: metadata), forKey: .metadata)
        try c.encode(status, forKey: .status)
        try c.encode(amount, forKey: .amount)
        try c.encode(currency, forKey: .currency)
        try c.encode(recurringInterval, forKey: .recurringInterval)
        try c.encodeTimestamp(currentPeriodStart, forKey: .currentPeriodStart)
        try c.encodeTimestamp(currentPeriodEnd, forKey: .currentPeriodEnd)
        try c.encodeTimestamp(trialStart, forKey: .trialStart)
        try c.encodeTimestamp(trialEnd, forKey: .trialEnd)
        try c.encode(cancelAtPeriodEnd, forKey: .cancelAtPeriodEnd)
        try c.encodeTimestamp(canceledAt, forKey: .canceledAt)
        try c.encodeTimestamp(startedAt, forKey: .startedAt)
        try c.encodeTimestamp(endsAt, forKey: .endsAt)
        try c.encode(productID.lowercased, forKey: .productID)
        try c.encode(discountID?.lowercased, forKey: .discountID)
        try c.encode(priceID?.lowercased, forKey: .priceID)
        try c.encode(seats, forKey: .seats)
        try c.encode(units, forKey: .units)
        try c.encode(meters, forKey: .meters)
    }
}

/// A customer meter in a ``CustomerState`` (Polar's `CustomerStateMeter`).
public struct CustomerStateMeter: Codable, Sendable, Hashable {
    /// The row's ID.
    public var id: UUID
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var modifiedAt: Date?
    /// The meter's ID.
    public var meterID: UUID
    /// Units consumed.
    public var consumedUnits: Double
    /// Units credited.
    public var creditedUnits: Int
    /// Credited minus consumed.
    public var balance: Double

    /// Creates a meter.
    public init(
        id: UUID, createdAt: Date, modifiedAt: Date? = nil, meterID: UUID, consumedUnits: Double, creditedUnits: Int,
        balance: Double
    ) {
        self.id = id
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.meterID = meterID
        self.consumedUnits = consumedUnits
        self.creditedUnits = creditedUnits
        self.balance = balance
    }

    enum CodingKeys: String, CodingKey {
        case id, createdAt = "created_at", modifiedAt = "modified_at", meterID = "meter_id"
        case consumedUnits = "consumed_units", creditedUnits = "credited_units", balance
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        meterID = try c.decode(UUID.self, forKey: .meterID)
        consumedUnits = try c.decode(Double.self, forKey: .consumedUnits)
        creditedUnits = try c.decode(Int.self, forKey: .creditedUnits)
        balance = try c.decode(Double.self, forKey: .balance)
    }

    /// Encodes every key in Polar's order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.lowercased, forKey: .id)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(meterID.lowercased, forKey: .meterID)
        try c.encode(consumedUnits, forKey: .consumedUnits)
        try c.encode(creditedUnits, forKey: .creditedUnits)
        try c.encode(balance, forKey: .balance)
    }
}
