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
        /// Whether the body gave the timestamp (else a customer on a test clock takes its time).
        var timestampSent = false
        var externalID: String?
        var customer: CustomerReference
        var metadata: JSONValue
        /// Sent but refused with an organization token, as in Polar.
        var organizationID: UUID?
        /// Sent but never found: members exist only under Polar's member model.
        var memberID: UUID?
    }

    var events: [Event]
    /// Polar's errors for events timed after the real now, when nothing else is wrong with the
    /// body: a customer on a test clock may be ahead of real time, so the service keeps only
    /// those of events whose customer's clock is not that far on.
    var futureTimestamps: [ValidationError] = []

    init(body: JSONValue?, now: Int64) throws {
        var reader = InputReader()
        guard let body, reader.requireObject(body, at: ["body"]) else {
            if body == nil { reader.fail(["body"], "missing", "Field required", input: .null) }
            try reader.stop()
        }
        events = Self.events(body, now: now, latest: .max, reader: &reader)
        // Read again with Polar's check only when it matters: for the whole body's errors, or
        // for those of the events timed after now.
        guard !reader.errors.isEmpty || events.contains(where: { $0.timestamp > now }) else { return }
        var strict = InputReader()
        _ = Self.events(body, now: now, latest: now, reader: &strict)
        if !reader.errors.isEmpty { try strict.check() }
        futureTimestamps = strict.errors
    }

    /// The events of `body`, each timestamp checked to be at most `latest`.
    private static func events(_ body: JSONValue, now: Int64, latest: Int64, reader: inout InputReader) -> [Event] {
        guard let items = reader.required(body, "events", at: ["body"]).flatMap({ reader.list($0, at: ["body", "events"]) }) else { return [] }
        return items.enumerated().compactMap { index, item in
            Self.event(item, at: ["body", "events", .index(index)], now: now, latest: latest, reader: &reader)
        }
    }

    /// One event of the union, which has no discriminator: as in pydantic's smart mode, a
    /// value valid as both members is the first (`EventCreateCustomer`), and one valid as
    /// neither gets both members' errors.
    private static func event(_ value: JSONValue, at loc: [LocationItem], now: Int64, latest: Int64, reader: inout InputReader) -> Event? {
        var failures: [ValidationError] = []
        for shape in ["EventCreateCustomer", "EventCreateExternalCustomer"] {
            var attempt = InputReader()
            if let event = Self.event(value, shape: shape, at: loc + [.key(shape)], now: now, latest: latest, reader: &attempt) { return event }
            failures += attempt.errors
        }
        reader.record(failures)
        return nil
    }

    /// One member of the union, its fields in the schema's order.
    private static func event(
        _ value: JSONValue, shape: String, at loc: [LocationItem], now: Int64, latest: Int64, reader: inout InputReader
    ) -> Event? {
        guard reader.requireObject(value, at: loc) else { return nil }
        var timestamp = now
        if let raw = value["timestamp"] {
            if let parsedTime = reader.awareDatetime(raw, at: loc + ["timestamp"]) {
                if parsedTime > latest {
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
            name: name, timestamp: timestamp, timestampSent: value["timestamp"] != nil, externalID: externalID, customer: customer,
            metadata: metadata, organizationID: organizationID, memberID: memberID)
    }
}

extension InputReader {
    /// Polar's `EventMetadataInput`: metadata values under any number of keys of any length, and
    /// the structured `_cost` and `_llm` objects, checked as Polar's typed dicts and kept as sent.
    mutating func eventMetadata(_ value: JSONValue, at loc: [LocationItem]) -> JSONValue? {
        guard case .object(let members) = value else {
            fail(loc, "dict_type", "Input should be a valid dictionary", input: value)
            return nil
        }
        let errorCount = errors.count
        for member in members {
            let keyLoc = loc + [.key(member.key)]
            switch member.key {
            case "_cost": structured(member.value, at: keyLoc, ["amount": .decimal, "currency": .usd])
            case "_llm":
                structured(
                    member.value, at: keyLoc,
                    [
                        "vendor": .string, "model": .string, "prompt": .optionalString, "response": .optionalString,
                        "input_tokens": .int, "cached_input_tokens": .optionalInt, "output_tokens": .int, "total_tokens": .int,
                    ])
            default: _ = metadataValue(member.value, at: keyLoc)
            }
        }
        return errors.count == errorCount ? value : nil
    }

    private enum StructuredField { case string, optionalString, int, optionalInt, decimal, usd }

    /// One of Polar's typed dicts, its fields checked in their declared order.
    private mutating func structured(_ value: JSONValue, at loc: [LocationItem], _ fields: KeyValuePairs<String, StructuredField>) {
        guard case .object = value else {
            fail(loc, "dict_type", "Input should be a valid dictionary", input: value)
            return
        }
        for (key, kind) in fields {
            let fieldLoc = loc + [.key(key)]
            switch (value[key], kind) {
            case (nil, .optionalString), (nil, .optionalInt), (.null?, .optionalString): continue
            case (nil, _): fail(fieldLoc, "missing", "Field required", input: value)
            case (let field?, .string), (let field?, .optionalString): _ = string(field, at: fieldLoc)
            case (let field?, .int), (let field?, .optionalInt): _ = int(field, at: fieldLoc)
            case (let field?, .decimal): _ = decimal(field, at: fieldLoc, positive: false)
            case (let field?, .usd):
                if let text = string(field, at: fieldLoc), !text.contains("usd") {
                    fail(
                        fieldLoc, "string_pattern_mismatch", "String should match pattern 'usd'", input: field,
                        ctx: .object(["pattern": "usd"]))
                }
            }
        }
    }

    /// pydantic's `AwareDatetime`: RFC 3339 with an offset (seconds optional), or a Unix time
    /// in seconds (milliseconds past 2e10) as a number or numeric text. Microseconds since the epoch.
    mutating func awareDatetime(_ value: JSONValue, at loc: [LocationItem]) -> Int64? {
        let unix: Double?
        switch value {
        case .integer(let number): unix = Double(number)
        case .number(let number): unix = number
        case .string(let text): unix = Double(text.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil }
        default:
            fail(loc, "datetime_type", "Input should be a valid datetime", input: value)
            return nil
        }
        if let unix {
            let seconds = abs(unix) > 2e10 ? unix / 1000 : unix
            guard abs(seconds) < 253_402_300_800 else {
                fail(
                    loc, "datetime_parsing", "Input should be a valid datetime, dates after 9999 are not supported as unix timestamps",
                    input: value, ctx: .object(["error": "dates after 9999 are not supported as unix timestamps"]))
                return nil
            }
            return Int64((seconds * 1_000_000).rounded())
        }
        guard case .string(let text) = value else { return nil }
        // Seconds may be left out: `2026-01-02T03:04Z`.
        let withSeconds = text.count >= 16 && !text.dropFirst(16).hasPrefix(":")
            ? String(text.prefix(16)) + ":00" + text.dropFirst(16) : text
        for candidate in [text, withSeconds] {
            if let microseconds = PolarTimestamp.parseMicroseconds(candidate) { return microseconds }
        }
        if [text + "Z", withSeconds + "Z", text + "T00:00:00Z"].contains(where: { PolarTimestamp.parseMicroseconds($0) != nil }) {
            fail(loc, "timezone_aware", "Input should have timezone info", input: value)
            return nil
        }
        let bytes = Array(text.utf8)
        let reason =
            bytes.count < 10 ? "input is too short"
            : !bytes[0..<4].allSatisfy({ $0 >= 48 && $0 <= 57 }) ? "invalid character in year"
            : bytes[4] != UInt8(ascii: "-") ? "invalid date separator, expected `-`"
            : "unexpected extra characters at the end of the input"
        fail(
            loc, "datetime_from_date_parsing", "Input should be a valid datetime or date, \(reason)", input: value,
            ctx: .object(["error": .string(reason)]))
        return nil
    }
}
