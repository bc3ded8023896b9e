import Foundation
import PolarModels

/// A row of usage: a customer's (or a subscription period's) running totals on one meter,
/// plus the units credited to it.
struct MeterUsage: Sendable, Hashable {
    var id: UUID
    /// The customer, or the subscription for its current period.
    var ownerID: UUID
    var meterID: UUID
    var createdAt: Int64
    var modifiedAt: Int64?
    var totals = MeterTotals()
    var creditedUnits: Int64 = 0

    /// Polar's `CustomerStateMeter`: consumed units as the meter aggregates them, credited
    /// units, and the balance left.
    func stateMeter(aggregation: MeterAggregation) -> CustomerStateMeter {
        let consumed = totals.value(aggregation)
        return CustomerStateMeter(
            id: id, createdAt: PolarTimestamp.date(microseconds: createdAt),
            modifiedAt: modifiedAt.map(PolarTimestamp.date(microseconds:)), meterID: meterID, consumedUnits: consumed,
            creditedUnits: Int(creditedUnits), balance: Double(creditedUnits) - consumed)
    }
}
