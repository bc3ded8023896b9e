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
        modifiedAt = try row.decode(column: "modified_at", as: Int64?.self)
        totals = MeterTotals(
            eventCount: try row.decode(column: "event_count", as: Int64.self),
            numberCount: try row.decode(column: "number_count", as: Int64.self),
            numberSum: try row.decode(column: "number_sum", as: Double.self),
            numberMin: try row.decode(column: "number_min", as: Double?.self),
            numberMax: try row.decode(column: "number_max", as: Double?.self),
            uniqueCount: try row.decode(column: "unique_count", as: Int64.self))
        creditedUnits = try row.decode(column: "credited_units", as: Int64.self)
    }
}
