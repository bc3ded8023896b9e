import Foundation
import PolarModels
import SQLKit

/// Subscriptions: created active for a period from now, cancelled at period end (or not),
/// revoked; each change keeps the customer's benefit grants in step in the same transaction.
struct SubscriptionService: Sendable {
    let database: Database
    let subscriptions: SubscriptionStore
    let products: ProductStore
    let customers: CustomerStore
    let usages: MeterUsageStore
    let grants: BenefitGrantService
    let meters: SubscriptionMeters
    /// Records the system events of a renewal.
    let events: EventStore
    /// Starts a period's meters over.
    let resets: MeterReset
    /// Announces `subscription.*` and the customer's state changes in each transaction.
    let webhooks: WebhookOutbox
    /// Each customer's "now": its test clock's, or the server's.
    let time: CustomerTime

    /// Polar's `POST /v1/subscriptions/`: only free recurring products, as paid ones need a
    /// checkout. `requireFree: false` is the operator's way to start a paid one.
    func create(_ input: SubscriptionCreateInput, access: OrganizationAccess, requireFree: Bool = true) async throws -> SubscriptionRecord {
        try await database.transaction { [products, customers, subscriptions, usages, grants, time] db in
            let found = try await products.find(input.productID, organizationID: access.organizationID, on: db)
            let productError: String? =
                switch found {
                case nil: "Product does not exist."
                case let product? where !product.isRecurring: "Product is not a recurring product."
                case let product? where requireFree && !product.isFree(currency: ProductService.defaultCurrency):
                    "Product is not free. The customer should go through a checkout to create a paid subscription."
                default: nil
                }
            guard let product = found, productError == nil else {
                throw APIError.validation(
                    [ValidationError(loc: ["body", "product_id"], msg: productError!, type: "value_error", input: .string(input.productID.lowercased))],
                    kind: .business)
            }
            let key: CustomerStore.Key
            let loc: String
            let shown: JSONValue
            switch input.customer {
            case .id(let id): (key, loc, shown) = (.id(id), "customer_id", .string(id.lowercased))
            case .externalID(let id): (key, loc, shown) = (.externalID(id), "external_customer_id", .string(id))
            }
            guard let customer = try await customers.find(key, organizationID: access.organizationID, on: db) else {
                throw APIError.validation(
                    [ValidationError(loc: ["body", .key(loc)], msg: "Customer does not exist.", type: "value_error", input: shown)],
                    kind: .business)
            }
            let now = try await time.now(testClockID: customer.testClockID, on: db)
            let prices = product.prices.filter { $0.currency == ProductService.defaultCurrency }
            let subscription = SubscriptionRecord(
                id: UUID(), organizationID: access.organizationID, customerID: customer.id, productID: product.id, status: "active",
                amount: prices.reduce(0) { if case .fixed(let amount) = $1.kind { $0 + amount } else { $0 } },
                currency: ProductService.defaultCurrency, recurringInterval: product.recurringInterval!,
                recurringIntervalCount: product.recurringIntervalCount ?? 1, currentPeriodStart: now,
                currentPeriodEnd: SubscriptionRecord.periodEnd(
                    from: now, interval: product.recurringInterval!, count: product.recurringIntervalCount ?? 1),
                startedAt: now, paymentMethodID: requireFree ? nil : customer.defaultPaymentMethodID, metadata: input.metadata,
                createdAt: now, testClockID: customer.testClockID)
            try await subscriptions.insert(subscription, on: db)
            // Each metered price's usage for the period starts at zero now.
            let ledger = UsageLedger(usages: usages, db: db, now: now)
            for price in prices { if case .meteredUnit(_, _, let meter) = price.kind { try await ledger.open(meterID: meter.id, ownerID: subscription.id) } }
            try await ledger.flush()
            try await grants.sync(subscription, product: product, on: db, now: now)
            // Polar: created, then active (it starts active), then the customer's new state; the
            // grants come first here so the event carries the credits its GET shows.
            try await announce(subscription, ["subscription.created", "subscription.active"], on: db)
            return subscription
        }
    }

