import Foundation
import PolarModels

extension EventService {
    /// Polar's `MeterQuantities` of one of the organization's meters (archived ones too): every
    /// event that passes its filter counts, Polar's own system events included.
    func quantities(meterID: UUID, _ query: MeterQuantitiesQuery, access: OrganizationAccess) async throws -> JSONValue {
        guard let meter = try await meters.find(meterID, organizationID: access.organizationID) else { throw APIError.notFound }
        try query.checkRange()
        let series = MeterQuantities(
            aggregation: meter.aggregation, interval: query.interval, timeZone: query.timeZone, start: query.start, end: query.end)
        var filter = EventListFilter()
        filter.descending = false
        filter.metadata = query.metadata
        var noCustomers = false
        if query.customerIDs != nil || query.externalCustomerIDs != nil {
            filter.customerIDs = query.customerIDs ?? []
            filter.externalCustomerIDs = query.externalCustomerIDs ?? []
            try await expandCustomers(&filter.customerIDs, &filter.externalCustomerIDs, organizationID: access.organizationID)
            noCustomers = filter.customerIDs.isEmpty && filter.externalCustomerIDs.isEmpty
        }
        var numericProperty: String?
        if case .property(_, let property) = meter.aggregation, property != "timestamp" { numericProperty = property }
        let matches = Self.matcher([meter.filter], numericProperty: numericProperty)

        var allTime = MeterQuantities.Accumulator(aggregation: meter.aggregation)
        var counted: [(event: MeteredEvent, timestamp: Int64, customer: String?)] = []
        let (from, to) = series.eventRange
        var ranged = filter
        ranged.after = from - 1
        ranged.before = to
        // Customers asked for but none found: nothing counts (no filter would mean everyone).
        if !noCustomers {
            try await events.each(ranged, organizationID: access.organizationID) { batch in
                for row in batch where matches(row) {
                    // Polar keys an event by its customer, or by the external ID it was sent with.
                    counted.append((row.metered, row.timestamp, row.externalCustomerID ?? row.customerID?.lowercased))
                }
            }
            // An `avg` or `unique` meter's total is its aggregate over all time, as Polar computes it.
            if series.totalIsAllTime {
                try await events.each(filter, organizationID: access.organizationID) { batch in
                    for row in batch where matches(row) { allTime.add(row.metered) }
                }
            }
        }
        let (quantities, total) = series.quantities(counted, customerFunction: query.customerFunction, allTime: allTime.value)
        return .object([
            .init(
                "quantities",
                .array(quantities.map { .object([.init("timestamp", .timestamp($0.timestamp)), .init("quantity", .number($0.quantity))]) })),
            .init("total", .number(total)),
        ])
    }
}
