import Foundation
import PolarModels
import SQLKit

/// Ingested and system events.
struct EventStore: Sendable {
    let database: Database

    struct Row: Sendable {
        var id: UUID
        var organizationID: UUID
        var name: String
        var source: String
        var timestamp: Int64
        var customerID: UUID?
        var externalCustomerID: String?
        var externalID: String?
        var metadata: JSONValue
        var ingestedAt: Int64

        var metered: MeteredEvent {
            var values: [String: JSONValue] = [:]
            if case .object(let members) = metadata { for member in members { values[member.key] = member.value } }
            return MeteredEvent(name: name, source: source, timestampSeconds: epochSeconds, metadata: values)
        }

        /// The timestamp in whole seconds as Polar's SQL has it: PostgreSQL's cast of the
        /// epoch to a bigint rounds half away from zero.
        var epochSeconds: Int64 {
            let (seconds, micros) = timestamp.quotientAndRemainder(dividingBy: 1_000_000)
            return seconds + (micros >= 500_000 ? 1 : micros <= -500_000 ? -1 : 0)
        }
    }

    private static let columns =
        "id, organization_id, name, source, timestamp, customer_id, external_customer_id, external_id, metadata, ingested_at"

    /// Which of `externalIDs` the organization already has.
    func existingExternalIDs(_ externalIDs: [String], organizationID: UUID, on db: any SQLDatabase) async throws -> Set<String> {
        guard !externalIDs.isEmpty else { return [] }
        let rows = try await db.raw(
            """
            SELECT external_id FROM events WHERE organization_id = \(bind: organizationID.lowercased) \
            AND external_id IN (\(binds: externalIDs))
            """
        ).all()
        return Set(try rows.map { try $0.decode(column: "external_id", as: String.self) })
    }

    /// The customer's `meter.credited` units on the meter since its last `meter.reset` (all of
    /// them if it never reset), in order, each with whether it rolls over.
    func creditsSinceReset(customerID: UUID, meterID: UUID, on db: any SQLDatabase) async throws -> [(units: Int64, rollover: Bool)] {
        let ofMeter = database.dialect.jsonMemberIn("metadata", "meter_id", [meterID.lowercased])
        let customer: SQLQueryString = "customer_id = \(bind: customerID.lowercased) AND source = 'system' AND "
        let lastReset = try await db.raw(
            "SELECT MAX(timestamp) AS t FROM events WHERE " + customer + "name = 'meter.reset' AND " + ofMeter
        ).first(decodingColumn: "t", as: Int64?.self) ?? nil
        let since: SQLQueryString = lastReset.map { " AND timestamp >= \(bind: $0)" } ?? ""
        let rows = try await db.raw(
            "SELECT metadata FROM events WHERE " + customer + "name = 'meter.credited' AND " + ofMeter + since
                + " ORDER BY timestamp, ingested_at"
        ).all()
        return try rows.map { row in
            let metadata = try row.json("metadata")
            guard case .integer(let units)? = metadata["units"] else { return (0, false) }
            return (Int64(units), metadata["rollover"] == .bool(true))
        }
    }

    func insert(_ events: [Row], on db: any SQLDatabase) async throws {
        // Bound in chunks: SQLite allows at most 32,766 parameters per statement.
        for chunk in stride(from: 0, to: events.count, by: 500).map({ events[$0..<min($0 + 500, events.count)] }) {
            let values = chunk.map { event -> SQLQueryString in
                """
                (\(bind: event.id.lowercased), \(bind: event.organizationID.lowercased), \(bind: event.name), \
                \(bind: event.source), \(bind: event.timestamp), \(bind: event.customerID?.lowercased), \
                \(bind: event.externalCustomerID), \(bind: event.externalID), \(bind: event.metadata.text), \(bind: event.ingestedAt))
                """
            }
            let query: SQLQueryString = "INSERT INTO events (\(unsafeRaw: Self.columns)) VALUES " + values.joined(separator: ", ")
            try await db.raw(query).run()
        }
    }

    /// The organization's events with a customer, in ingestion order, a page at a time: what
    /// a new meter counts from.
    func customerEvents(organizationID: UUID, after: (ingestedAt: Int64, id: String)?, limit: Int, on db: any SQLDatabase)
        async throws -> [Row]
    {
        let (ingestedAt, id) = after ?? (Int64.min, "")
        return try await db.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM events WHERE organization_id = \(bind: organizationID.lowercased) \
            AND customer_id IS NOT NULL AND (ingested_at > \(bind: ingestedAt) OR (ingested_at = \(bind: ingestedAt) AND id > \(bind: id))) \
            ORDER BY ingested_at, id LIMIT \(bind: limit)
            """
        ).all().map(Row.init(row:))
    }

    /// Up to `limit` events sent for `externalCustomerID` while no customer had it.
    func pending(externalCustomerID: String, organizationID: UUID, limit: Int, on db: any SQLDatabase) async throws -> [Row] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM events WHERE organization_id = \(bind: organizationID.lowercased) \
            AND external_customer_id = \(bind: externalCustomerID) AND customer_id IS NULL LIMIT \(bind: limit)
            """
        ).all().map(Row.init(row:))
    }

    /// Makes the events the customer's.
    func assign(_ ids: [UUID], customerID: UUID, on db: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        try await db.raw(
            "UPDATE events SET customer_id = \(bind: customerID.lowercased) WHERE id IN (\(binds: ids.map(\.lowercased)))"
        ).run()
    }
}

extension EventStore.Row {
    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        organizationID = try row.uuid("organization_id")
        name = try row.decode(column: "name", as: String.self)
        source = try row.decode(column: "source", as: String.self)
        timestamp = try row.decode(column: "timestamp", as: Int64.self)
        customerID = try row.optionalUUID("customer_id")
        externalCustomerID = try row.decode(column: "external_customer_id", as: String?.self)
        externalID = try row.decode(column: "external_id", as: String?.self)
        metadata = try row.json("metadata")
        ingestedAt = try row.decode(column: "ingested_at", as: Int64.self)
    }
}
