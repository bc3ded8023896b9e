import Foundation
import PolarCompatibility
import PolarModels

/// The query of `GET /v1/events/names`.
struct EventNamesQuery: Sendable {
    var pages: PageQuery
    var organizationIDs: [UUID]?
    var filter = EventNamesFilter()

    init(_ query: QueryParameters) throws {
        var reader = InputReader()
        pages = PageQuery(query, reader: &reader)
        filter.sorting = reader.sorting(query) ?? [.lastSeenDescending]
        organizationIDs = reader.organizationIDs(query)
        filter.customerIDs = reader.uuids(query, "customer_id") ?? []
        filter.externalCustomerIDs = query.values("external_customer_id")
        filter.sources = reader.choices(query, "source", ["system", "user"])
        filter.query = query["query"]
        try reader.check()
    }
}
