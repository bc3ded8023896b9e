import Foundation
import PolarModels
import SQLKit

/// Subscriptions through time, as Polar's scheduler moves them: when a period ends, a renewing
/// subscription starts its next one (`subscription.cycled`), its meters start over and its
/// benefits cycle; one cancelled at period end ends instead, and its benefits are revoked.
/// Nothing is charged: a renewal is recorded as after a successful payment.
extension SubscriptionService {
    /// Runs the step of the subscription whose period ended first by `now`, on real time or on
    /// one test clock, in its own transaction, so a crash never leaves half a step and each
    /// step runs once. Returns whether there was one.
    func cycleNextDue(now: Int64, testClockID: UUID? = nil) async throws -> Bool {
        guard try await subscriptions.hasDue(now: now, testClockID: testClockID) else { return false }
        return try await database.transaction { db in
            guard let subscription = try await subscriptions.nextDue(now: now, testClockID: testClockID, on: db) else { return false }
            // On a test clock each step happens at its period's end; on real time, now.
            try await cycle(subscription, now: testClockID == nil ? now : subscription.currentPeriodEnd, on: db)
            return true
        }
    }

    /// Polar's `cycle` for a subscription whose period has ended.
    private func cycle(_ subscription: SubscriptionRecord, now: Int64, on db: any SQLDatabase) async throws {
        guard let product = try await products.find(subscription.productID, organizationID: subscription.organizationID, on: db) else {
            throw OperatorError("Subscription \(subscription.id.lowercased) has no product")
        }
        let cycleAt = subscription.currentPeriodEnd
        let ends = subscription.cancelAtPeriodEnd
        var next = subscription
        if ends {
            next.endedAt = now
            next.status = "canceled"
        } else {
            next.currentPeriodStart = cycleAt
            next.currentPeriodEnd = SubscriptionRecord.periodEnd(
                from: cycleAt, interval: subscription.recurringInterval, count: subscription.recurringIntervalCount,
                anchorDay: subscription.anchorDay)
        }
        next.modifiedAt = now
        try await subscriptions.update(next, on: db)

        // The period's meters start over, what rolls over credited again.
        let meterIDs = try await usages.list(ownerIDs: [subscription.id], on: db).map(\.meterID)
        let ledger = UsageLedger(usages: usages, db: db, now: now)
        for meterID in meterIDs {
            try await resets.reset(
                meterID: meterID, customerID: subscription.customerID, organizationID: subscription.organizationID,
                subscriptionIDs: [subscription.id], at: min(cycleAt, now), ledger: ledger, on: db)
        }
        try await ledger.flush()

        if ends {
            try await announce(next, Self.transitionEvents(from: subscription, to: next), on: db)
            try await grants.sync(next, product: product, on: db, now: now)
        } else {
            try await announce(next, ["subscription.cycled", "subscription.updated"], on: db)
            try await grants.cycle(next, product: product, alreadyReset: Set(meterIDs), on: db, now: now)
        }
    }
}
