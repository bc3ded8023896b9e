import Foundation
import PolarModels

/// A customer's state: its fields and what it has right now. Usage comes from the running
/// totals kept at ingestion, so answering never reads the customer's events.
struct CustomerStateService: Sendable {
    let customers: CustomerStore
    let usages: MeterUsageStore
    let meters: MeterStore

    func state(_ key: CustomerStore.Key, access: OrganizationAccess) async throws -> CustomerState {
        guard let customer = try await customers.find(key, organizationID: access.organizationID) else { throw APIError.notFound }
        let rows = try await usages.list(ownerIDs: [customer.id])
        let aggregations = Dictionary(uniqueKeysWithValues: try await meters.find(rows.map(\.meterID)).map { ($0.id, $0.aggregation) })
        return customer.state(meters: rows.compactMap { row in aggregations[row.meterID].map { row.stateMeter(aggregation: $0) } })
    }
}
