import Foundation
import SQLKit

/// "Now" for one customer: its test clock's time when it lives on one, the server's otherwise.
/// What a customer's time decides (its subscriptions' periods, its sessions' and email links'
/// expiry) reads it here.
struct CustomerTime: Sendable {
    let testClocks: TestClockStore
    let clock: ServerClock

    func now(testClockID: UUID?, on db: any SQLDatabase) async throws -> Int64 {
        try await testClocks.frozenTime(testClockID, on: db) ?? clock.now()
    }

    /// The clock times of those of the customers that live on a test clock.
    func clockTimes(customerIDs: Set<UUID>, on db: any SQLDatabase) async throws -> [UUID: Int64] {
        try await testClocks.frozenTimes(customerIDs: customerIDs, on: db)
    }

    /// SQL for the time of the customer whose id is in `column`, for expiry checks made in one
    /// query: the clock's time, or `now`.
    static func sql(customerIDColumn column: String, now: Int64) -> SQLQueryString {
        """
        COALESCE((SELECT t.frozen_time FROM customers tc JOIN test_clocks t ON t.id = tc.test_clock_id \
        WHERE tc.id = \(unsafeRaw: column)), \(bind: now))
        """
    }
}