    /// Polar's `Subscription` for each, with its customer, product and meters read in bulk
    /// (on `db` inside a transaction, so a change shows itself).
    func wire(_ subscriptions: [SubscriptionRecord], organizationID: UUID, on db: (any SQLDatabase)? = nil) async throws -> [JSONValue] {
        let products = Dictionary(
            uniqueKeysWithValues: try await products.find(Array(Set(subscriptions.map(\.productID))), on: db).map { ($0.id, $0) })
        let customers = Dictionary(
            uniqueKeysWithValues: try await customers.find(Array(Set(subscriptions.map(\.customerID))), organizationID: organizationID, on: db)
                .map { ($0.id, try JSONValueEncoder.encode($0.wire)) })
        let meters = try await meters.subscriptionMeters(subscriptions, products: products, on: db)
        return try subscriptions.map { subscription in
            subscription.wire(
                customer: customers[subscription.customerID] ?? .null, product: products[subscription.productID]!,
                meters: try (meters[subscription.id] ?? []).map { try $0.wire })
        }
    }

    /// Sends `types` for the subscription as it now is, records the system events Polar records
    /// with them, then a debounced `customer.state_changed`.
    func announce(_ subscription: SubscriptionRecord, _ types: [String], on db: any SQLDatabase) async throws {
        let data = try await wire([subscription], organizationID: subscription.organizationID, on: db)[0]
        for type in types { try await webhooks.publish(type, data: data, organizationID: subscription.organizationID, on: db) }
        try await events.insert(types.compactMap(subscription.systemEvent(for:)), on: db)
        try await webhooks.stateMayHaveChanged(customerID: subscription.customerID, organizationID: subscription.organizationID, on: db)
    }

    /// Polar's events for an update: `subscription.updated`, then what the change amounts to.
    static func transitionEvents(from old: SubscriptionRecord, to new: SubscriptionRecord) -> [String] {
        let wasCanceled = old.endsAt != nil
        let isCanceled = new.endsAt != nil
        let revoked = new.status == "canceled" && old.status != "canceled"
        var types = ["subscription.updated"]
        if !isCanceled, wasCanceled { types.append("subscription.uncanceled") }
        if (isCanceled && !wasCanceled) || (revoked && wasCanceled) { types.append("subscription.canceled") }
        if revoked { types.append("subscription.revoked") }
        return types
    }

    /// One page of the organization's subscriptions matching `filter`, as Polar writes them, and
    /// how many match; none when the query names only other organizations, or any discount (no
    /// discounts exist here).
    func list(
        _ filter: SubscriptionFilter, query: OrganizationListQuery, discountIDs: [UUID]?, access: OrganizationAccess
    ) async throws -> (items: [JSONValue], total: Int) {
        guard query.includes(access), discountIDs == nil else { return ([], 0) }
        let (items, total) = try await subscriptions.list(
            organizationID: access.organizationID, filter: filter, page: query.pages.page, limit: query.pages.limit)
        return (try await wire(items, organizationID: access.organizationID), total)
    }

    /// Polar's export: every started subscription matching the query, newest first, as CSV rows
    /// written to `write` (at most the million rows Polar writes).
    func export(_ query: SubscriptionExportQuery, access: OrganizationAccess, write: (String) async throws -> Void) async throws {
        guard access.sees(query.organizationIDs) else { return }
        let (records, _) = try await subscriptions.list(organizationID: access.organizationID, filter: query.filter, page: 1, limit: 1_000_000)
        for batch in stride(from: 0, to: records.count, by: 1000).map({ records[$0..<min($0 + 1000, records.count)] }) {
            let products = Dictionary(uniqueKeysWithValues: try await products.find(Array(Set(batch.map(\.productID)))).map { ($0.id, $0) })
            let customers = Dictionary(
                uniqueKeysWithValues: try await customers.find(Array(Set(batch.map(\.customerID))), organizationID: access.organizationID)
                    .map { ($0.id, $0) })
            try await write(
                batch.map {
                    SubscriptionCSV.row(
                        $0, customer: customers[$0.customerID], product: products[$0.productID], columns: query.columns, timeZone: query.timeZone)
                }.joined())
        }
    }

    func get(_ id: UUID, access: OrganizationAccess) async throws -> SubscriptionRecord {
        guard let subscription = try await subscriptions.find(id, organizationID: access.organizationID) else { throw APIError.notFound }
        return subscription
    }

    /// Cancels at period end, takes that back, or revokes now, with Polar's refusals.
    func update(_ id: UUID, _ input: SubscriptionUpdateInput, access: OrganizationAccess) async throws -> SubscriptionRecord {
        try await update(id, input, organizationID: access.organizationID, customerID: nil)
    }

    /// The same change to a customer's own subscription, as the portal makes it.
    func update(_ id: UUID, _ input: SubscriptionUpdateInput, customer access: CustomerAccess) async throws -> SubscriptionRecord {
        try await update(id, input, organizationID: access.organizationID, customerID: access.customerID)
    }

