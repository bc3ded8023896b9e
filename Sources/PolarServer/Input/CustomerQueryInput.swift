import Foundation
import PolarCompatibility
import PolarModels

/// The query of `GET /v1/customers/`, validated as Polar validates it.
struct CustomerListQuery: Sendable {
    var organizationIDs: [UUID]?
    var filter = CustomerFilter()
    var pages = PageQuery()
    var page: Int { pages.page }
    var limit: Int { pages.limit }

    init(_ query: QueryParameters) throws {
        var reader = InputReader()
        // FastAPI reports dependency parameters (pagination, sorting) before the endpoint's own.
        filter.metadata = query.metadataFilter
        filter.email = query["email"]
        filter.query = query["query"]
        pages = PageQuery(query, reader: &reader)
        filter.sorting = reader.sorting(query) ?? filter.sorting
        organizationIDs = reader.organizationIDs(query)
        filter.active = query["active"].flatMap { reader.bool($0, at: ["query", "active"]) }
        try reader.check()
    }
}
