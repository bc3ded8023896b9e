import Foundation

/// A test clock: this service's extension, shaped after Stripe's test clocks. Customers
/// created on a clock live on its time instead of the real one, so advancing it renews,
/// cancels and resets their subscriptions as the months would.
public struct TestClock: Codable, Sendable, Hashable {
    /// Whether an advance is running.
    public enum Status: String, Codable, Sendable, Hashable {
        /// Nothing is running: the clock can be advanced.
        case ready
        /// An advance is running (a crash resumes it when the server starts again).
        case advancing
    }

    /// When the clock was created (real time).
    public var createdAt: Date
    /// When it was last advanced (real time).
    public var modifiedAt: Date?
    /// The clock's ID.
    public var id: UUID
    /// The name given at creation.
    public var name: String?
    /// The clock's time: what "now" is for its customers.
    public var frozenTime: Date
    /// Whether an advance is running.
    public var status: Status

    /// Creates a clock value.
    public init(createdAt: Date, modifiedAt: Date? = nil, id: UUID, name: String? = nil, frozenTime: Date, status: Status = .ready) {
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.id = id
        self.name = name
        self.frozenTime = frozenTime
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case createdAt = "created_at", modifiedAt = "modified_at", id, name, frozenTime = "frozen_time", status
    }

    /// Decodes the service's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        id = try c.decode(UUID.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        frozenTime = try c.decodeTimestamp(forKey: .frozenTime)
        status = try c.decode(Status.self, forKey: .status)
    }

    /// Encodes every key, `null`s included, as Polar's schemas are written.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(id.lowercased, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encodeTimestamp(frozenTime, forKey: .frozenTime)
        try c.encode(status, forKey: .status)
    }
}

/// The body of `POST /v1/test-clocks/`.
public struct TestClockCreate: Codable, Sendable, Hashable {
    /// The clock's starting time; now when absent.
    public var frozenTime: Date?
    /// A name to tell clocks apart.
    public var name: String?

    /// Creates the body; unset options are not sent.
    public init(frozenTime: Date? = nil, name: String? = nil) {
        self.frozenTime = frozenTime
        self.name = name
    }

    enum CodingKeys: String, CodingKey { case frozenTime = "frozen_time", name }

    /// Decodes the body.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        frozenTime = try c.decodeTimestampIfPresent(forKey: .frozenTime)
        name = try c.decodeIfPresent(String.self, forKey: .name)
    }

    /// Encodes the options that are set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let frozenTime { try c.encodeTimestamp(frozenTime, forKey: .frozenTime) }
        try c.encodeIfPresent(name, forKey: .name)
    }
}

/// The body of `POST /v1/test-clocks/{id}/advance`: the time to move the clock to.
public struct TestClockAdvance: Codable, Sendable, Hashable {
    /// The new time; not before the clock's current one.
    public var frozenTime: Date

    /// Creates the body.
    public init(frozenTime: Date) { self.frozenTime = frozenTime }

    enum CodingKeys: String, CodingKey { case frozenTime = "frozen_time" }

    /// Decodes the body.
    public init(from decoder: any Decoder) throws {
        frozenTime = try decoder.container(keyedBy: CodingKeys.self).decodeTimestamp(forKey: .frozenTime)
    }

    /// Encodes the body.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTimestamp(frozenTime, forKey: .frozenTime)
    }
}
