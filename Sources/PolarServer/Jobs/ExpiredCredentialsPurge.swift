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

    /// Waits an interval first: at start-up every replica has better things to do.
    func run() async throws {
        let interval = self.interval
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            // Graceful shutdown does not cancel the task: it ends the wait.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
            do {
                let (sessions, links) = try await purge()
                if sessions + links > 0 {
                    logger.debug("Purged expired credentials", metadata: ["sessions": "\(sessions)", "email_links": "\(links)"])
                }
            } catch {
                logger.error("Purging expired credentials failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Deletes what has expired now; answers how many sessions and links went.
    func purge() async throws -> (sessions: Int, links: Int) {
        let now = clock.now()
        return (try await sessions.purgeExpired(now: now), try await verifications.purgeExpired(now: now))
    }
}
