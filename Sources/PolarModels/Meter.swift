import Foundation

/// A meter (Polar's `Meter`): which events count for usage, and how they add up.
public struct Meter: Codable, Sendable, Hashable {
    /// The meter's ID.
    public var id: UUID
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var modifiedAt: Date?
    /// The name customers see.
    public var name: String
    /// The unit of what it counts (`scalar` unless set).
    public var unit: String?
    /// A label for the unit when `unit` is `custom`.
    public var customLabel: String?
    /// A multiplier for the unit when `unit` is `custom`.
    public var customMultiplier: Double?
    /// Which events count.
    public var filter: MeterFilter
    /// How the counted events add up.
    public var aggregation: MeterAggregation
    /// The organization it belongs to.
    public var organizationID: UUID
    /// Key-value data of the merchant's.
    public var metadata: Metadata
    /// When it was archived; archived meters count nothing new.
    public var archivedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, createdAt = "created_at", modifiedAt = "modified_at", name, unit, customLabel = "custom_label"
        case customMultiplier = "custom_multiplier", filter, aggregation, organizationID = "organization_id", metadata
        case archivedAt = "archived_at"
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        name = try c.decode(String.self, forKey: .name)
        unit = try c.decodeIfPresent(String.self, forKey: .unit)
        customLabel = try c.decodeIfPresent(String.self, forKey: .customLabel)
        customMultiplier = try c.decodeIfPresent(Double.self, forKey: .customMultiplier)
        filter = try c.decode(MeterFilter.self, forKey: .filter)
        aggregation = try c.decode(MeterAggregation.self, forKey: .aggregation)
        organizationID = try c.decode(UUID.self, forKey: .organizationID)
        metadata = try c.decodeIfPresent(Metadata.self, forKey: .metadata) ?? [:]
        archivedAt = try c.decodeTimestampIfPresent(forKey: .archivedAt)
    }

    /// Encodes every key, `null`s included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.lowercased, forKey: .id)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(name, forKey: .name)
        try c.encode(unit, forKey: .unit)
        try c.encode(customLabel, forKey: .customLabel)
        try c.encode(customMultiplier, forKey: .customMultiplier)
        try c.encode(filter, forKey: .filter)
        try c.encode(aggregation, forKey: .aggregation)
        try c.encode(organizationID.lowercased, forKey: .organizationID)
        try c.encode(metadata, forKey: .metadata)
        try c.encodeTimestamp(archivedAt, forKey: .archivedAt)
    }
}

/// Which events a meter counts (Polar's `Filter`): clauses joined by `and` or `or`, nested as
/// deep as needed.
public struct MeterFilter: Codable, Sendable, Hashable {
    /// How the clauses combine.
    public enum Conjunction: String, Codable, Sendable, Hashable {
        /// Every clause must hold.
        case and
        /// Any one clause is enough.
        case or
    }

    /// How the clauses combine.
    public var conjunction: Conjunction
    /// The conditions, each a comparison or a nested filter.
    public var clauses: [MeterFilterClause]

    /// Creates a filter: every clause must hold, or any one with `conjunction: .or`.
    public init(_ clauses: [MeterFilterClause], conjunction: Conjunction = .and) {
        self.conjunction = conjunction
        self.clauses = clauses
    }
}

/// One condition of a ``MeterFilter``: a property compared with a value, or a nested filter.
public indirect enum MeterFilterClause: Codable, Sendable, Hashable {
    /// `property operator value`: the property is `name`, `source`, `timestamp` or a metadata
    /// key (dotted for nested values, e.g. `_llm.total_tokens`).
    case condition(property: String, operator: MeterFilterOperator, value: MetadataValue)
    /// A nested filter.
    case group(MeterFilter)

    enum CodingKeys: String, CodingKey { case property, `operator`, value, conjunction }

    /// Decodes a comparison, or a nested filter when the object has a `conjunction`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.conjunction) {
            self = .group(try MeterFilter(from: decoder))
        } else {
            self = .condition(
                property: try c.decode(String.self, forKey: .property), operator: try c.decode(MeterFilterOperator.self, forKey: .operator),
                value: try c.decode(MetadataValue.self, forKey: .value))
        }
    }

    /// Encodes the comparison or the nested filter.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .group(let filter): try filter.encode(to: encoder)
        case .condition(let property, let op, let value):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(property, forKey: .property)
            try c.encode(op, forKey: .operator)
            try c.encode(value, forKey: .value)
        }
    }
}

