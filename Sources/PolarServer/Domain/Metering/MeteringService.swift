import Foundation
import PolarModels
import SQLKit

/// Meters and events: creating meters (which count the events already ingested, as Polar's
/// backfill does), ingesting events, and keeping each customer's usage current as they arrive.
struct MeteringService: Sendable {
    let database: Database
    let meters: MeterStore
    let events: EventStore
    let usages: MeterUsageStore
    let customers: CustomerStore
    let subscriptions: SubscriptionStore
    /// What keeps a meter from being archived: live prices and `meter_credit` benefits on it.
    let products: ProductStore
    let benefits: BenefitStore
    /// A customer whose meters moved gets a debounced `customer.state_changed`, as in Polar.
    let webhooks: WebhookOutbox
    /// Each customer's "now": its test clock's, or the server's.
    let time: CustomerTime

    /// One page of the organization's meters matching `filter`, and how many match; none when
    /// the query names only other organizations.
    func listMeters(_ filter: MeterListFilter, query: OrganizationListQuery, access: OrganizationAccess) async throws -> (items: [MeterRecord], total: Int) {
        guard query.includes(access) else { return ([], 0) }
        return try await meters.list(organizationID: access.organizationID, filter: filter, page: query.pages.page, limit: query.pages.limit)
    }

    func createMeter(_ input: MeterInput, access: OrganizationAccess) async throws -> MeterRecord {
        let now = time.clock.now()
        let meter = MeterRecord(
            id: UUID(), organizationID: access.organizationID, name: input.name, unit: input.unit, customLabel: input.customLabel,
            customMultiplier: input.customMultiplier, filter: input.filter, aggregation: input.aggregation,
            metadata: input.metadata, createdAt: now)
        try await database.transaction { [meters] db in
            try await meters.insert(meter, on: db)
            _ = try await countPastEvents(for: meter, ingestedFrom: nil, on: db, now: now)
        }
        return meter
    }

    /// Counts the customers' events already ingested (from a time, or all) towards `meter`, and
    /// tells whose usage moved.
    func countPastEvents(for meter: MeterRecord, ingestedFrom start: Int64?, on db: any SQLDatabase, now: Int64) async throws -> Set<UUID> {
        let ledger = UsageLedger(usages: usages, db: db, now: now)
        var moved: Set<UUID> = []
        var after: (Int64, String)? = start.map { ($0, "") }
        while true {
            let page = try await events.customerEvents(organizationID: meter.organizationID, after: after, limit: 1000, on: db)
            for event in page where try await ledger.record(event, ownerID: event.customerID!, meters: [meter]) {
                moved.insert(event.customerID!)
            }
            guard let last = page.last else { break }
            after = (last.ingestedAt, last.id.lowercased)
        }
        try await ledger.flush()
        return moved
    }

    func getMeter(_ id: UUID, access: OrganizationAccess) async throws -> MeterRecord {
        guard let meter = try await meters.find(id, organizationID: access.organizationID) else { throw APIError.notFound }
        return meter
    }

    /// Polar's ingest: every event is checked first (an unknown `customer_id` fails the whole
    /// batch with 422); events whose `external_id` is already known are skipped as duplicates.
    func ingest(_ input: EventsIngestInput, access: OrganizationAccess) async throws -> (inserted: Int, duplicates: Int) {
        let now = time.clock.now()
        return try await database.transaction { [events, customers, time] db in
            let ids = Set(input.events.compactMap { if case .id(let id) = $0.customer { id } else { nil } })
            let known = try await customers.liveIDs(ids, organizationID: access.organizationID, on: db)
            let externalIDs = Set(input.events.compactMap { if case .externalID(let id) = $0.customer { id } else { nil } })
            let byExternalID = try await customers.liveIDs(externalIDs: externalIDs, organizationID: access.organizationID, on: db)
            func customerID(of event: EventsIngestInput.Event) -> UUID? {
                switch event.customer {
                case .id(let id): known.contains(id) ? id : nil
                case .externalID(let externalID): byExternalID[externalID]
                }
            }
            // Timed after the real now: refused, as Polar refuses it, unless the customer lives on
            // a test clock that is at least that far on.
            if !input.futureTimestamps.isEmpty {
                let clockTimes = try await time.clockTimes(customerIDs: Set(input.events.compactMap(customerID(of:))), on: db)
                let onClockTime = Set(
                    input.events.indices.filter { index in
                        customerID(of: input.events[index]).flatMap { clockTimes[$0] }.map { input.events[index].timestamp <= $0 } ?? false
                    })
                let refused = input.futureTimestamps.filter { error in
                    guard error.loc.count > 2, case .index(let index) = error.loc[2] else { return true }
                    return !onClockTime.contains(index)
                }
                if !refused.isEmpty { throw APIError.validation(refused) }
            }
            // Polar checks each event's organization, then its customer, then its member, and
            // reports the first failure of every event.
            var errors: [ValidationError] = []
            for (index, event) in input.events.enumerated() {
                let loc: [LocationItem] = ["body", "events", .index(index)]
                if let organizationID = event.organizationID {
                    errors.append(
                        ValidationError(
                            loc: loc + ["organization_id"], msg: "Setting organization_id is disallowed when using an organization token.",
                            type: "organization_token", input: .string(organizationID.lowercased)))
                } else if case .id(let id) = event.customer, !known.contains(id) {
                    errors.append(
                        ValidationError(loc: loc + ["customer_id"], msg: "Customer not found.", type: "customer_id", input: .string(id.lowercased)))
                } else if let memberID = event.memberID {
                    errors.append(
                        ValidationError(loc: loc + ["member_id"], msg: "Member not found.", type: "member_id", input: .string(memberID.lowercased)))
                }
            }
            if !errors.isEmpty { throw APIError.validation(errors, kind: .business) }

            // An event sent without a time happens at its customer's "now", a test clock's included.
            let untimed = input.events.contains { !$0.timestampSent }
            let resolved = untimed ? Set(ids.filter(known.contains)).union(byExternalID.values) : []
            let clockTimes = try await time.clockTimes(customerIDs: resolved, on: db)

            var seen = try await events.existingExternalIDs(
                input.events.compactMap(\.externalID), organizationID: access.organizationID, on: db)
            var rows: [EventStore.Row] = []
            for event in input.events {
                if let externalID = event.externalID {
                    guard seen.insert(externalID).inserted else { continue }
                }
                let customerID = customerID(of: event)
                var externalCustomerID: String? = nil
                if case .externalID(let id) = event.customer { externalCustomerID = id }
                rows.append(
                    EventStore.Row(
                        id: UUID(), organizationID: access.organizationID, name: event.name, source: "user",
                        timestamp: event.timestampSent ? event.timestamp : customerID.flatMap { clockTimes[$0] } ?? event.timestamp,
                        customerID: customerID, externalCustomerID: externalCustomerID,
                        externalID: event.externalID, metadata: event.metadata, ingestedAt: now))
            }
            try await events.insert(rows, on: db)
            try await count(rows, organizationID: access.organizationID, on: db, now: now)
            return (rows.count, input.events.count - rows.count)
        }
    }

