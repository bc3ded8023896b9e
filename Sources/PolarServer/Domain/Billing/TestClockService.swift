import Foundation
import PolarModels

/// Test clocks, this service's extension after Stripe's: create one, create customers on it
/// (`test_clock_id` at creation), and advance it; an advance runs every step that falls due on
/// the way, in order and with its webhooks, before it returns.
struct TestClockService: Sendable {
    let database: Database
    let clocks: TestClockStore
    let organizations: OrganizationStore
    let customers: CustomerService
    let subscriptions: SubscriptionService
    /// What "now" is.
    let clock: ServerClock

    /// Only for an organization in test mode: one that bills for real has no clocks.
    func create(_ input: TestClockCreateInput, access: OrganizationAccess) async throws -> TestClockRecord {
        guard try await organizations.find(id: access.organizationID)?.testMode == true else {
            throw APIError.polar(.forbidden, "NotPermitted", "Test clocks are available to organizations in test mode only.")
        }
        let now = clock.now()
        let record = TestClockRecord(
            id: UUID(), organizationID: access.organizationID, name: input.name, frozenTime: input.frozenTime ?? now, createdAt: now)
        try await database.transaction { [clocks] db in try await clocks.insert(record, on: db) }
        return record
    }

    func get(_ id: UUID, access: OrganizationAccess) async throws -> TestClockRecord {
        guard let record = try await clocks.find(id, organizationID: access.organizationID) else { throw APIError.notFound }
        return record
    }

    func list(access: OrganizationAccess, pages: PageQuery) async throws -> (items: [TestClockRecord], total: Int) {
        try await clocks.list(organizationID: access.organizationID, page: pages.page, limit: pages.limit)
    }

    /// Moves the clock to `time` and runs what falls due on the way.
    func advance(_ id: UUID, to time: Int64, access: OrganizationAccess) async throws -> TestClockRecord {
        try await database.transaction { [clocks] db in
            guard var record = try await clocks.find(id, organizationID: access.organizationID, forUpdate: true, on: db) else {
                throw APIError.notFound
            }
            guard record.advancingTo == nil else {
                throw APIError.polar(.conflict, "TestClockAdvancing", "The test clock is already advancing.")
            }
            guard time >= record.frozenTime else {
                throw APIError.validation(
                    [
                        ValidationError(
                            loc: ["body", "frozen_time"], msg: "The new time must not be before the clock's current time.",
                            type: "value_error", input: .string(PolarTimestamp.format(microseconds: time)))
                    ], kind: .business)
            }
            record.advancingTo = time
            record.modifiedAt = clock.now()
            try await clocks.update(record, on: db)
        }
        if let record = try await finishAdvance(id) { return record }
        return try await get(id, access: access)
    }

    /// Finishes every advance a crash interrupted, oldest clock first.
    func finishInterruptedAdvances() async throws {
        for id in try await clocks.advancing() { try await finishAdvance(id) }
    }

    /// Runs every step due on the clock up to where its advance goes, then sets its time and
    /// makes it ready. The scheduler calls this at start for an advance a crash interrupted.
    @discardableResult
    func finishAdvance(_ id: UUID) async throws -> TestClockRecord? {
        guard let target = try await clocks.find(id, organizationID: nil)?.advancingTo else { return nil }
        while try await subscriptions.cycleNextDue(now: target, testClockID: id) {}
        return try await database.transaction { [clocks] db in
            guard var record = try await clocks.find(id, organizationID: nil, forUpdate: true, on: db) else { return nil }
            guard record.advancingTo != nil else { return record }
            record.frozenTime = max(record.frozenTime, target)
            record.advancingTo = nil
            record.modifiedAt = clock.now()
            try await clocks.update(record, on: db)
            return record
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
        try await database.transaction { [clocks] db in try await clocks.delete(id, now: clock.now(), on: db) }
    }

}
