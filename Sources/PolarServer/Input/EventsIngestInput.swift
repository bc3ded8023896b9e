import Foundation
import PolarModels

/// A `POST /v1/events/ingest` body (Polar's `EventsIngest`): each event names its customer by
/// `customer_id` (`EventCreateCustomer`) or `external_customer_id` (`EventCreateExternalCustomer`).
struct EventsIngestInput: Sendable {
    enum CustomerReference: Sendable, Hashable {
        case id(UUID)
        case externalID(String)
    }

    struct Event: Sendable {
        var name: String
        /// Microseconds since the epoch; now when not sent.
        var timestamp: Int64
        var externalID: String?
        var customer: CustomerReference
        var metadata: JSONValue
        /// Sent but refused with an organization token, as in Polar.
        var organizationID: UUID?
        /// Sent but never found: members exist only under Polar's member model.
        var memberID: UUID?
    }

    var events: [Event]

    init(body: JSONValue?, now: Int64) throws {
        var reader = InputReader()
        guard let body, reader.requireObject(body, at: ["body"]) else {
            if body == nil { reader.fail(["body"], "missing", "Field required", input: .null) }
            try reader.check()
            preconditionFailure("unreachable: check() threw")
        }
        var events: [Event] = []
        if let items = reader.required(body, "events", at: ["body"]).flatMap({ reader.list($0, at: ["body", "events"]) }) {
            for (index, item) in items.enumerated() {
                if let event = Self.event(item, at: ["body", "events", .index(index)], now: now, reader: &reader) {
                    events.append(event)
                }
            }
        }
        try reader.check()
        self.events = events
    }

    /// One event of the union, which has no discriminator: as in pydantic's smart mode, a
    /// value valid as both members is the first (`EventCreateCustomer`), and one valid as
    /// neither gets both members' errors.
    private static func event(_ value: JSONValue, at loc: [LocationItem], now: Int64, reader: inout InputReader) -> Event? {
        var failures: [ValidationError] = []
        for shape in ["EventCreateCustomer", "EventCreateExternalCustomer"] {
            var attempt = InputReader()
            if let event = Self.event(value, shape: shape, at: loc + [.key(shape)], now: now, reader: &attempt) { return event }
            failures += attempt.errors
        }
        reader.record(failures)
        return nil
    }

    /// One member of the union, its fields in the schema's order.
    private static func event(_ value: JSONValue, shape: String, at loc: [LocationItem], now: Int64, reader: inout InputReader) -> Event? {
        guard reader.requireObject(value, at: loc) else { return nil }
        var timestamp = now
        if let raw = value["timestamp"] {
            if let parsedTime = reader.awareDatetime(raw, at: loc + ["timestamp"]) {
                if parsedTime > now {
                    reader.fail(
                        loc + ["timestamp"], "value_error", "Value error, Timestamp must be in the past.", input: raw,
                        ctx: .object(["error": .object([])]))
                }
                timestamp = parsedTime
            }
        }
        let name = reader.required(value, "name", at: loc).flatMap { reader.string($0, at: loc + ["name"], maxLength: 128) }
        let organizationID = reader.optional(value, "organization_id").flatMap { reader.uuid4($0, at: loc + ["organization_id"]) }
        let externalID = reader.optional(value, "external_id").flatMap { reader.string($0, at: loc + ["external_id"]) }
        if let parent = reader.optional(value, "parent_id") { _ = reader.string(parent, at: loc + ["parent_id"]) }
        let metadata = value["metadata"].flatMap { reader.eventMetadata($0, at: loc + ["metadata"]) } ?? .object([])
        var customer: CustomerReference?
        var memberID: UUID?
        if shape == "EventCreateCustomer" {
            customer = reader.required(value, "customer_id", at: loc).flatMap {
                reader.uuid4($0, at: loc + ["customer_id"]).map(CustomerReference.id)
            }
            memberID = reader.optional(value, "member_id").flatMap { reader.uuid4($0, at: loc + ["member_id"]) }
        } else {
            customer = reader.required(value, "external_customer_id", at: loc).flatMap {
                reader.string($0, at: loc + ["external_customer_id"]).map(CustomerReference.externalID)
            }
        }
        guard reader.errors.isEmpty, let name, let customer else { return nil }
        return Event(
            name: name, timestamp: timestamp, externalID: externalID, customer: customer, metadata: metadata,
            organizationID: organizationID, memberID: memberID)
    }
}

extension InputReader {
    /// Polar's event metadata: the usual metadata values, plus the structured `_cost` and
    /// `_llm` objects, kept as sent.
    mutating func eventMetadata(_ value: JSONValue, at loc: [LocationItem]) -> JSONValue? {
        guard case .object(let members) = value else {
            fail(loc, "dict_type", "Input should be a valid dictionary", input: value)
            return nil
        }
        let structured = members.filter { ($0.key == "_cost" || $0.key == "_llm") && $0.value.isObject }
        let plain = members.filter { !(($0.key == "_cost" || $0.key == "_llm") && $0.value.isObject) }
        guard metadata(.object(plain), at: loc) != nil else { return nil }
        return .object(plain + structured)
    }

    /// pydantic's `AwareDatetime` from JSON text: an RFC 3339 time with an offset.
    mutating func awareDatetime(_ value: JSONValue, at loc: [LocationItem]) -> Int64? {
        guard case .string(let text) = value else {
            fail(loc, "datetime_type", "Input should be a valid datetime", input: value)
            return nil
        }
        guard let microseconds = PolarTimestamp.parseMicroseconds(text) else {
            fail(loc, "timezone_aware", "Input should have timezone info", input: value)
            return nil
        }
        return microseconds
    }
}

extension JSONValue {
    var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}
