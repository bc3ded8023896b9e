import Foundation
import PolarModels
import SQLKit

/// Polar's meter reset, at a period's end: a `meter.reset` system event for the customer, their
/// usage of the meter (and each given subscription's) back to zero, and the credits that roll
/// over credited again with a `meter.credited` rollover event. What rolls over is Polar's
/// `get_rollover_units`: the balance left, at most the rollover credits since the last reset.
struct MeterReset: Sendable {
    let events: EventStore
    let meters: MeterStore

    func reset(
        meterID: UUID, customerID: UUID, organizationID: UUID, subscriptionIDs: [UUID], at resetAt: Int64, ledger: UsageLedger,
        on db: any SQLDatabase
    ) async throws {
        let rollover = try await rolloverUnits(meterID: meterID, customerID: customerID, ledger: ledger, on: db)
        var resetEvents = [event("meter.reset", meterID: meterID, customerID: customerID, organizationID: organizationID, at: resetAt)]
        if rollover > 0 {
            resetEvents.append(
                event("meter.credited", meterID: meterID, customerID: customerID, organizationID: organizationID, at: resetAt,
                    extra: [.init("units", .integer(Int(rollover))), .init("rollover", .bool(true))]))
        }
        try await events.insert(resetEvents, on: db)
        for ownerID in [customerID] + subscriptionIDs {
            try await ledger.reset(meterID: meterID, ownerID: ownerID, credited: rollover)
        }
    }

    private func rolloverUnits(meterID: UUID, customerID: UUID, ledger: UsageLedger, on db: any SQLDatabase) async throws -> Int64 {
        let credits = try await events.creditsSinceReset(customerID: customerID, meterID: meterID, on: db)
        guard credits.contains(where: \.rollover), let meter = try await meters.find([meterID], on: db).first else { return 0 }
        let used = try await ledger.usage(meterID: meterID, ownerID: customerID).totals.value(meter.aggregation)
        let fixed = Self.nonNegativeRunningSum(credits.filter { !$0.rollover }.map(\.units))
        let rolling = Self.nonNegativeRunningSum(credits.filter(\.rollover).map(\.units))
        let balance = Double(fixed + rolling) - used
        return max(0, min(Int64(balance.rounded(.towardZero)), rolling))
    }

    /// A sum that never goes below zero on the way, as Polar adds credits and their reversals.
    static func nonNegativeRunningSum(_ values: [Int64]) -> Int64 {
        values.reduce(0) { max(0, $0 + $1) }
    }

    private func event(
        _ name: String, meterID: UUID, customerID: UUID, organizationID: UUID, at timestamp: Int64, extra: [JSONValue.Member] = []
    ) -> EventStore.Row {
        EventStore.Row(
            id: UUID(), organizationID: organizationID, name: name, source: "system", timestamp: timestamp, customerID: customerID,
            externalCustomerID: nil, externalID: nil, metadata: .object([.init("meter_id", .string(meterID.lowercased))] + extra),
            ingestedAt: timestamp)
    }
}
