import Foundation
import PolarModels
import SQLKit

/// Benefit grants, by subscription and by customer.
struct BenefitGrantStore: Sendable {
    let database: Database

    private static let columns =
        "id, customer_id, benefit_id, subscription_id, properties, granted_at, revoked_at, created_at, modified_at"

    func save(_ grant: BenefitGrantRecord, isNew: Bool, on db: any SQLDatabase) async throws {
        if isNew {
            try await db.raw(
                """
                INSERT INTO benefit_grants (\(unsafeRaw: Self.columns)) VALUES (\(bind: grant.id.lowercased), \
                \(bind: grant.customerID.lowercased), \(bind: grant.benefitID.lowercased), \(bind: grant.subscriptionID?.lowercased), \
                \(bind: grant.properties.text), \(bind: grant.grantedAt), \(bind: grant.revokedAt), \(bind: grant.createdAt), \
                \(bind: grant.modifiedAt))
                """
            ).run()
        } else {
            try await db.raw(
                """
                UPDATE benefit_grants SET properties = \(bind: grant.properties.text), granted_at = \(bind: grant.grantedAt), \
                revoked_at = \(bind: grant.revokedAt), modified_at = \(bind: grant.modifiedAt) WHERE id = \(bind: grant.id.lowercased)
                """
            ).run()
        }
    }

    /// Every grant a subscription ever made, granted or revoked.
    func list(subscriptionID: UUID, on db: any SQLDatabase) async throws -> [BenefitGrantRecord] {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM benefit_grants WHERE subscription_id = \(bind: subscriptionID.lowercased) ORDER BY created_at, id"
        ).all().map(BenefitGrantRecord.init(row:))
    }

    /// The subscriptions through which some customer holds the benefit right now.
    func subscriptionIDs(grantingBenefitID benefitID: UUID, on db: any SQLDatabase) async throws -> [UUID] {
        try await db.raw(
            """
            SELECT DISTINCT subscription_id FROM benefit_grants WHERE benefit_id = \(bind: benefitID.lowercased) \
            AND subscription_id IS NOT NULL AND granted_at IS NOT NULL AND revoked_at IS NULL ORDER BY subscription_id
            """
        ).all().map { try $0.uuid("subscription_id") }
    }

    /// What the customer holds right now, oldest first.
    func granted(customerID: UUID, on db: (any SQLDatabase)? = nil) async throws -> [BenefitGrantRecord] {
        try await (db ?? database.sql).raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM benefit_grants WHERE customer_id = \(bind: customerID.lowercased) \
            AND granted_at IS NOT NULL AND revoked_at IS NULL ORDER BY created_at, id
            """
        ).all().map(BenefitGrantRecord.init(row:))
    }
}

extension BenefitGrantRecord {
    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        customerID = try row.uuid("customer_id")
        benefitID = try row.uuid("benefit_id")
        subscriptionID = try row.optionalUUID("subscription_id")
        properties = try row.json("properties")
        grantedAt = try row.decode(column: "granted_at", as: Int64?.self)
        revokedAt = try row.decode(column: "revoked_at", as: Int64?.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        modifiedAt = try row.decode(column: "modified_at", as: Int64?.self)
    }
}
