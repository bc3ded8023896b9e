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
/// the table until a dispatcher delivers it. Each message is also logged, which is how the
/// embedded default (no SMTP) shows its verification links.
struct EmailOutbox: Sendable {
    let logger: Logger

    func enqueue(_ message: EmailMessage, on db: any SQLDatabase) async throws {
        let now = Clock.nowMicroseconds()
        try await db.raw(
            """
            INSERT INTO email_outbox (id, recipient, subject, body, created_at, next_attempt_at) \
            VALUES (\(bind: UUID().lowercased), \(bind: message.recipient), \(bind: message.subject), \
            \(bind: message.body), \(bind: now), \(bind: now))
            """
        ).run()
        logger.notice(
            "Email queued", metadata: ["to": .string(message.recipient), "subject": .string(message.subject), "body": .string(message.body)])
    }
}
