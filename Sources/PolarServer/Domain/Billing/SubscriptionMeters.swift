import Foundation
import PolarModels
import SQLKit

/// A subscription's meters for its current period, one per metered price: units consumed
/// since the period started, units credited, and what the rest costs at the price's unit
/// amount (rounded half away from zero, then capped), as Polar bills them.
struct SubscriptionMeters: Sendable {
    let usages: MeterUsageStore
    let meters: MeterStore

    /// Each subscription's usage on each of its metered prices, by subscription.
    func subscriptionMeters(
        _ subscriptions: [SubscriptionRecord], products: [UUID: ProductRecord], on db: (any SQLDatabase)? = nil
    ) async throws -> [UUID: [SubscriptionMeterUsage]] {
        let rows = try await usages.list(ownerIDs: subscriptions.map(\.id), on: db)
        guard !rows.isEmpty else { return [:] }
        let meterRecords = Dictionary(
            uniqueKeysWithValues: try await meters.find(Array(Set(rows.map(\.meterID))), on: db).map { ($0.id, $0) })
        let productOf = Dictionary(uniqueKeysWithValues: subscriptions.map { ($0.id, $0.productID) })
        var result: [UUID: [SubscriptionMeterUsage]] = [:]
        for row in rows {
            guard let meter = meterRecords[row.meterID], let product = productOf[row.ownerID].flatMap({ products[$0] }) else { continue }
            let price = product.prices.lazy.compactMap { price -> (UnitAmount, Int64?)? in
                if case .meteredUnit(let unitAmount, let cap, let priced) = price.kind, priced.id == meter.id { (unitAmount, cap) } else { nil }
            }.first
            let consumed = row.totals.value(meter.aggregation)
            let amount = price.map { Self.amount(units: consumed - Double(row.creditedUnits), unitAmount: $0.0, cap: $0.1) } ?? 0
            result[row.ownerID, default: []].append(SubscriptionMeterUsage(usage: row, meter: meter, consumed: consumed, amount: amount))
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

/// One metered price's usage in a subscription's current period: units consumed since the
/// period started, units credited, and what the rest costs.
struct SubscriptionMeterUsage: Sendable {
    let usage: MeterUsage
    let meter: MeterRecord
    let consumed: Double
    let amount: Int

    /// Polar's `CustomerStateSubscriptionMeter`.
    var state: CustomerStateSubscriptionMeter {
        CustomerStateSubscriptionMeter(
            createdAt: PolarTimestamp.date(microseconds: usage.createdAt), modifiedAt: usage.modifiedAt.map(PolarTimestamp.date(microseconds:)),
            id: usage.id, consumedUnits: consumed, creditedUnits: Int(usage.creditedUnits), amount: amount, meterID: meter.id)
    }

    /// Polar's `SubscriptionMeter`: the state's fields, then the meter.
    var wire: JSONValue {
        get throws { try withMeter(meter.wire) }
    }

    /// Polar's `CustomerSubscriptionMeter`, as the portal shows it: the meter only named.
    var customerWire: JSONValue {
        get throws {
            try withMeter(
                .object([
                    "created_at": .timestamp(meter.createdAt), "modified_at": .timestamp(meter.modifiedAt),
                    "id": .string(meter.id.lowercased), "name": .string(meter.name),
                ]))
        }
    }

    private func withMeter(_ meter: JSONValue) throws -> JSONValue {
        guard case .object(let members) = try JSONValueEncoder.encode(state) else { return .null }
        return .object(members + [.init("meter", meter)])
    }
}