/// How a ``MeterFilterClause`` compares (Polar's `FilterOperator`).
public enum MeterFilterOperator: String, Codable, Sendable, Hashable, CaseIterable {
    /// Equal (`eq`).
    case equal = "eq"
    /// Not equal (`ne`).
    case notEqual = "ne"
    /// Greater than (`gt`).
    case greaterThan = "gt"
    /// Greater than or equal (`gte`).
    case greaterThanOrEqual = "gte"
    /// Less than (`lt`).
    case lessThan = "lt"
    /// Less than or equal (`lte`).
    case lessThanOrEqual = "lte"
    /// Contains the text (`like`).
    case like
    /// Does not contain the text (`not_like`).
    case notLike = "not_like"
}

/// How a meter adds up the events it counts: `count`, or a function over a property.
public struct MeterAggregation: Codable, Sendable, Hashable {
    /// The aggregation function, as Polar spells it.
    public enum Function: String, Codable, Sendable, Hashable, CaseIterable {
        /// How many events.
        case count
        /// The property's sum.
        case sum
        /// The property's largest value.
        case max
        /// The property's smallest value.
        case min
        /// The property's mean.
        case avg
        /// How many distinct values the property takes.
        case unique
    }

    /// The function.
    public var function: Function
    /// The property it reads (a metadata key, dotted for nested values); `nil` for `count`.
    public var property: String?

    /// Counts the events.
    public static let count = MeterAggregation(function: .count)

    /// Creates an aggregation.
    public init(function: Function, property: String? = nil) {
        self.function = function
        self.property = property
    }

    enum CodingKeys: String, CodingKey { case function = "func", property }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        function = try c.decode(Function.self, forKey: .function)
        property = try c.decodeIfPresent(String.self, forKey: .property)
    }

    /// Encodes `func`, and `property` unless counting.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(function, forKey: .function)
        try c.encodeIfPresent(property, forKey: .property)
    }
}

/// The body of `POST /v1/meters/`.
public struct MeterCreate: Encodable, Sendable, Hashable {
    /// The name customers see.
    public var name: String
    /// Which events count.
    public var filter: MeterFilter
    /// How they add up.
    public var aggregation: MeterAggregation
    /// Key-value data of the merchant's.
    public var metadata: Metadata

    /// Creates the body.
    public init(name: String, filter: MeterFilter, aggregation: MeterAggregation, metadata: Metadata = [:]) {
        self.name = name
        self.filter = filter
        self.aggregation = aggregation
        self.metadata = metadata
    }
}

/// The body of `PATCH /v1/meters/{id}`: only what is set is sent. Polar locks the filter and
/// aggregation once events count towards the meter.
public struct MeterUpdate: Encodable, Sendable, Hashable {
    /// A new name.
    public var name: String?
    /// A new filter.
    public var filter: MeterFilter?
    /// A new aggregation.
    public var aggregation: MeterAggregation?
    /// New metadata, replacing the old.
    public var metadata: Metadata?
    /// `true` archives the meter, `false` brings it back.
    public var isArchived: Bool?

    /// Creates the body; unset fields are not sent.
    public init(
        name: String? = nil, filter: MeterFilter? = nil, aggregation: MeterAggregation? = nil, metadata: Metadata? = nil,
        isArchived: Bool? = nil
    ) {
        self.name = name
        self.filter = filter
        self.aggregation = aggregation
        self.metadata = metadata
        self.isArchived = isArchived
    }

    enum CodingKeys: String, CodingKey { case name, filter, aggregation, metadata, isArchived = "is_archived" }
}

/// A meter's usage over time (`GET /v1/meters/{id}/quantities`).
public struct MeterQuantities: Codable, Sendable, Hashable {
    /// One bucket of the series.
    public struct Quantity: Codable, Sendable, Hashable {
        /// Where the bucket starts.
        public var timestamp: Date
        /// The aggregate of the bucket's whole calendar period.
        public var quantity: Double

        /// Decodes Polar's JSON.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            timestamp = try c.decodeTimestamp(forKey: .timestamp)
            quantity = try c.decode(Double.self, forKey: .quantity)
        }

        /// Encodes the bucket.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeTimestamp(timestamp, forKey: .timestamp)
            try c.encode(quantity, forKey: .quantity)
        }

        enum CodingKeys: String, CodingKey { case timestamp, quantity }
    }

    /// The buckets, oldest first.
    public var quantities: [Quantity]
    /// The aggregate over the whole range.
    public var total: Double
}

/// The bucket size of ``MeterQuantities`` (Polar's `TimeInterval`).
public enum MeterQuantityInterval: String, Codable, Sendable, Hashable, CaseIterable {
    /// Calendar years.
    case year
    /// Calendar months.
    case month
    /// Weeks from Monday.
    case week
    /// Days.
    case day
    /// Hours.
    case hour
}
