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
        .object([
            "created_at": .timestamp(createdAt), "modified_at": .timestamp(modifiedAt), "id": .string(id.lowercased),
            "granted_at": .timestamp(grantedAt), "is_granted": .bool(isGranted), "revoked_at": .timestamp(revokedAt),
            "is_revoked": .bool(revokedAt != nil), "subscription_id": subscriptionID.map { .string($0.lowercased) } ?? .null,
            "order_id": .null, "customer_id": .string(customerID.lowercased), "member_id": .null,
            "benefit_id": .string(benefitID.lowercased), "error": .null, "customer": customer, "member": .null, "benefit": benefit.wire,
            "properties": properties, "previous_properties": previousProperties, "user_id": .string(customerID.lowercased),
        ])
    }

    /// Polar's `CustomerStateBenefitGrant`.
    func stateWire(benefit: BenefitRecord) -> JSONValue {
        let members: [JSONValue.Member] = [
            .init("id", .string(id.lowercased)),
            .init("created_at", .timestamp(createdAt)),
            .init("modified_at", .timestamp(modifiedAt)),
            .init("granted_at", .timestamp(grantedAt)),
            .init("benefit_id", .string(benefitID.lowercased)),
            .init("benefit_type", .string(benefit.type.rawValue)),
            .init("benefit_metadata", benefit.metadata.wire),
            .init("properties", properties),
        ]
        return .object(members)
    }
}
