import Foundation
import PolarModels
import SQLKit

/// Usage rows and the distinct values `unique` meters have seen.
struct MeterUsageStore: Sendable {
    let database: Database

    private static let columns =
        "id, owner_id, meter_id, created_at, modified_at, event_count, number_count, number_sum, number_min, number_max, unique_count, credited_units"

    /// The owner's row for the meter, locked for the transaction's update.
    func find(ownerID: UUID, meterID: UUID, on db: any SQLDatabase) async throws -> MeterUsage? {
        try await db.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM meter_usages \
            WHERE owner_id = \(bind: ownerID.lowercased) AND meter_id = \(bind: meterID.lowercased)\(unsafeRaw: database.dialect.lockForUpdate)
            """
        ).first().map(MeterUsage.init(row:))
    }

    /// Whether any event has counted towards the meter: Polar's "already aggregating events".
    func hasEvents(meterID: UUID, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            SELECT 1 AS found FROM meter_usages WHERE meter_id = \(bind: meterID.lowercased) \
            AND (event_count > 0 OR number_count > 0 OR unique_count > 0) LIMIT 1
            """
        ).first() != nil
    }

    /// Every row of the owners given, oldest first.
    func list(ownerIDs: [UUID], on db: (any SQLDatabase)? = nil) async throws -> [MeterUsage] {
        guard !ownerIDs.isEmpty else { return [] }
        return try await (db ?? database.sql).raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM meter_usages \
            WHERE owner_id IN (\(binds: ownerIDs.map(\.lowercased))) ORDER BY created_at, id
            """
        ).all().map(MeterUsage.init(row:))
    }

    func save(_ usage: MeterUsage, isNew: Bool, on db: any SQLDatabase) async throws {
        let t = usage.totals
        if isNew {
            try await db.raw(
                """
                INSERT INTO meter_usages (\(unsafeRaw: Self.columns)) VALUES (\(bind: usage.id.lowercased), \
                \(bind: usage.ownerID.lowercased), \(bind: usage.meterID.lowercased), \(bind: usage.createdAt), \
                \(bind: usage.modifiedAt), \(bind: t.eventCount), \(bind: t.numberCount), \(bind: t.numberSum), \
                \(bind: t.numberMin), \(bind: t.numberMax), \(bind: t.uniqueCount), \(bind: usage.creditedUnits))
                """
            ).run()
        } else {
            try await db.raw(
                """
                UPDATE meter_usages SET modified_at = \(bind: usage.modifiedAt), event_count = \(bind: t.eventCount), \
                number_count = \(bind: t.numberCount), number_sum = \(bind: t.numberSum), number_min = \(bind: t.numberMin), \
                number_max = \(bind: t.numberMax), unique_count = \(bind: t.uniqueCount), \
                credited_units = \(bind: usage.creditedUnits) WHERE id = \(bind: usage.id.lowercased)
                """
            ).run()
        }
    }

    /// Gives each owner a zero row on every meter it has none of yet (a row that exists, or
    /// that a concurrent transaction adds first, is left as it is).
    func open(ownerIDs: Set<UUID>, meterIDs: [UUID], now: Int64, on db: any SQLDatabase) async throws {
        guard !ownerIDs.isEmpty, !meterIDs.isEmpty else { return }
        let owners = ownerIDs.map(\.lowercased).sorted()
        let existing = try await db.raw(
            "SELECT owner_id, meter_id FROM meter_usages WHERE owner_id IN (\(binds: owners))"
        ).all()
        let have = Set(try existing.map { [try $0.decode(column: "owner_id", as: String.self), try $0.decode(column: "meter_id", as: String.self)] })
        for owner in owners {
            for meterID in meterIDs.map(\.lowercased) where !have.contains([owner, meterID]) {
                try await db.raw(
                    """
                    INSERT INTO meter_usages (\(unsafeRaw: Self.columns)) VALUES (\(bind: UUID().lowercased), \(bind: owner), \
                    \(bind: meterID), \(bind: now), NULL, 0, 0, 0, NULL, NULL, 0, 0) ON CONFLICT (owner_id, meter_id) DO NOTHING
                    """
                ).run()
            }
        }
    }

    /// Forgets the values a `unique` row has seen, when its usage starts over.
    func clearValues(usageID: UUID, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM meter_usage_values WHERE usage_id = \(bind: usageID.lowercased)").run()
    }

    /// Records `value` for a `unique` row; returns whether it was new.
    func addValue(_ value: String, usageID: UUID, on db: any SQLDatabase) async throws -> Bool {
        let seen = try await db.raw(
            "SELECT 1 AS one FROM meter_usage_values WHERE usage_id = \(bind: usageID.lowercased) AND value = \(bind: value)"
        ).first()
        guard seen == nil else { return false }
        try await db.raw("INSERT INTO meter_usage_values (usage_id, value) VALUES (\(bind: usageID.lowercased), \(bind: value))").run()
        return true
    }
}

extension MeterUsage {
    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        ownerID = try row.uuid("owner_id")
        meterID = try row.uuid("meter_id")
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        modifiedAt = try row.optional("modified_at", as: Int64.self)
        totals = MeterTotals(
            eventCount: try row.decode(column: "event_count", as: Int64.self),
            numberCount: try row.decode(column: "number_count", as: Int64.self),
            numberSum: try row.decode(column: "number_sum", as: Double.self),
            numberMin: try row.optional("number_min", as: Double.self),
            numberMax: try row.optional("number_max", as: Double.self),
            uniqueCount: try row.decode(column: "unique_count", as: Int64.self))
        creditedUnits = try row.decode(column: "credited_units", as: Int64.self)
    }
}

extension MeterUsageStore {
    private static let customerColumns =
        "u.id, u.owner_id, u.meter_id, u.created_at, u.modified_at, u.event_count, u.number_count, u.number_sum, "
        + "u.number_min, u.number_max, u.unique_count, u.credited_units"

    /// One page of the organization's customer meters (customers' own rows, never a
    /// subscription period's) matching `filter`, and how many match. `aggregations` are the
    /// organization's meters' aggregations, which the units sorts compute consumed units with.
    func customerMeters(
        organizationID: UUID, filter: CustomerMeterFilter, aggregations: [UUID: MeterAggregation], page: Int, limit: Int
    ) async throws -> (items: [MeterUsage], total: Int) {
        var conditions: [SQLQueryString] = ["c.organization_id = \(bind: organizationID.lowercased)"]
        if let ids = filter.customerIDs { conditions.append("c.id IN (\(binds: ids.map(\.lowercased)))") }
        if let ids = filter.externalCustomerIDs { conditions.append("c.external_id IN (\(binds: ids))") }
        if let ids = filter.meterIDs { conditions.append("u.meter_id IN (\(binds: ids.map(\.lowercased)))") }
        if !filter.includeArchived { conditions.append("m.archived_at IS NULL") }
        if let name = filter.meterName { conditions.append("LOWER(m.name) LIKE \(bind: "%" + name.lowercased() + "%")") }
        let consumed = Self.consumedUnits(aggregations)
        let (rows, total) = try await database.page(
            Self.customerColumns, from: "meter_usages u JOIN customers c ON c.id = u.owner_id JOIN meters m ON m.id = u.meter_id",
            where: conditions.joined(separator: " AND "),
            orderBy: filter.sorting.map { $0.orderBy(consumed: consumed) }.joined(separator: ", "), idColumn: "u.id",
            page: page, limit: limit)
        return (try rows.map(MeterUsage.init(row:)), total)
    }

    /// A customer's row by its ID, in the organization.
    func customerMeter(_ id: UUID, organizationID: UUID) async throws -> MeterUsage? {
        try await database.sql.raw(
            """
            SELECT \(unsafeRaw: Self.customerColumns) FROM meter_usages u JOIN customers c ON c.id = u.owner_id \
            WHERE u.id = \(bind: id.lowercased) AND c.organization_id = \(bind: organizationID.lowercased)
            """
        ).first().map(MeterUsage.init(row:))
    }

    /// Consumed units in SQL, as ``MeterTotals/value(_:)`` computes them, per meter.
    private static func consumedUnits(_ aggregations: [UUID: MeterAggregation]) -> String {
        guard !aggregations.isEmpty else { return "0.0" }
        let cases = aggregations.sorted { $0.key.lowercased < $1.key.lowercased }.map { id, aggregation in
            let value =
                switch aggregation {
                case .count: "u.event_count * 1.0"
                case .property(.sum, _): "u.number_sum"
                case .property(.max, _): "COALESCE(u.number_max, 0.0)"
                case .property(.min, _): "COALESCE(u.number_min, 0.0)"
                case .property(.avg, _): "(CASE WHEN u.number_count = 0 THEN 0.0 ELSE u.number_sum / u.number_count END)"
                case .unique: "u.unique_count * 1.0"
                }
            // Meter IDs are UUIDs we generated, so they are safe as literals.
            return "WHEN '\(id.lowercased)' THEN \(value)"
        }
        return "(CASE u.meter_id \(cases.joined(separator: " ")) ELSE 0.0 END)"
    }
}

/// The filters and order of the customer-meter lists (the organization's and the portal's).
struct CustomerMeterFilter: Sendable {
    var customerIDs: [UUID]?
    var externalCustomerIDs: [String]?
    var meterIDs: [UUID]?
    /// Part of the meter's name, any case (the portal's `query`).
    var meterName: String?
    /// Polar leaves out archived meters unless the caller asks for meters by ID.
    var includeArchived = false
    var sorting: [CustomerMeterSortProperty] = [.modifiedAtDescending]
}

/// Polar's customer-meter sort keys; the portal's are these without the customer's.
enum CustomerMeterSortProperty: String, CaseIterable, Sendable {
    case createdAt = "created_at"
    case createdAtDescending = "-created_at"
    case modifiedAt = "modified_at"
    case modifiedAtDescending = "-modified_at"
    case customerID = "customer_id"
    case customerIDDescending = "-customer_id"
    case customerName = "customer_name"
    case customerNameDescending = "-customer_name"
    case meterID = "meter_id"
    case meterIDDescending = "-meter_id"
    case meterName = "meter_name"
    case meterNameDescending = "-meter_name"
    case consumedUnits = "consumed_units"
    case consumedUnitsDescending = "-consumed_units"
    case creditedUnits = "credited_units"
    case creditedUnitsDescending = "-credited_units"
    case balance
    case balanceDescending = "-balance"

    /// Polar sorts on PostgreSQL, NULLs last ascending and first descending; said explicitly
    /// so both databases agree.
    func orderBy(consumed: String) -> String {
        let descending = rawValue.hasPrefix("-")
        let column: String
        var nullable = false
        switch rawValue.trimmingCharacters(in: ["-"]) {
        case "created_at": column = "u.created_at"
        case "modified_at": (column, nullable) = ("u.modified_at", true)
        case "customer_id": column = "u.owner_id"
        case "customer_name": (column, nullable) = ("c.name", true)
        case "meter_id": column = "u.meter_id"
        case "meter_name": column = "m.name"
        case "consumed_units": column = consumed
        case "credited_units": column = "u.credited_units"
        default: column = "(u.credited_units - \(consumed))"
        }
        let direction = descending ? "DESC" : "ASC"
        return (nullable ? "(\(column) IS NULL) \(direction), " : "") + "\(column) \(direction)"
    }
}

/// The sort keys of the portal's meters: the organization's, less the customer's.
enum PortalCustomerMeterSortProperty: String, CaseIterable, Sendable {
    case createdAt = "created_at"
    case createdAtDescending = "-created_at"
    case modifiedAt = "modified_at"
    case modifiedAtDescending = "-modified_at"
    case meterID = "meter_id"
    case meterIDDescending = "-meter_id"
    case meterName = "meter_name"
    case meterNameDescending = "-meter_name"
    case consumedUnits = "consumed_units"
    case consumedUnitsDescending = "-consumed_units"
    case creditedUnits = "credited_units"
    case creditedUnitsDescending = "-credited_units"
    case balance
    case balanceDescending = "-balance"

    var sort: CustomerMeterSortProperty { CustomerMeterSortProperty(rawValue: rawValue)! }
}
