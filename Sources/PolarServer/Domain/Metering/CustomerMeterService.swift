import Foundation
import PolarModels

/// Customer meters: each customer's usage of each meter (consumed units, credited units,
/// balance), for the organization (`/v1/customer-meters/`) and for the customer in the portal
/// (`/v1/customer-portal/meters/`).
struct CustomerMeterService: Sendable {
    let usages: MeterUsageStore
    let meters: MeterStore
    let customers: CustomerStore
    let subscriptions: SubscriptionStore
    let grants: BenefitGrantStore
    let benefits: BenefitStore

    /// One page of Polar's `CustomerMeter`s matching `filter`, and how many match; none when
    /// the query names only other organizations.
    func list(_ filter: CustomerMeterFilter, query: OrganizationListQuery, access: OrganizationAccess) async throws -> (
        items: [JSONValue], total: Int
    ) {
        guard query.includes(access) else { return ([], 0) }
        var filter = filter
        filter.includeArchived = filter.meterIDs != nil
        let meters = try await organizationMeters(access.organizationID)
        let (rows, total) = try await usages.customerMeters(
            organizationID: access.organizationID, filter: filter, aggregations: meters.mapValues(\.aggregation),
            page: query.pages.page, limit: query.pages.limit)
        return (try await wire(rows, meters: meters, organizationID: access.organizationID), total)
    }

    func get(_ id: UUID, access: OrganizationAccess) async throws -> JSONValue {
        guard let row = try await usages.customerMeter(id, organizationID: access.organizationID) else { throw APIError.notFound }
        return try await wire([row], meters: try await organizationMeters(access.organizationID), organizationID: access.organizationID)[0]
    }

    /// One page of the customer's meters, as Polar's portal shows them: those of its active
    /// subscriptions and of the meter credits it holds, archived meters left out.
    func portalList(_ filter: CustomerMeterFilter, pages: PageQuery, access: CustomerAccess) async throws -> (items: [JSONValue], total: Int) {
        let readable = try await readableMeterIDs(access)
        var filter = filter
        filter.customerIDs = [access.customerID]
        filter.meterIDs = filter.meterIDs.map { $0.filter(readable.contains) } ?? Array(readable)
        filter.includeArchived = false
        guard !(filter.meterIDs ?? []).isEmpty else { return ([], 0) }
        let meters = try await organizationMeters(access.organizationID)
        let (rows, total) = try await usages.customerMeters(
            organizationID: access.organizationID, filter: filter, aggregations: meters.mapValues(\.aggregation),
            page: pages.page, limit: pages.limit)
        return (rows.compactMap { row in meters[row.meterID].map { row.portalWire(meter: $0) } }, total)
    }

    func portalGet(_ id: UUID, access: CustomerAccess) async throws -> JSONValue {
        guard let row = try await usages.customerMeter(id, organizationID: access.organizationID), row.ownerID == access.customerID,
            try await readableMeterIDs(access).contains(row.meterID),
            let meter = try await meters.find(row.meterID, organizationID: access.organizationID), meter.archivedAt == nil
        else { throw APIError.notFound }
        return row.portalWire(meter: meter)
    }

    private func organizationMeters(_ organizationID: UUID) async throws -> [UUID: MeterRecord] {
        Dictionary(uniqueKeysWithValues: try await meters.all(organizationID: organizationID).map { ($0.id, $0) })
    }

    /// The meters of the customer's active subscriptions and of its granted meter credits.
    private func readableMeterIDs(_ access: CustomerAccess) async throws -> Set<UUID> {
        let periods = try await subscriptions.meteredPeriods(customerIDs: [access.customerID], on: usages.database.sql)
        var ids = Set(periods[access.customerID, default: []].flatMap(\.meterIDs))
        let granted = try await grants.granted(customerID: access.customerID)
        for benefit in try await benefits.find(granted.map(\.benefitID)) {
            if let credit = benefit.meterCredit { ids.insert(credit.meterID) }
        }
        return ids
    }

    private func wire(_ rows: [MeterUsage], meters: [UUID: MeterRecord], organizationID: UUID) async throws -> [JSONValue] {
        let customers = Dictionary(
            uniqueKeysWithValues: try await customers.find(Array(Set(rows.map(\.ownerID))), organizationID: organizationID).map { ($0.id, $0) })
        return try rows.compactMap { row in
            guard let meter = meters[row.meterID], let customer = customers[row.ownerID] else { return nil }
            return try row.wire(meter: meter, customer: customer)
        }
    }
}

extension MeterUsage {
    /// Polar's `CustomerMeter`: the usage with its customer and meter.
    func wire(meter: MeterRecord, customer: CustomerRecord) throws -> JSONValue {
        guard case .object(var members) = units(meter) else { return .null }
        members += [.init("customer", try JSONValueEncoder.encode(customer.wire)), .init("meter", meter.wire)]
        return .object(members)
    }

    /// Polar's `CustomerCustomerMeter`: the usage with its meter's ID, times and name.
    func portalWire(meter: MeterRecord) -> JSONValue {
        guard case .object(var members) = units(meter) else { return .null }
        members.append(
            .init(
                "meter",
                .object([
                    "id": .string(meter.id.lowercased), "created_at": .timestamp(meter.createdAt),
                    "modified_at": .timestamp(meter.modifiedAt), "name": .string(meter.name),
                ])))
        return .object(members)
    }

    /// The fields both shapes share.
    private func units(_ meter: MeterRecord) -> JSONValue {
        let state = stateMeter(aggregation: meter.aggregation)
        return .object([
            "id": .string(id.lowercased), "created_at": .timestamp(createdAt), "modified_at": .timestamp(modifiedAt),
            "customer_id": .string(ownerID.lowercased), "meter_id": .string(meterID.lowercased),
            "consumed_units": .number(state.consumedUnits), "credited_units": .integer(Int(creditedUnits)),
            "balance": .number(state.balance),
        ])
    }
}
