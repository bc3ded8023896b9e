import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Delivers the outbox over SMTP. Every replica may run one: a claim takes messages under a
/// lease, so each message goes out once, and one whose replica died is retried when its lease
/// ends. A failed delivery is retried with exponential backoff, from 30 seconds up to an hour.
struct EmailDispatcher: Service, CustomStringConvertible {
    let outbox: EmailOutbox
    let smtp: SMTPClient
    let logger: Logger
    var pollInterval: Duration = .seconds(1)
    var lease: Duration = .seconds(120)
    var clock: ServerClock = .system

    /// How service lifecycle names it in the log (the default would print the SMTP settings).
    var description: String { "EmailDispatcher(\(smtp.url))" }

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await deliverDue()
            } catch {
                logger.error("Email outbox unavailable", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    /// Sends every message that is due now; returns how many went out.
    @discardableResult
    func deliverDue() async throws -> Int {
        var sent = 0
        while true {
            let batch = try await outbox.claim(limit: 10, lease: lease, now: clock.now())
            guard !batch.isEmpty else { return sent }
            for queued in batch {
                do {
                    try await smtp.send(queued.message)
                    try await outbox.markSent(queued.id, now: clock.now())
                    Counter(label: "polar_email_deliveries", dimensions: [("result", "sent")]).increment()
                    sent += 1
                } catch {
                    Counter(label: "polar_email_deliveries", dimensions: [("result", "failed")]).increment()
                    let delay = min(30 * (1 << min(queued.attempts, 7)), 3600)
                    logger.warning(
                        "Email delivery failed; will retry", metadata: ["to": .string(queued.message.recipient), "error": "\(error)"])
                    try await outbox.markFailed(
                        queued.id, error: "\(error)", retryAt: clock.now() + Int64(delay) * 1_000_000)
                }
            }
        }
    }
}
