import Foundation
import SQLKit

/// Pending email changes: the hash of each `polar_cev_` link token and the address it confirms.
struct EmailVerificationStore: Sendable {
    let database: Database

    struct Pending: Sendable {
        let id: UUID
        let email: String
        let customerID: UUID
        let organizationID: UUID
    }

    func insert(
        hash: String, email: String, customer: CustomerAccess, createdAt: Int64, expiresAt: Int64, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO customer_email_verifications (id, token_hash, email, customer_id, organization_id, created_at, expires_at) \
            VALUES (\(bind: UUID().lowercased), \(bind: hash), \(bind: email), \(bind: customer.customerID.lowercased), \
            \(bind: customer.organizationID.lowercased), \(bind: createdAt), \(bind: expiresAt))
            """
        ).run()
    }

    /// Forgets every pending change of the customer, so only the newest link works.
    /// Deletes the links that have expired in their customer's time; answers how many.
    func purgeExpired(now: Int64) async throws -> Int {
        try await database.deleteExpired(from: "customer_email_verifications", now: now)
    }

    func deleteAll(customerID: UUID, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM customer_email_verifications WHERE customer_id = \(bind: customerID.lowercased)").run()
    }

    func delete(_ id: UUID, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM customer_email_verifications WHERE id = \(bind: id.lowercased)").run()
    }

    /// The unexpired change a token confirms; `forUpdate` holds it until the transaction ends,
    /// so two verifications of one link cannot both succeed.
    func find(hash: String, now: Int64, forUpdate: Bool = false, on db: (any SQLDatabase)? = nil) async throws -> Pending? {
        let lock = forUpdate ? database.dialect.lockForUpdate : ""
        guard
            let row = try await (db ?? database.sql).raw(
                """
                SELECT id, email, customer_id, organization_id FROM customer_email_verifications v \
                WHERE token_hash = \(bind: hash) AND expires_at >
                """ + " " + CustomerTime.sql(customerIDColumn: "v.customer_id", now: now) + SQLQueryString(lock)
            ).first()
        else { return nil }
        return Pending(
            id: UUID(uuidString: try row.decode(column: "id", as: String.self))!,
            email: try row.decode(column: "email", as: String.self),
            customerID: UUID(uuidString: try row.decode(column: "customer_id", as: String.self))!,
            organizationID: UUID(uuidString: try row.decode(column: "organization_id", as: String.self))!)
    }
}
