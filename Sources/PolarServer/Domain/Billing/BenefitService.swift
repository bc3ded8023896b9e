import Foundation
import PolarModels
import SQLKit

/// Creating, reading, updating and deleting benefits. A `meter_credit` benefit must name one of
/// the organization's meters.
struct BenefitService: Sendable {
    let database: Database
    let benefits: BenefitStore
    let meters: MeterStore
    let products: ProductStore
    let subscriptions: SubscriptionStore
    /// Takes a deleted benefit back from the subscriptions that granted it.
    let grants: BenefitGrantService
    /// Announces `benefit.created` and `benefit.updated` (Polar has no `benefit.deleted`).
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
            visibility: input.visibility ?? Self.defaultVisibility(input.type), createdAt: clock.now())
        try await database.transaction { [benefits, webhooks] db in
            try await checkMeter(of: benefit, on: db)
            try await benefits.insert(benefit, on: db)
            try await webhooks.publish("benefit.created", data: benefit.wire, organizationID: benefit.organizationID, on: db)
        }
        return benefit
    }

    func get(_ id: UUID, access: OrganizationAccess) async throws -> BenefitRecord {
        guard let benefit = try await benefits.find(id, organizationID: access.organizationID) else { throw APIError.notFound }
        return benefit
    }

    /// One page of a live benefit's grants, newest first, as Polar lists them.
    func grants(of id: UUID, filter: BenefitGrantFilter, pages: PageQuery, access: OrganizationAccess) async throws -> (items: [JSONValue], total: Int) {
        guard try await benefits.find(id, organizationID: access.organizationID) != nil else { throw APIError.notFound }
        var filter = filter
        filter.benefitIDs = [id]
        return try await grants.list(filter, pages: pages, organizationID: access.organizationID)
    }

    /// Polar's update: the type stays, `properties` are replaced whole. For the kinds here
    /// Polar's strategies never refresh existing grants: new `meter_credit` values apply from
    /// the next grant or renewal.
    func update(_ id: UUID, _ input: BenefitUpdateInput, access: OrganizationAccess) async throws -> BenefitRecord {
        try await database.transaction { [benefits, webhooks] db in
            guard var benefit = try await benefits.find(id, organizationID: access.organizationID, on: db) else { throw APIError.notFound }
            guard input.type == benefit.type.rawValue else {
                throw APIError.validation(
                    [
                        ValidationError(
                            loc: ["body", "type"], msg: "Benefit type cannot be changed.", type: "value_error",
                            input: .string(benefit.type.rawValue))
                    ], kind: .business)
            }
            let original = benefit
            if let description = input.description { benefit.description = description }
            if let metadata = input.metadata { benefit.metadata = metadata }
            switch input.visibility {
            case .value(let visibility): benefit.visibility = visibility
            case .null: benefit.visibility = Self.defaultVisibility(benefit.type)
            case .absent: break
            }
            if let properties = input.properties {
                benefit.properties = properties
                try await checkMeter(of: benefit, on: db)
            }
            // Polar sends the webhook before its write lands, so it shows the previous modified_at.
            try await webhooks.publish("benefit.updated", data: benefit.wire, organizationID: benefit.organizationID, on: db)
            if benefit != original {
                benefit.modifiedAt = clock.now()
                try await benefits.update(benefit, on: db)
            }
            return benefit
        }
    }

    /// Polar's delete: the benefit is soft-deleted and leaves every product at once,
    /// `benefit.updated` announces it with `is_deleted`, then each grant of it is revoked
    /// (`benefit_grant.revoked`, a `meter_credit` one taking its units back).
    func delete(_ id: UUID, access: OrganizationAccess) async throws {
        try await database.transaction { [benefits, products, subscriptions, grants, webhooks] db in
            guard var benefit = try await benefits.find(id, organizationID: access.organizationID, on: db) else { throw APIError.notFound }
            let now = clock.now()
            benefit.deletedAt = now
            benefit.modifiedAt = now
            try await benefits.update(benefit, on: db)
            try await products.removeBenefit(benefit.id, on: db)
            // Polar announces the delete first and revokes the grants after, in its jobs.
            try await webhooks.publish("benefit.updated", data: benefit.wire, organizationID: benefit.organizationID, on: db)
            for subscriptionID in try await grants.grants.subscriptionIDs(grantingBenefitID: benefit.id, on: db) {
                guard let subscription = try await subscriptions.find(subscriptionID, organizationID: benefit.organizationID, forUpdate: true, on: db),
                    let product = try await products.find(subscription.productID, organizationID: benefit.organizationID, on: db)
                else { continue }
                try await grants.sync(subscription, product: product, deleting: true, on: db, now: now)
            }
        }
    }

    /// Polar's default visibility: feature flags are private, every other kind public.
    static func defaultVisibility(_ type: BenefitType) -> String {
        type == .featureFlag ? "private" : "public"
    }

    /// A `meter_credit` benefit must credit one of its organization's meters (archived ones too).
    private func checkMeter(of benefit: BenefitRecord, on db: any SQLDatabase) async throws {
        guard let credit = benefit.meterCredit,
            try await meters.find(credit.meterID, organizationID: benefit.organizationID, on: db) == nil
        else { return }
        throw APIError.validation(
            [
                ValidationError(
                    loc: ["body", "properties", "meter_id"], msg: "This meter does not exist.", type: "value_error",
                    input: .string(credit.meterID.lowercased))
            ], kind: .benefitProperties)
    }
}