    private func update(_ id: UUID, _ input: SubscriptionUpdateInput, organizationID: UUID, customerID: UUID?) async throws -> SubscriptionRecord {
        try await database.transaction { [subscriptions, time] db in
            guard var subscription = try await subscriptions.find(id, organizationID: organizationID, forUpdate: true, on: db),
                customerID == nil || subscription.customerID == customerID
            else { throw APIError.notFound }
            let original = subscription
            let now = try await time.now(testClockID: subscription.testClockID, on: db)
            switch input.action {
            case .update(let metadata):
                guard let metadata, metadata != subscription.metadata else { return subscription }
                subscription.metadata = metadata
            case .cancelAtPeriodEnd(false):
                if subscription.endedAt != nil { throw APIError.polar(.gone, "ResourceUnavailable", "Unavailable") }
                guard subscription.cancelAtPeriodEnd, subscription.isBillable else { throw APIError.polar(.badRequest, "BadRequest", "Bad request") }
                subscription.cancelAtPeriodEnd = false
                subscription.endsAt = nil
                subscription.canceledAt = nil
                subscription.customerCancellationReason = nil
                subscription.customerCancellationComment = nil
            case .cancelAtPeriodEnd(true), .revoke:
                let immediately = input.action == .revoke
                guard subscription.isBillable, subscription.endedAt == nil,
                    immediately || !(subscription.cancelAtPeriodEnd || subscription.endsAt != nil)
                else { throw Self.alreadyCanceled }
                subscription.canceledAt = now
                if let reason = input.reason { subscription.customerCancellationReason = reason }
                if let comment = input.comment, !comment.isEmpty { subscription.customerCancellationComment = comment }
                if immediately {
                    subscription.endsAt = now
                    subscription.endedAt = now
                    subscription.status = "canceled"
                } else {
                    subscription.cancelAtPeriodEnd = true
                    subscription.endsAt = subscription.currentPeriodEnd
                }
            }
            subscription.modifiedAt = now
            try await subscriptions.update(subscription, on: db)
            try await announce(subscription, Self.transitionEvents(from: original, to: subscription), on: db)
            if input.action == .revoke { try await revokeGrants(subscription, on: db, now: now) }
            return subscription
        }
    }

    /// `DELETE /v1/subscriptions/{id}`: revoke now.
    func revoke(_ id: UUID, access: OrganizationAccess) async throws -> SubscriptionRecord {
        try await update(id, SubscriptionUpdateInput(action: .revoke), access: access)
    }

    /// Ends every live subscription of a customer being deleted, inside its transaction.
    func revokeAll(customerID: UUID, on db: any SQLDatabase, now: Int64) async throws {
        var ended: [SubscriptionRecord] = []
        for var subscription in try await subscriptions.billable(customerID: customerID, on: db) {
            let original = subscription
            subscription.canceledAt = now
            subscription.endsAt = now
            subscription.endedAt = now
            subscription.status = "canceled"
            subscription.modifiedAt = now
            try await subscriptions.update(subscription, on: db)
            try await announce(subscription, Self.transitionEvents(from: original, to: subscription), on: db)
            ended.append(subscription)
        }
        // Then the grants, as Polar's job revokes them after the cancellations.
        for subscription in ended { try await revokeGrants(subscription, deleting: true, on: db, now: now) }
    }

    private func revokeGrants(_ subscription: SubscriptionRecord, deleting: Bool = false, on db: any SQLDatabase, now: Int64) async throws {
        guard let product = try await products.find(subscription.productID, organizationID: subscription.organizationID, on: db) else { return }
        try await grants.sync(subscription, product: product, deleting: deleting, on: db, now: now)
    }

    static let alreadyCanceled = APIError.polar(
        .forbidden, "AlreadyCanceledSubscription", "This subscription is already canceled or will be at the end of the period.")
}

extension SubscriptionRecord {
    /// Polar's billable statuses: active ones and `past_due`.
    var isBillable: Bool { isActive || status == "past_due" }
}

extension ProductRecord {
    /// Whether its default price in `currency` (the fixed one, else the first) costs nothing.
    func isFree(currency: String) -> Bool {
        let prices = prices.filter { $0.currency == currency }
        let price = prices.first { if case .fixed = $0.kind { true } else { false } } ?? prices.first
        if case .fixed(0)? = price?.kind { return true }
        return false
    }
}
