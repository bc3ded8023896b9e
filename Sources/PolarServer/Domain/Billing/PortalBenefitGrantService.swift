import Foundation
import PolarModels

/// The grants a customer sees in the portal (`/v1/customer-portal/benefit-grants/…`): those
/// not revoked, of public benefits, as Polar's `CustomerBenefitGrant`.
struct PortalBenefitGrantService: Sendable {
    let grants: BenefitGrantStore
    let benefits: BenefitStore
    let customers: CustomerStore
    let organizations: OrganizationStore

    func list(_ filter: PortalBenefitGrantFilter, pages: PageQuery, access: CustomerAccess) async throws -> (items: [JSONValue], total: Int) {
        let (records, total) = try await grants.portalList(customerID: access.customerID, filter: filter, page: pages.page, limit: pages.limit)
        return (try await wire(records, access: access), total)
    }

    func get(_ id: UUID, access: CustomerAccess) async throws -> JSONValue {
        try await wire([try await find(id, access: access)], access: access)[0]
    }

    /// Polar refreshes a Discord, GitHub or Slack grant with the new account; the kinds granted
    /// here have nothing to refresh, so a matching update answers the grant as it is.
    func update(_ id: UUID, _ input: PortalBenefitGrantUpdateInput, access: CustomerAccess) async throws -> JSONValue {
        let grant = try await find(id, access: access)
        guard let benefit = try await benefits.find([grant.benefitID]).first else { throw APIError.notFound }
        guard input.benefitType == benefit.type.rawValue else {
            throw APIError.validation(
                [
                    ValidationError(
                        loc: ["body", "benefit_type"], msg: "Benefit type must match the existing granted benefit type.", type: "value_error",
                        input: .string(input.benefitType))
                ], kind: .business)
        }
        return try await wire([grant], access: access)[0]
    }

    private func find(_ id: UUID, access: CustomerAccess) async throws -> BenefitGrantRecord {
        guard let grant = try await grants.portalFind(id, customerID: access.customerID) else { throw APIError.notFound }
        return grant
    }

    private func wire(_ records: [BenefitGrantRecord], access: CustomerAccess) async throws -> [JSONValue] {
        guard !records.isEmpty, let organization = try await organizations.find(id: access.organizationID),
            let customer = try await customers.find(.id(access.customerID), organizationID: access.organizationID)
        else { return [] }
        let customerWire = try JSONValueEncoder.encode(customer.portalWire)
        let benefits = Dictionary(uniqueKeysWithValues: try await benefits.find(Array(Set(records.map(\.benefitID)))).map { ($0.id, $0) })
        return records.compactMap { grant in
            benefits[grant.benefitID].map { grant.customerWire(customer: customerWire, benefit: $0, organization: organization) }
        }
    }
}
