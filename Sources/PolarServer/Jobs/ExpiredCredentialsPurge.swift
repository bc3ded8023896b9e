import Logging
import ServiceLifecycle

/// Deletes customer sessions and email-change links once they have expired, on every replica
/// (a delete of what is already gone is harmless): they can no longer be used, and keeping them
/// would only keep credentials' hashes around. Expiry is the customer's time, test clocks included.
struct ExpiredCredentialsPurge: Service, CustomStringConvertible {
    let sessions: CustomerSessionStore
    let verifications: EmailVerificationStore
    let logger: Logger
    let clock: ServerClock
    var interval: Duration = .seconds(600)

    var description: String { "ExpiredCredentialsPurge" }

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let (sessions, links) = try await purge()
                if sessions + links > 0 {
                    logger.debug("Purged expired credentials", metadata: ["sessions": "\(sessions)", "email_links": "\(links)"])
                }
            } catch {
                logger.error("Purging expired credentials failed", metadata: ["error": "\(error)"])
            }
            // Graceful shutdown does not cancel the task: it ends the wait.
            let interval = self.interval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Deletes what has expired now; answers how many sessions and links went.
    func purge() async throws -> (sessions: Int, links: Int) {
        let now = clock.now()
        return (try await sessions.purgeExpired(now: now), try await verifications.purgeExpired(now: now))
    }
}
