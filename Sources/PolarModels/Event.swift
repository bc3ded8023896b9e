import Foundation

/// An event (Polar's `Event`): one the app ingested (`source` `user`), or one Polar recorded
/// itself (`system`, such as `customer.created` or `meter.credited`).
public struct Event: Codable, Sendable, Hashable {
    /// Who recorded the event.
    public enum Source: String, Codable, Sendable, Hashable {
        /// Sent by the app.
        case user
        /// Recorded by Polar.
        case system
    }

    /// The event's ID.
    public var id: UUID
    /// When it happened.
    public var timestamp: Date
    /// The organization it belongs to.
    public var organizationID: UUID
    /// Its customer, when sent by `customer_id` (`nil` when sent by external ID).
    public var customerID: UUID?
    /// Its customer, when one is known.
    public var customer: Customer?
    /// The external customer ID it was sent with.
    public var externalCustomerID: String?
    /// The member it was sent for, under Polar's member model.
    public var memberID: UUID?
    /// The external member ID it was sent with.
    public var externalMemberID: String?
    /// How many events name this one as their parent.
    public var childCount: Int
    /// Its parent event.
    public var parentID: UUID?
    /// A readable label: Polar's for its own events, else the name.
    public var label: String
    /// The event's name.
    public var name: String
    /// Who recorded it.
    public var source: Source
    /// Its data: the app's metadata, or what Polar records with its own events.
    public var metadata: JSONValue

    enum CodingKeys: String, CodingKey {
        case id, timestamp, organizationID = "organization_id", customerID = "customer_id", customer
        case externalCustomerID = "external_customer_id", memberID = "member_id", externalMemberID = "external_member_id"
        case childCount = "child_count", parentID = "parent_id", label, name, source, metadata
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        timestamp = try c.decodeTimestamp(forKey: .timestamp)
        organizationID = try c.decode(UUID.self, forKey: .organizationID)
        customerID = try c.decodeIfPresent(UUID.self, forKey: .customerID)
        customer = try c.decodeIfPresent(Customer.self, forKey: .customer)
        externalCustomerID = try c.decodeIfPresent(String.self, forKey: .externalCustomerID)
        memberID = try c.decodeIfPresent(UUID.self, forKey: .memberID)
        externalMemberID = try c.decodeIfPresent(String.self, forKey: .externalMemberID)
        childCount = try c.decodeIfPresent(Int.self, forKey: .childCount) ?? 0
        parentID = try c.decodeIfPresent(UUID.self, forKey: .parentID)
        label = try c.decode(String.self, forKey: .label)
        name = try c.decode(String.self, forKey: .name)
        source = try c.decode(Source.self, forKey: .source)
        metadata = try c.decodeIfPresent(JSONValue.self, forKey: .metadata) ?? .object([])
    }

    /// Encodes every key, `null`s included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.lowercased, forKey: .id)
        try c.encodeTimestamp(timestamp, forKey: .timestamp)
        try c.encode(organizationID.lowercased, forKey: .organizationID)
        try c.encode(customerID?.lowercased, forKey: .customerID)
        try c.encode(customer, forKey: .customer)
        try c.encode(externalCustomerID, forKey: .externalCustomerID)
        try c.encode(memberID?.lowercased, forKey: .memberID)
        try c.encode(externalMemberID, forKey: .externalMemberID)
        try c.encode(childCount, forKey: .childCount)
        try c.encode(parentID?.lowercased, forKey: .parentID)
        try c.encode(label, forKey: .label)
        try c.encode(name, forKey: .name)
        try c.encode(source, forKey: .source)
        try c.encode(metadata, forKey: .metadata)
    }
}

/// An event name seen in an organization, with how often and when (`GET /v1/events/names`).
public struct EventName: Codable, Sendable, Hashable {
    /// The name.
    public var name: String
    /// Polar's label for it.
    public var label: String
    /// Who records events of that name.
    public var source: Event.Source
    /// How many there are.
    public var occurrences: Int
    /// The first one's time.
    public var firstSeen: Date
    /// The last one's time.
    public var lastSeen: Date

