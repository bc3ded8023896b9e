import Foundation
import Logging
import SQLKit

/// An email to send: plain text, to one address.
struct EmailMessage: Sendable, Equatable {
    var recipient: String
    var subject: String
    var body: String
}

/// The durable queue of outgoing email. Services enqueue inside their own transaction, so a
/// request that fails sends nothing, and a message once committed is never lost: it waits in
/// the table until a dispatcher delivers it.
///
/// Bodies hold credentials (verification links), so they reach the log only when nothing
/// delivers mail (`showsBodies`, the embedded default without SMTP): that is how a developer
/// on their own machine follows the link. With SMTP configured the log says only that a
/// message was queued.
struct EmailOutbox: Sendable {
    let database: Database
    let logger: Logger
    var showsBodies = false
    var clock: ServerClock = .system

    /// A claimed message, with how often delivery was tried before.
    struct Queued: Sendable {
        let id: String
        let message: EmailMessage
        let attempts: Int
    }

    func enqueue(_ message: EmailMessage, on db: any SQLDatabase) async throws {
        let now = clock.now()
        let id = UUID().lowercased
        try await db.raw(
            """
            INSERT INTO email_outbox (id, recipient, subject, body, created_at, next_attempt_at) \
            VALUES (\(bind: id), \(bind: message.recipient), \(bind: message.subject), \
            \(bind: message.body), \(bind: now), \(bind: now))
            """
        ).run()
        if showsBodies {
            logger.notice(
                "Email for local use only (no SMTP server configured, so it is not delivered); its link is a credential",
                metadata: ["email_id": .string(id), "to": .string(message.recipient), "subject": .string(message.subject),
                    "body": .string(message.body)])
        } else {
            logger.info("Email queued", metadata: ["email_id": .string(id), "subject": .string(message.subject)])
        }
    }

    /// Takes up to `limit` due messages for `lease`: no other dispatcher gets them until the
    /// lease runs out, which is also how a crashed replica's messages come back.
    /// How many emails are not sent yet.
    func pendingCount() async throws -> Int {
        try await database.sql.raw("SELECT COUNT(*) AS n FROM email_outbox WHERE sent_at IS NULL").first(decodingColumn: "n", as: Int.self) ?? 0
    }

    func claim(limit: Int, lease: Duration, now: Int64) async throws -> [Queued] {
        try await database.transaction { [database] db in
            let rows = try await db.raw(
                """
                SELECT id, recipient, subject, body, attempts FROM email_outbox \
                WHERE sent_at IS NULL AND next_attempt_at <= \(bind: now) AND (claimed_until IS NULL OR claimed_until < \(bind: now)) \
                ORDER BY next_attempt_at LIMIT \(bind: limit)
                """ + SQLQueryString(database.dialect.claimRows)
            ).all()
            let claimed = try rows.map { row in
                Queued(
                    id: try row.decode(column: "id", as: String.self),
                    message: EmailMessage(
                        recipient: try row.decode(column: "recipient", as: String.self),
                        subject: try row.decode(column: "subject", as: String.self), body: try row.decode(column: "body", as: String.self)),
                    attempts: try row.decode(column: "attempts", as: Int.self))
            }
            guard !claimed.isEmpty else { return [] }
            let until = now + lease.microseconds
            try await db.raw(
                "UPDATE email_outbox SET claimed_until = \(bind: until) WHERE id IN (\(binds: claimed.map(\.id)))"
            ).run()
            return claimed
        }
    }

    func markSent(_ id: String, now: Int64) async throws {
        try await database.transaction { db in
            try await db.raw(
                "UPDATE email_outbox SET sent_at = \(bind: now), attempts = attempts + 1, claimed_until = NULL, last_error = NULL WHERE id = \(bind: id)"
            ).run()
        }
    }

    /// Records the failure and puts the message back for a later attempt.
    func markFailed(_ id: String, error: String, retryAt: Int64) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                UPDATE email_outbox SET attempts = attempts + 1, last_error = \(bind: error), next_attempt_at = \(bind: retryAt), \
                claimed_until = NULL WHERE id = \(bind: id)
                """
            ).run()
        }
    }
}

extension Duration {
    var microseconds: Int64 { components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000 }
}
