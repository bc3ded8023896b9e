import Foundation
import PolarCompatibility

/// Polar's pagination parameters: `page` and `limit`, both at least 1; a larger `limit` than
/// 100 is silently clamped.
struct PageQuery: Sendable {
    var page = 1
    var limit = 10

    init() {}

    /// Reads both parameters, recording errors in `reader`.
    init(_ query: QueryParameters, reader: inout InputReader) {
        page = query["page"].flatMap { reader.positiveInt($0, at: ["query", "page"]) } ?? 1
        limit = min(query["limit"].flatMap { reader.positiveInt($0, at: ["query", "limit"]) } ?? 10, 100)
    }

    /// The number of pages `total` items fill.
    func maxPage(total: Int) -> Int { (total + limit - 1) / limit }
}

/// What every organization-side list reads first: the page and the repeatable
/// `organization_id` filter, which an organization token either includes or empties the list by.
struct OrganizationListQuery: Sendable {
    var pages: PageQuery
    var organizationIDs: [UUID]?

    init(_ query: QueryParameters, reader: inout InputReader) {
        pages = PageQuery(query, reader: &reader)
        organizationIDs = reader.organizationIDs(query)
    }

    /// Whether the filter lets the caller's organization through.
    func includes(_ access: OrganizationAccess) -> Bool { access.sees(organizationIDs) }
}

extension OrganizationAccess {
    /// Polar's `organization_id` filter under an organization token: it lets through the
    /// token's own organization (or everything it may see, when absent) and nothing else.
    func sees(_ organizationIDs: [UUID]?) -> Bool {
        organizationIDs.map { $0.contains(organizationID) } ?? true
    }
}
