import Foundation
import PolarModels

/// Test clocks, this service's extension after Stripe's: create one, create customers on it
/// (`test_clock_id` at creation), and advance it; an advance runs every step that falls due on
/// the way, in order and with its webhooks, before it returns.
struct TestClockService: Sendable {
    let database: Database
    let clocks: TestClockStore
    let customers: CustomerService
    let subscriptions: SubscriptionService

    func create(_ input: TestClockCreateInput, access: OrganizationAccess) async throws -> TestClockRecord {
        let now = Clock.nowMicroseconds()
        let clock = TestClockRecord(
            id: UUID(), organizationID: access.organizationID, name: input.name, frozenTime: input.frozenTime ?? now, createdAt: now)
        try await database.transaction { [clocks] db in try await clocks.insert(clock, on: db) }
        return clock
    }

    func get(_ id: UUID, access: OrganizationAccess) async throws -> TestClockRecord {
        guard let clock = try await clocks.find(id, organizationID: access.organizationID) else { throw APIError.notFound }
        return clock
    }

    func list(access: OrganizationAccess, pages: PageQuery) async throws -> (items: [TestClockRecord], total: Int) {
        try await clocks.list(organizationID: access.organizationID, page: pages.page, limit: pages.limit)
    }

    /// Moves the clock to `time` and runs what falls due on the way.
    func advance(_ id: UUID, to time: Int64, access: OrganizationAccess) async throws -> TestClockRecord {
        try await database.transaction { [clocks] db in
            guard var clock = try await clocks.find(id, organizationID: access.organizationID, forUpdate: true, on: db) else {
                throw APIError.notFound
            }
            guard clock.advancingTo == nil else {
                throw APIError.polar(.conflict, "TestClockAdvancing", "The test clock is already advancing.")
            }
            guard time >= clock.frozenTime else {
                throw APIError.validation(
                    [
                        ValidationError(
                            loc: ["body", "frozen_time"], msg: "The new time must not be before the clock's current time.",
                            type: "value_error", input: .string(PolarTimestamp.format(microseconds: time)))
                    ], kind: .business)
            }
            clock.advancingTo = time
            clock.modifiedAt = Clock.nowMicroseconds()
            try await clocks.update(clock, on: db)
        }
        if let clock = try await finishAdvance(id) { return clock }
        return try await get(id, access: access)
    }

    /// Runs every step due on the clock up to where its advance goes, then sets its time and
    /// makes it ready. The scheduler calls this at start for an advance a crash interrupted.
    @discardableResult
    func finishAdvance(_ id: UUID) async throws -> TestClockRecord? {
        guard let target = try await clocks.find(id, organizationID: nil)?.advancingTo else { return nil }
        while try await subscriptions.cycleNextDue(now: target, testClockID: id) {}
        return try await database.transaction { [clocks] db in
            guard var clock = try await clocks.find(id, organizationID: nil, forUpdate: true, on: db) else { return nil }
            guard clock.advancingTo != nil else { return clock }
            clock.frozenTime = max(clock.frozenTime, target)
            clock.advancingTo = nil
            clock.modifiedAt = Clock.nowMicroseconds()
            try await clocks.update(clock, on: db)
            return clock
        }
    }

    /// Deletes the clock and, as Stripe does, every customer on it (as `DELETE /v1/customers/{id}`
    /// does: subscriptions revoked, `customer.deleted` sent).
    func delete(_ id: UUID, access: OrganizationAccess) async throws {
        _ = try await get(id, access: access)
        for customerID in try await customers.store.ids(testClockID: id, organizationID: access.organizationID) {
            do {
                try await customers.delete(.id(customerID), anonymize: false, access: access)
            } catch let error as APIError where error.status == .notFound {
                continue  // deleted meanwhile
            }
        }
        try await database.transaction { [clocks] db in try await clocks.delete(id, now: Clock.nowMicroseconds(), on: db) }
    }

}
