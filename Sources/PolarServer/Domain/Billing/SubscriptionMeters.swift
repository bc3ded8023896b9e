import Foundation
import PolarModels
import SQLKit

/// A subscription's meters for its current period, one per metered price: units consumed
/// since the period started, units credited, and what the rest costs at the price's unit
/// amount (rounded half away from zero, then capped), as Polar bills them.
struct SubscriptionMeters: Sendable {
    let usages: MeterUsageStore
    let meters: MeterStore

    /// Each subscription's meters: Polar's `SubscriptionMeter` when `detailed` (with the
    /// meter), otherwise `CustomerStateSubscriptionMeter`.
    func subscriptionMeters(
        _ subscriptions: [SubscriptionRecord], products: [UUID: ProductRecord], detailed: Bool, on db: (any SQLDatabase)? = nil
    ) async throws -> [UUID: [JSONValue]] {
        let rows = try await usages.list(ownerIDs: subscriptions.map(\.id), on: db)
        guard !rows.isEmpty else { return [:] }
        let meterRecords = Dictionary(
            uniqueKeysWithValues: try await meters.find(Array(Set(rows.map(\.meterID))), on: db).map { ($0.id, $0) })
        let productOf = Dictionary(uniqueKeysWithValues: subscriptions.map { ($0.id, $0.productID) })
        var result: [UUID: [JSONValue]] = [:]
        for row in rows {
            guard let meter = meterRecords[row.meterID], let product = productOf[row.ownerID].flatMap({ products[$0] }) else { continue }
            let price = product.prices.lazy.compactMap { price -> (UnitAmount, Int64?)? in
                if case .meteredUnit(let unitAmount, let cap, let priced) = price.kind, priced.id == meter.id { (unitAmount, cap) } else { nil }
            }.first
            let consumed = row.totals.value(meter.aggregation)
            var members: [JSONValue.Member] = [
                .init("created_at", .timestamp(row.createdAt)),
                .init("modified_at", .timestamp(row.modifiedAt)),
                .init("id", .string(row.id.lowercased)),
                .init("consumed_units", .number(consumed)),
                .init("credited_units", .integer(Int(row.creditedUnits))),
                .init("amount", .integer(price.map { Self.amount(units: consumed - Double(row.creditedUnits), unitAmount: $0.0, cap: $0.1) } ?? 0)),
                .init("meter_id", .string(meter.id.lowercased)),
            ]
            if detailed { members.append(.init("meter", meter.wire)) }
            result[row.ownerID, default: []].append(.object(members))
        }
        return result
    }

    /// Polar's metered amount: `polar_round(unit_amount × max(0, units))`, at most `cap`.
    static func amount(units: Double, unitAmount: UnitAmount, cap: Int64?) -> Int {
        var raw = unitAmount.decimal * Decimal(max(0, units))
        var rounded = Decimal()
        NSDecimalRound(&rounded, &raw, 0, .plain)
        let amount = NSDecimalNumber(decimal: rounded).intValue
        if let cap, amount > Int(cap) { return Int(cap) }
        return amount
    }
}
