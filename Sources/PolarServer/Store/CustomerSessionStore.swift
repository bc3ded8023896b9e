import Foundation
import SQLKit

/// Customer sessions: the `polar_cst_` tokens of the customer portal, stored as hashes.
struct CustomerSessionStore: Sendable {
    let database: Database

    func insert(
        id: UUID, hash: String, customerID: UUID, returnURL: String?, createdAt: Int64, expiresAt: Int64,
        on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO customer_sessions (id, token_hash, customer_id, return_url, created_at, expires_at) \
            VALUES (\(bind: id.lowercased), \(bind: hash), \(bind: customerID.lowercased), \(bind: returnURL), \
            \(bind: createdAt), \(bind: expiresAt))
            """
        ).run()
    }

    /// The customer a live session belongs to: the session unexpired, its customer not deleted.
    func access(hash: String, now: Int64) async throws -> CustomerAccess? {
        guard
            let row = try await database.sql.raw(
                """
                SELECT c.id, c.organization_id, s.id AS session_id FROM customer_sessions AS s JOIN customers AS c ON c.id = s.customer_id \
                WHERE s.token_hash = \(bind: hash) AND c.deleted_at IS NULL AND s.expires_at >
                """ + " " + CustomerTime.sql(customerIDColumn: "c.id", now: now)
            ).first()
        else { return nil }
        return CustomerAccess(
            customerID: UUID(uuidString: try row.decode(column: "id", as: String.self))!,
            organizationID: UUID(uuidString: try row.decode(column: "organization_id", as: String.self))!,
            sessionID: try row.uuid("session_id"))
    }

    /// Deletes the sessions that have expired in their customer's time; answers how many.
    func purgeExpired(now: Int64) async throws -> Int {
        try await database.deleteExpired(from: "customer_sessions", now: now)
    }

    /// When a session ends and where it sends the customer back.
    func session(id: UUID) async throws -> (expiresAt: Int64, returnURL: String?)? {
        try await database.sql.raw("SELECT expires_at, return_url FROM customer_sessions WHERE id = \(bind: id.lowercased)").first()
            .map { (try $0.decode(column: "expires_at", as: Int64.self), try $0.optional("return_url", as: String.self)) }
    }
}

/// What a customer session grants: acting as one customer of one organization.
struct CustomerAccess: Sendable, Equatable {
    let customerID: UUID
    let organizationID: UUID
    /// The session the customer signed in with.
    var sessionID: UUID? = nil
}
