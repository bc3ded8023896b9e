import Foundation
import Logging
import PolarModels
import SQLKit
import Testing

@testable import PolarServer

@Suite("Email outbox and dispatcher", .serialized)
struct EmailOutboxTests {
    static func message(_ n: Int) -> EmailMessage {
        EmailMessage(recipient: "user\(n)@example.com", subject: "Message \(n)", body: "Body \(n)")
    }

    /// Runs `body` with an outbox on a fresh database (SQLite, or PostgreSQL when configured).
    func withOutbox(_ body: (Database, EmailOutbox) async throws -> Void) async throws {
        let url = try await TestServer.freshDatabase()
        try await ServerContext.with(url) { context in
            try await body(context.database, EmailOutbox(database: context.database, logger: Logger(label: "test")))
        }
    }

    func pending(_ database: Database) async throws -> [(recipient: String, attempts: Int, error: String?)] {
        try await database.sql.raw("SELECT recipient, attempts, last_error FROM email_outbox WHERE sent_at IS NULL ORDER BY recipient")
            .all().map {
                (try $0.decode(column: "recipient", as: String.self), try $0.decode(column: "attempts", as: Int.self),
                 try $0.decode(column: "last_error", as: String?.self))
            }
    }

    @Test("messages wait without SMTP, go out once one is configured, and a rollback sends nothing")
    func durable() async throws {
        try await withOutbox { database, outbox in
            try await database.transaction { db in try await outbox.enqueue(Self.message(1), on: db) }
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await database.transaction { db in
                    try await outbox.enqueue(Self.message(2), on: db)
                    throw Abort()
                }
            }
            #expect(try await pending(database).map(\.recipient) == ["user1@example.com"])

            let sink = try await SMTPSink.start()
            defer { sink.stop() }
            let dispatcher = EmailDispatcher(
                outbox: outbox, smtp: SMTPClient(url: try SMTPURL(parsing: "smtp://127.0.0.1:\(sink.port)"), sender: "a@acme.test"),
                logger: Logger(label: "test"))
            #expect(try await dispatcher.deliverDue() == 1)
            #expect(try await sink.waitForMessages(1).map { $0["subject"] } == ["Message 1"])
            #expect(try await pending(database).isEmpty)
            #expect(try await dispatcher.deliverDue() == 0)
        }
    }

    @Test("a failed delivery records the error and backs off; an expired lease is claimed again")
    func retries() async throws {
        try await withOutbox { database, outbox in
            try await database.transaction { db in try await outbox.enqueue(Self.message(1), on: db) }
            // Nothing listens on this port.
            let dead = EmailDispatcher(
                outbox: outbox, smtp: SMTPClient(url: try SMTPURL(parsing: "smtp://127.0.0.1:1"), sender: "a@acme.test"),
                logger: Logger(label: "test"))
            #expect(try await dead.deliverDue() == 0)
            let failed = try #require(try await pending(database).first)
            #expect(failed.attempts == 1)
            #expect(failed.error != nil)
            // Backed off: not due again yet.
            #expect(try await outbox.claim(limit: 10, lease: .seconds(60), now: ServerClock.system.now()).isEmpty)

            try await database.sql.raw("UPDATE email_outbox SET next_attempt_at = 0").run()
            let now = ServerClock.system.now()
            #expect(try await outbox.claim(limit: 10, lease: .seconds(60), now: now).count == 1)
            // Leased: a second claimer gets nothing until the lease runs out.
            #expect(try await outbox.claim(limit: 10, lease: .seconds(60), now: now).isEmpty)
            #expect(try await outbox.claim(limit: 10, lease: .seconds(60), now: now + 61_000_000).count == 1)
        }
    }

    @Test("two dispatchers on one database deliver each message exactly once")
    func exactlyOnce() async throws {
        try await withOutbox { database, outbox in
            try await database.transaction { db in
                for n in 0..<40 { try await outbox.enqueue(Self.message(n), on: db) }
            }
            let sink = try await SMTPSink.start()
            defer { sink.stop() }
            let url = try SMTPURL(parsing: "smtp://127.0.0.1:\(sink.port)")
            let first = EmailDispatcher(outbox: outbox, smtp: SMTPClient(url: url, sender: "a@acme.test"), logger: Logger(label: "1"))
            let second = EmailDispatcher(outbox: outbox, smtp: SMTPClient(url: url, sender: "a@acme.test"), logger: Logger(label: "2"))
            async let a = first.deliverDue()
            async let b = second.deliverDue()
            #expect(try await a + b == 40)
            let received = try await sink.waitForMessages(40)
            #expect(received.count == 40)
            #expect(Set(received.compactMap { $0["subject"]?.stringValue }).count == 40)
            #expect(try await pending(database).isEmpty)
        }
    }
}
