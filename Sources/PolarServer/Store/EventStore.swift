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

    /// The organization's event by its ID.
    func find(_ id: UUID, organizationID: UUID) async throws -> Row? {
        try await database.sql.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM events \
            WHERE id = \(bind: id.lowercased) AND organization_id = \(bind: organizationID.lowercased)
            """
        ).first().map(Row.init(row:))
    }

    /// One page of the organization's events matching `filter`, newest first unless told
    /// otherwise, and how many match. `matching` is a condition SQL cannot say (a meter filter,
    /// evaluated exactly as metering evaluates it); with one, the matching rows are read in
    /// order, a batch at a time, and counted as they pass.
    func list(
        _ filter: EventListFilter, organizationID: UUID, page: Int, limit: Int, matching: (@Sendable (Row) -> Bool)? = nil
    ) async throws -> (items: [Row], total: Int) {
        let condition = conditions(filter, organizationID: organizationID)
        let direction = filter.descending ? "DESC" : "ASC"
        guard let matching else {
            let (rows, total) = try await database.page(
                Self.columns, from: "events", where: condition, orderBy: "timestamp \(direction)", page: page, limit: limit)
            return (try rows.map(Row.init(row:)), total)
        }
        let skip = Database.offset(page: page, limit: limit)
        var items: [Row] = []
        var total = 0
        try await each(filter, organizationID: organizationID) { batch in
            for row in batch where matching(row) {
                if total >= skip && items.count < limit { items.append(row) }
                total += 1
            }
        }
        return (items, total)
    }

    /// Every event matching `filter`, in its order (by time, then by ID), a batch at a time.
    func each(_ filter: EventListFilter, organizationID: UUID, _ body: ([Row]) async throws -> Void) async throws {
        let condition = conditions(filter, organizationID: organizationID)
        let direction = filter.descending ? "DESC" : "ASC"
        var after: (timestamp: Int64, id: String)?
        while true {
            var batchCondition = condition
            if let after {
                let comparison = filter.descending ? "<" : ">"
                batchCondition = batchCondition + """
                     AND (timestamp \(unsafeRaw: comparison) \(bind: after.timestamp) \
                    OR (timestamp = \(bind: after.timestamp) AND id > \(bind: after.id)))
                    """
            }
            let batch = try await database.sql.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM events WHERE " + batchCondition
                    + " ORDER BY timestamp \(unsafeRaw: direction), id LIMIT 1000"
            ).all().map(Row.init(row:))
            try await body(batch)
            guard batch.count == 1000, let last = batch.last else { return }
            after = (last.timestamp, last.id.lowercased)
        }
    }

    private func conditions(_ filter: EventListFilter, organizationID: UUID) -> SQLQueryString {
        var conditions: [SQLQueryString] = ["organization_id = \(bind: organizationID.lowercased)"]
        if let start = filter.after { conditions.append("timestamp > \(bind: start)") }
        if let end = filter.before { conditions.append("timestamp < \(bind: end)") }
        let customer = Self.ofCustomers(filter.customerIDs, externalIDs: filter.externalCustomerIDs)
        if !customer.isEmpty { conditions.append("(" + customer.joined(separator: " OR ") + ")") }
        if let names = filter.names { conditions.append("name IN (\(binds: names))") }
        if let sources = filter.sources { conditions.append("source IN (\(binds: sources))") }
        for (key, values) in filter.metadata { conditions.append(database.dialect.jsonMemberIn("metadata", key, values)) }
        if let query = filter.query {
            let pattern = SQLLike.contains(query.text)
            let matches: [SQLQueryString] =
                [
                    "LOWER(name) LIKE \(bind: pattern) ESCAPE '\\'", "LOWER(source) LIKE \(bind: pattern) ESCAPE '\\'",
                    "LOWER(metadata) LIKE \(bind: pattern) ESCAPE '\\'",
                ] + Self.ofCustomers(query.customerIDs, externalIDs: query.externalCustomerIDs)
            conditions.append("(" + matches.joined(separator: " OR ") + ")")
        }
        // No event here has a parent, so asking for an event's descendants finds none.
        if filter.parentID != nil { conditions.append("1 = 0") }
        return conditions.joined(separator: " AND ")
    }

    /// One page of the organization's event names, each with its source, how many events have
    /// it and when the first and last happened, and how many names there are.
    func names(_ filter: EventNamesFilter, organizationID: UUID, page: Int, limit: Int) async throws -> (items: [Name], total: Int) {
        var conditions: [SQLQueryString] = ["organization_id = \(bind: organizationID.lowercased)"]
        let customer = Self.ofCustomers(filter.customerIDs, externalIDs: filter.externalCustomerIDs)
        if !customer.isEmpty { conditions.append("(" + customer.joined(separator: " OR ") + ")") }
        if let sources = filter.sources { conditions.append("source IN (\(binds: sources))") }
        if let query = filter.query { conditions.append("LOWER(name) LIKE \(bind: SQLLike.contains(query)) ESCAPE '\\'") }
        let grouped: SQLQueryString =
            """
            SELECT name, source, COUNT(*) AS occurrences, MIN(timestamp) AS first_seen, MAX(timestamp) AS last_seen \
            FROM events WHERE
            """ + " " + conditions.joined(separator: " AND ") + " GROUP BY name, source"
        let total = try await database.sql.raw("SELECT COUNT(*) AS n FROM (" + grouped + ") AS names")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let order = (filter.sorting.map(\.orderBy) + ["name", "source"]).joined(separator: ", ")
        let rows = try await database.sql.raw(
            grouped + " ORDER BY \(unsafeRaw: order) LIMIT \(literal: limit) OFFSET \(literal: Database.offset(page: page, limit: limit))"
        ).all()
        return (
            try rows.map { row in
                Name(
                    name: try row.decode(column: "name", as: String.self), source: try row.decode(column: "source", as: String.self),
                    occurrences: try row.decode(column: "occurrences", as: Int.self),
                    firstSeen: try row.decode(column: "first_seen", as: Int64.self),
                    lastSeen: try row.decode(column: "last_seen", as: Int64.self))
            }, total
        )
    }

    /// An event name as `names` counts it.
    struct Name: Sendable {
        var name: String
        var source: String
        var occurrences: Int
        var firstSeen: Int64
        var lastSeen: Int64
    }

    /// Conditions, to be ORed, for the events of these customers. An event sent with an
    /// external ID matches by it alone: its `customer_id` is only the one it resolved to here.
    private static func ofCustomers(_ ids: [UUID], externalIDs: [String]) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        if !ids.isEmpty { conditions.append("(customer_id IN (\(binds: ids.map(\.lowercased))) AND external_customer_id IS NULL)") }
        if !externalIDs.isEmpty { conditions.append("external_customer_id IN (\(binds: externalIDs))") }
        return conditions
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
        externalCustomerID = try row.optional("external_customer_id", as: String.self)
        externalID = try row.optional("external_id", as: String.self)
        metadata = try row.json("metadata")
        ingestedAt = try row.decode(column: "ingested_at", as: Int64.self)
    }
}

/// The filters and order of `GET /v1/events/`, already validated and resolved.
struct EventListFilter: Sendable {
    /// Only events strictly after and before these times (microseconds), as Polar compares.
    var after: Int64?
    var before: Int64?
    /// Events of these customers: those sent by their IDs (or by Polar itself), and those sent
    /// by their external IDs.
    var customerIDs: [UUID] = []
    var externalCustomerIDs: [String] = []
    var names: [String]?
    var sources: [String]?
    var metadata: [(key: String, values: [String])] = []
    var query: Query?
    var parentID: UUID?
    var descending = true

    /// Polar's `query`: text in the event's name, source or metadata, or a customer it matches.
    struct Query: Sendable {
        var text: String
        var customerIDs: [UUID]
        var externalCustomerIDs: [String]
    }
}

/// The filters and order of `GET /v1/events/names`, already validated and resolved.
struct EventNamesFilter: Sendable {
    /// As in `EventListFilter`.
    var customerIDs: [UUID] = []
    var externalCustomerIDs: [String] = []
    var sources: [String]?
    /// Text in the event's name.
    var query: String?
    var sorting: [EventNamesSortProperty] = [.lastSeenDescending]
}

/// Polar's sort keys for event names: most recently seen first unless told otherwise.
enum EventNamesSortProperty: String, CaseIterable, Sendable {
    case name
    case nameDescending = "-name"
    case occurrences
    case occurrencesDescending = "-occurrences"
    case firstSeen = "first_seen"
    case firstSeenDescending = "-first_seen"
    case lastSeen = "last_seen"
    case lastSeenDescending = "-last_seen"

    var orderBy: String {
        switch self {
        case .name: "name"
        case .nameDescending: "name DESC"
        case .occurrences: "occurrences"
        case .occurrencesDescending: "occurrences DESC"
        case .firstSeen: "first_seen"
        case .firstSeenDescending: "first_seen DESC"
        case .lastSeen: "last_seen"
        case .lastSeenDescending: "last_seen DESC"
        }
    }
}
