import Foundation
import Logging
import ServiceLifecycle

/// Moves subscriptions through time: every replica runs one, and each due step (a renewal, or
/// the end of one cancelled at period end) is claimed by one replica in its own transaction.
/// A server that was down across period ends catches up at start, oldest first, each step once;
/// a test-clock advance a crash interrupted is finished then too.
struct SubscriptionScheduler: Service, CustomStringConvertible {
    let subscriptions: SubscriptionService
    let clocks: TestClockService
    let logger: Logger
    /// What "now" is.
    let clock: ServerClock
    var pollInterval: Duration = .seconds(1)

    var description: String { "SubscriptionScheduler" }

    func run() async throws {
        do {
            try await clocks.finishInterruptedAdvances()
        } catch {
            logger.error("Could not finish an interrupted test clock advance", metadata: ["error": "\(error)"])
        }
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                while !Task.isShuttingDownGracefully, try await subscriptions.cycleNextDue(now: clock.now()) {}
            } catch {
                logger.error("Subscription scheduler step failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: pollInterval)
        }
    }
}