    enum CodingKeys: String, CodingKey { case name, label, source, occurrences, firstSeen = "first_seen", lastSeen = "last_seen" }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        label = try c.decode(String.self, forKey: .label)
        source = try c.decode(Event.Source.self, forKey: .source)
        occurrences = try c.decode(Int.self, forKey: .occurrences)
        firstSeen = try c.decodeTimestamp(forKey: .firstSeen)
        lastSeen = try c.decodeTimestamp(forKey: .lastSeen)
    }

    /// Encodes every key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(label, forKey: .label)
        try c.encode(source, forKey: .source)
        try c.encode(occurrences, forKey: .occurrences)
        try c.encodeTimestamp(firstSeen, forKey: .firstSeen)
        try c.encodeTimestamp(lastSeen, forKey: .lastSeen)
    }
}

/// One event to ingest (Polar's `EventCreateCustomer` / `EventCreateExternalCustomer`).
public struct EventCreate: Encodable, Sendable, Hashable {
    /// Whose usage the event is; events for an external ID no customer has yet count once a
    /// customer takes it.
    public typealias CustomerReference = PolarModels.CustomerReference

    /// The event's name, which meters filter on.
    public var name: String
    /// Whose usage it is.
    public var customer: CustomerReference
    /// When it happened; when the server receives it unless given (never in the future).
    public var timestamp: Date?
    /// Your ID for the event: one already ingested makes this one a duplicate, skipped.
    public var externalID: String?
    /// Its data: strings, numbers and booleans, plus Polar's structured `_cost` and `_llm`.
    public var metadata: [String: JSONValue]

    /// Creates an event.
    public init(name: String, customer: CustomerReference, timestamp: Date? = nil, externalID: String? = nil, metadata: [String: JSONValue] = [:]) {
        self.name = name
        self.customer = customer
        self.timestamp = timestamp
        self.externalID = externalID
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case name, customerID = "customer_id", externalCustomerID = "external_customer_id", timestamp, externalID = "external_id", metadata
    }

    /// Encodes the event; unset options are not sent.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        switch customer {
        case .id(let id): try c.encode(id.lowercased, forKey: .customerID)
        case .externalID(let id): try c.encode(id, forKey: .externalCustomerID)
        }
        if let timestamp { try c.encodeTimestamp(timestamp, forKey: .timestamp) }
        try c.encodeIfPresent(externalID, forKey: .externalID)
        if !metadata.isEmpty { try c.encode(metadata, forKey: .metadata) }
    }
}

/// What `POST /v1/events/ingest` did.
public struct EventsIngestResult: Codable, Sendable, Hashable {
    /// Events stored.
    public var inserted: Int
    /// Events skipped because their `external_id` was already known.
    public var duplicates: Int

    /// Creates a result.
    public init(inserted: Int, duplicates: Int) {
        self.inserted = inserted
        self.duplicates = duplicates
    }
}

/// A customer's usage of one meter (Polar's `CustomerMeter`).
public struct CustomerMeter: Codable, Sendable, Hashable {
    /// Its ID.
    public var id: UUID
    /// When the customer first had usage on the meter.
    public var createdAt: Date
    /// When it last changed.
    public var modifiedAt: Date?
    /// The customer.
    public var customerID: UUID
    /// The meter.
    public var meterID: UUID
    /// Units used.
    public var consumedUnits: Double
    /// Units credited by `meter_credit` benefits.
    public var creditedUnits: Int
    /// Credited minus consumed.
    public var balance: Double
    /// The customer.
    public var customer: Customer
    /// The meter.
    public var meter: Meter

    enum CodingKeys: String, CodingKey {
        case id, createdAt = "created_at", modifiedAt = "modified_at", customerID = "customer_id", meterID = "meter_id"
        case consumedUnits = "consumed_units", creditedUnits = "credited_units", balance, customer, meter
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        customerID = try c.decode(UUID.self, forKey: .customerID)
        meterID = try c.decode(UUID.self, forKey: .meterID)
        consumedUnits = try c.decode(Double.self, forKey: .consumedUnits)
        creditedUnits = try c.decode(Int.self, forKey: .creditedUnits)
        balance = try c.decode(Double.self, forKey: .balance)
        customer = try c.decode(Customer.self, forKey: .customer)
        meter = try c.decode(Meter.self, forKey: .meter)
    }

    /// Encodes every key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.lowercased, forKey: .id)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(customerID.lowercased, forKey: .customerID)
        try c.encode(meterID.lowercased, forKey: .meterID)
        try c.encode(consumedUnits, forKey: .consumedUnits)
        try c.encode(creditedUnits, forKey: .creditedUnits)
        try c.encode(balance, forKey: .balance)
        try c.encode(customer, forKey: .customer)
        try c.encode(meter, forKey: .meter)
    }
}