    /// Events sent for `externalID` before any customer had it become `customerID`'s, and count
    /// for it from now on, as Polar counts a customer's events by its external id too.
    func adoptPendingEvents(externalID: String, customerID: UUID, organizationID: UUID, on db: any SQLDatabase) async throws {
        let now = time.clock.now()
        while true {
            var rows = try await events.pending(externalCustomerID: externalID, organizationID: organizationID, limit: 1000, on: db)
            guard !rows.isEmpty else { return }
            try await events.assign(rows.map(\.id), customerID: customerID, on: db)
            for index in rows.indices { rows[index].customerID = customerID }
            try await count(rows, organizationID: organizationID, on: db, now: now)
        }
    }

    /// Gives a customer a zero row on every live meter it has none of yet, as Polar's
    /// customer-meter job does after any event of a customer, its creation and updates included.
    func openMeters(customerID: UUID, organizationID: UUID, on db: any SQLDatabase) async throws {
        try await openMeters(customerIDs: [customerID], organizationID: organizationID, now: time.clock.now(), on: db)
    }

    /// ``openMeters(customerID:organizationID:on:)`` for many customers at once.
    func openMeters(customerIDs: Set<UUID>, organizationID: UUID, now: Int64, on db: any SQLDatabase) async throws {
        let active = try await meters.active(organizationID: organizationID, on: db)
        try await usages.open(ownerIDs: customerIDs, meterIDs: active.map(\.id), now: now, on: db)
    }

    /// Adds customers' events to their usage, opens the rest of their meters at zero, and notes
    /// each customer's first event.
    private func count(_ rows: [EventStore.Row], organizationID: UUID, on db: any SQLDatabase, now: Int64) async throws {
        let withCustomer = rows.filter { $0.customerID != nil }
        guard !withCustomer.isEmpty else { return }
        let ledger = UsageLedger(usages: usages, db: db, now: now)
        let active = try await meters.active(organizationID: organizationID, on: db)
        let periods = try await subscriptions.meteredPeriods(customerIDs: Set(withCustomer.compactMap(\.customerID)), on: db)
        var firstEvents: [UUID: Int64] = [:]
        var changed: Set<UUID> = []
        for row in withCustomer {
            let customerID = row.customerID!
            if try await ledger.record(row, ownerID: customerID, meters: active) { changed.insert(customerID) }
            // A subscription's meters count what happens in its current period.
            for period in periods[customerID] ?? [] where row.timestamp >= period.start {
                try await ledger.record(row, ownerID: period.subscriptionID, meters: active.filter { period.meterIDs.contains($0.id) })
            }
            if row.source == "user" { firstEvents[customerID] = min(firstEvents[customerID] ?? .max, row.timestamp) }
        }
        try await ledger.flush()
        try await usages.open(ownerIDs: Set(withCustomer.compactMap(\.customerID)), meterIDs: active.map(\.id), now: now, on: db)
        for (customerID, timestamp) in firstEvents {
            try await customers.noteUserEvent(customerID: customerID, at: timestamp, on: db)
        }
        for customerID in changed {
            try await webhooks.stateMayHaveChanged(customerID: customerID, organizationID: organizationID, on: db)
        }
    }
}
