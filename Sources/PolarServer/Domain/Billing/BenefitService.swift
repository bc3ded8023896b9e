import Foundation
import PolarModels

/// Creating and reading benefits. A `meter_credit` benefit must name one of the
/// organization's meters.
struct BenefitService: Sendable {
    let database: Database
    let benefits: BenefitStore
    let meters: MeterStore
    let webhooks: WebhookOutbox
    /// What "now" is.
    let clock: ServerClock

    /// One page of the organization's benefits matching `filter`, and how many match; none when
    /// the query names only other organizations.
    func list(_ filter: BenefitListFilter, query: OrganizationListQuery, access: OrganizationAccess) async throws -> (items: [BenefitRecord], total: Int) {
        guard query.includes(access) else { return ([], 0) }
        return try await benefits.list(organizationID: access.organizationID, filter: filter, page: query.pages.page, limit: query.pages.limit)
    }

    func create(_ input: BenefitInput, access: OrganizationAccess) async throws -> BenefitRecord {
        let benefit = BenefitRecord(
            id: UUID(), organizationID: access.organizationID, type: input.type, description: input.description,
            properties: input.properties, metadata: input.metadata,
            // Polar's default: feature flags are private, every other kind public.
            visibility: input.visibility ?? (input.type == .featureFlag ? "private" : "public"), createdAt: clock.now())
        try await database.transaction { [benefits, meters, webhooks] db in
            if let credit = benefit.meterCredit, try await meters.find(credit.meterID, organizationID: access.organizationID, on: db) == nil {
                throw APIError.validation(
                    [
                        ValidationError(
                            loc: ["body", "properties", "meter_id"], msg: "This meter does not exist.",
                            type: "value_error", input: .string(credit.meterID.lowercased))
                    ], kind: .business)
            }
            try await benefits.insert(benefit, on: db)
            try await webhooks.publish("benefit.created", data: benefit.wire, organizationID: benefit.organizationID, on: db)
        }
        return benefit
    }

    func get(_ id: UUID, access: OrganizationAccess) async throws -> BenefitRecord {
        guard let benefit = try await benefits.find(id, organizationID: access.organizationID) else { throw APIError.notFound }
        return benefit
    }
}
