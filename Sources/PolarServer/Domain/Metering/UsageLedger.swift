import Foundation
import PolarModels
import SQLKit

/// Adds events to usage rows inside one transaction: each row is read (and locked) once,
/// updated in memory, and written once by ``flush()``.
final class UsageLedger {
    private let usages: MeterUsageStore
    private let db: any SQLDatabase
    private let now: Int64
    private var rows: [Key: Entry] = [:]

    private struct Key: Hashable {
        let ownerID: UUID
        let meterID: UUID
    }

    private struct Entry {
        var usage: MeterUsage
        var isNew: Bool
        var isDirty = false
    }

    init(usages: MeterUsageStore, db: any SQLDatabase, now: Int64) {
        self.usages = usages
        self.db = db
        self.now = now
    }

    /// Counts `event` towards `ownerID` (a customer, or a subscription's period) on every
    /// meter whose filter it passes. Only users' events count; system events never do.
    /// Returns whether any meter counted it.
    @discardableResult
    func record(_ event: EventStore.Row, ownerID: UUID, meters: [MeterRecord]) async throws -> Bool {
        let metered = event.metered
        var counted = false
        for meter in meters where event.source == "user" && meter.filter.matches(metered) {
            try await add(metered, meter: meter, ownerID: ownerID)
            counted = true
        }
        return counted
    }

    /// Credits `units` (negative to take back) to the owner's usage of the meter. As in Polar,
    /// credits are a running sum that never goes below zero.
    func credit(_ units: Int64, meterID: UUID, ownerID: UUID) async throws {
        let key = Key(ownerID: ownerID, meterID: meterID)
        var entry = try await entry(key)
        entry.usage.creditedUnits = max(0, entry.usage.creditedUnits + units)
        entry.usage.modifiedAt = now
        entry.isDirty = true
        rows[key] = entry
    }

    /// Makes sure the owner has a row for the meter, so its usage reads as zero from now on.
    func open(meterID: UUID, ownerID: UUID) async throws {
        let key = Key(ownerID: ownerID, meterID: meterID)
        var entry = try await entry(key)
        entry.isDirty = entry.isDirty || entry.isNew
        rows[key] = entry
    }

    /// The owner's usage of the meter as this transaction has it so far.
    func usage(meterID: UUID, ownerID: UUID) async throws -> MeterUsage {
        try await entry(Key(ownerID: ownerID, meterID: meterID)).usage
    }

    /// Starts the owner's usage of the meter over: nothing consumed, `credited` units credited,
    /// and (for `unique` meters) no value seen.
    func reset(meterID: UUID, ownerID: UUID, credited: Int64) async throws {
        let key = Key(ownerID: ownerID, meterID: meterID)
        var entry = try await entry(key)
        if !entry.isNew { try await usages.clearValues(usageID: entry.usage.id, on: db) }
        entry.usage.totals = MeterTotals()
        entry.usage.creditedUnits = credited
        entry.usage.modifiedAt = now
        entry.isDirty = true
        rows[key] = entry
    }

    /// Writes every changed row.
    func flush() async throws {
        for (key, entry) in rows where entry.isDirty {
            try await usages.save(entry.usage, isNew: entry.isNew, on: db)
            rows[key]?.isNew = false
            rows[key]?.isDirty = false
        }
    }

    private func add(_ event: MeteredEvent, meter: MeterRecord, ownerID: UUID) async throws {
        let key = Key(ownerID: ownerID, meterID: meter.id)
        var entry = try await entry(key)
        var isNewValue = false
        if let value = meter.aggregation.uniqueKey(of: event) {
            if entry.isNew {
                // The row must exist before its values reference it.
                try await usages.save(entry.usage, isNew: true, on: db)
                entry.isNew = false
            }
            isNewValue = try await usages.addValue(value, usageID: entry.usage.id, on: db)
        }
        entry.usage.totals.add(event, aggregation: meter.aggregation, isNewValue: isNewValue)
        entry.usage.modifiedAt = now
        entry.isDirty = true
        rows[key] = entry
    }

    private func entry(_ key: Key) async throws -> Entry {
        if let entry = rows[key] { return entry }
        if let usage = try await usages.find(ownerID: key.ownerID, meterID: key.meterID, on: db) {
            return Entry(usage: usage, isNew: false)
        }
        return Entry(usage: MeterUsage(id: UUID(), ownerID: key.ownerID, meterID: key.meterID, createdAt: now), isNew: true)
    }
}
