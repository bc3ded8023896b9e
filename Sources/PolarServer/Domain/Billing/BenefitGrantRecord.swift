import Foundation
import PolarModels

/// A benefit a subscription gave its customer, from `grantedAt` until `revokedAt`.
struct BenefitGrantRecord: Sendable, Hashable {
    var id: UUID
    var customerID: UUID
    var benefitID: UUID
    var subscriptionID: UUID?
    /// What granting left behind: for `meter_credit`, the meter, units and time last credited.
    var properties: JSONValue
    var grantedAt: Int64?
    var revokedAt: Int64?
    var createdAt: Int64
    var modifiedAt: Int64?

    var isGranted: Bool { grantedAt != nil && revokedAt == nil }

    /// Polar's `BenefitGrantWebhook`: the grant with its customer and benefit, and the
    /// properties it had before this change.
    func webhookWire(customer: JSONValue, benefit: BenefitRecord, previousProperties: JSONValue) -> JSONValue {
        .object(
            members(customer: customer, benefit: benefit, properties: properties) + [
                .init("previous_properties", previousProperties), .init("user_id", .string(customerID.lowercased)),
            ])
    }

    /// Polar's `CustomerBenefitGrant`, as the portal shows a customer its grant: the benefit as
    /// its subscriber sees it, and what the grant recorded.
    func customerWire(customer: JSONValue, benefit: BenefitRecord, organization: Organization) -> JSONValue {
        .object([
            .init("created_at", .timestamp(createdAt)), .init("modified_at", .timestamp(modifiedAt)), .init("id", .string(id.lowercased)),
            .init("granted_at", .timestamp(grantedAt)), .init("revoked_at", .timestamp(revokedAt)),
            .init("customer_id", .string(customerID.lowercased)), .init("member_id", .null), .init("benefit_id", .string(benefitID.lowercased)),
            .init("subscription_id", subscriptionID.map { .string($0.lowercased) } ?? .null), .init("order_id", .null),
            .init("is_granted", .bool(isGranted)), .init("is_revoked", .bool(revokedAt != nil)), .init("error", .null),
            .init("customer", customer), .init("benefit", benefit.subscriberWire(organization: organization)),
            .init("properties", properties),
        ])
    }

    /// Polar's `BenefitGrant`, as its grant lists show it.
    func wire(customer: JSONValue, benefit: BenefitRecord) -> JSONValue {
        .object(members(customer: customer, benefit: benefit, properties: listedProperties) + [.init("user_id", .string(customerID.lowercased))])
    }

    private func members(customer: JSONValue, benefit: BenefitRecord, properties: JSONValue) -> [JSONValue.Member] {
        [
            .init("created_at", .timestamp(createdAt)), .init("modified_at", .timestamp(modifiedAt)), .init("id", .string(id.lowercased)),
            .init("granted_at", .timestamp(grantedAt)), .init("is_granted", .bool(isGranted)), .init("revoked_at", .timestamp(revokedAt)),
            .init("is_revoked", .bool(revokedAt != nil)), .init("subscription_id", subscriptionID.map { .string($0.lowercased) } ?? .null),
            .init("order_id", .null), .init("customer_id", .string(customerID.lowercased)), .init("member_id", .null),
            .init("benefit_id", .string(benefitID.lowercased)), .init("error", .null), .init("customer", customer), .init("member", .null),
            .init("benefit", benefit.wire), .init("properties", properties),
        ]
    }

    /// The grant's properties where Polar reads them through its `BenefitGrantProperties`
    /// union (customer state, grant lists): that union has no member for `meter_credit`
    /// grants, which keep only what its members know, and `custom` and `feature_flag` grants
    /// have none, so it is always empty here. Webhooks use each kind's own model and show all.
    var listedProperties: JSONValue { .object([]) }

    /// Polar's `CustomerStateBenefitGrant`, for a granted grant; its properties as
    /// ``listedProperties`` shows them.
    func state(benefit: BenefitRecord) -> CustomerStateBenefitGrant? {
        guard let grantedAt else { return nil }
        func date(_ microseconds: Int64) -> Date { PolarTimestamp.date(microseconds: microseconds) }
        return CustomerStateBenefitGrant(
            id: id, createdAt: date(createdAt), modifiedAt: modifiedAt.map(date), grantedAt: date(grantedAt), benefitID: benefitID,
            benefitType: BenefitType(rawValue: benefit.type.rawValue), benefitMetadata: benefit.metadata, properties: .empty)
    }
}
