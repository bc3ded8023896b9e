import Foundation
import PolarModels

extension BenefitGrantService {
    /// `GET /v1/benefit-grants/`: none when the query names only other organizations.
    func list(_ filter: BenefitGrantFilter, query: OrganizationListQuery, access: OrganizationAccess) async throws -> (items: [JSONValue], total: Int) {
        guard query.includes(access) else { return ([], 0) }
        return try await list(filter, pages: query.pages, organizationID: access.organizationID)
    }

    /// One page of the organization's grants matching `filter`, as Polar's `BenefitGrant`s
    /// with their customer and benefit, and how many match.
    func list(_ filter: BenefitGrantFilter, pages: PageQuery, organizationID: UUID) async throws -> (items: [JSONValue], total: Int) {
        let (records, total) = try await grants.list(organizationID: organizationID, filter: filter, page: pages.page, limit: pages.limit)
        let benefits = Dictionary(uniqueKeysWithValues: try await benefits.find(Array(Set(records.map(\.benefitID)))).map { ($0.id, $0) })
        let customers = Dictionary(
            uniqueKeysWithValues: try await customers.find(Array(Set(records.map(\.customerID))), organizationID: organizationID)
                .map { ($0.id, try JSONValueEncoder.encode($0.wire)) })
        let items = records.compactMap { grant in
            benefits[grant.benefitID].map { grant.wire(customer: customers[grant.customerID] ?? .null, benefit: $0) }
        }
        return (items, total)
    }
}
