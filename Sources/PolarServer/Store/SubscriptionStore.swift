import Foundation
import PolarModels
import SQLKit

/// Subscriptions, one organization's at a time.
struct SubscriptionStore: Sendable {
    let database: Database

    private static let columns = """
        id, organization_id, customer_id, product_id, status, amount, currency, recurring_interval, \
        recurring_interval_count, current_period_start, current_period_end, cancel_at_period_end, canceled_at, \
        started_at, ends_at, ended_at, customer_cancellation_reason, customer_cancellation_comment, payment_method_id, \
        metadata, created_at, modified_at, test_clock_id
        """

    /// The columns as the list's join names them.
    private static let prefixedColumns = columns.split(separator: ",").map { "s." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .joined(separator: ", ")

    func insert(_ s: SubscriptionRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO subscriptions (\(unsafeRaw: Self.columns)) VALUES (\(bind: s.id.lowercased), \
            \(bind: s.organizationID.lowercased), \(bind: s.customerID.lowercased), \(bind: s.productID.lowercased), \
            \(bind: s.status), \(bind: s.amount), \(bind: s.currency), \(bind: s.recurringInterval), \
            \(bind: s.recurringIntervalCount), \(bind: s.currentPeriodStart), \(bind: s.currentPeriodEnd), \
            \(bind: s.cancelAtPeriodEnd), \(bind: s.canceledAt), \(bind: s.startedAt), \(bind: s.endsAt), \(bind: s.endedAt), \
            \(bind: s.customerCancellationReason), \(bind: s.customerCancellationComment), \(bind: s.paymentMethodID?.lowercased), \
            \(bind: s.metadata.wire.text), \
            \(bind: s.createdAt), \(bind: s.modifiedAt), \(bind: s.testClockID?.lowercased))
            """
        ).run()
    }

    /// Writes the fields an update changes: its state, period, cancellation and metadata.
    func update(_ s: SubscriptionRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE subscriptions SET status = \(bind: s.status), cancel_at_period_end = \(bind: s.cancelAtPeriodEnd), \
            current_period_start = \(bind: s.currentPeriodStart), current_period_end = \(bind: s.currentPeriodEnd), \
            metadata = \(bind: s.metadata.wire.text), \
            canceled_at = \(bind: s.canceledAt), ends_at = \(bind: s.endsAt), ended_at = \(bind: s.endedAt), \
            customer_cancellation_reason = \(bind: s.customerCancellationReason), \
            customer_cancellation_comment = \(bind: s.customerCancellationComment), modified_at = \(bind: s.modifiedAt) \
            WHERE id = \(bind: s.id.lowercased)
            """
        ).run()
    }

    /// Which subscriptions' periods have ended by `now` on a clock: real time when
    /// `testClockID` is `nil`, else that clock's customers alone.
    private func due(now: Int64, testClockID: UUID?) -> SQLQueryString {
        let clock: SQLQueryString = testClockID.map { "test_clock_id = \(bind: $0.lowercased)" } ?? "test_clock_id IS NULL"
        return "status IN ('active', 'trialing', 'past_due') AND ended_at IS NULL AND current_period_end <= \(bind: now) AND " + clock
    }

    /// Whether any subscription is due: a read, so an idle scheduler never takes SQLite's writer.
    func hasDue(now: Int64, testClockID: UUID?) async throws -> Bool {
        try await database.sql.raw("SELECT 1 AS due FROM subscriptions WHERE " + due(now: now, testClockID: testClockID) + " LIMIT 1")
            .first() != nil
    }

    /// The subscription whose period ended first, claimed for the transaction: on PostgreSQL a
    /// replica skips one another replica is cycling.
    func nextDue(now: Int64, testClockID: UUID?, on db: any SQLDatabase) async throws -> SubscriptionRecord? {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM subscriptions WHERE " + due(now: now, testClockID: testClockID)
                + " ORDER BY current_period_end, id LIMIT 1" + SQLQueryString(database.dialect.claimRows)
        ).first().map(SubscriptionRecord.init(row:))
    }

    /// One of the organization's subscriptions; `forUpdate` locks it for the transaction.
    func find(_ id: UUID, organizationID: UUID, forUpdate: Bool = false, on db: (any SQLDatabase)? = nil) async throws -> SubscriptionRecord? {
        try await (db ?? database.sql).raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM subscriptions \
            WHERE id = \(bind: id.lowercased) AND organization_id = \(bind: organizationID.lowercased)\
            \(unsafeRaw: forUpdate ? database.dialect.lockForUpdate : "")
            """
        ).first().map(SubscriptionRecord.init(row:))
    }

    /// The customer's active and trialing subscriptions, oldest first.
    func active(customerID: UUID, on db: (any SQLDatabase)? = nil) async throws -> [SubscriptionRecord] {
        try await (db ?? database.sql).raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM subscriptions WHERE customer_id = \(bind: customerID.lowercased) \
            AND status IN (\(binds: SubscriptionRecord.activeStatuses)) ORDER BY started_at, id
            """
        ).all().map(SubscriptionRecord.init(row:))
    }

    /// The subscriptions that still need this payment method to bill them (Polar's rule: not
    /// ended, billable, and either renewing or with metered usage left to bill).
    func requiring(paymentMethodID: UUID, on db: any SQLDatabase) async throws -> [UUID] {
        try await db.raw(
            """
            SELECT s.id FROM subscriptions s WHERE s.payment_method_id = \(bind: paymentMethodID.lowercased) \
            AND s.ended_at IS NULL AND s.status IN ('active', 'trialing', 'past_due') \
            AND (s.status = 'past_due' OR NOT s.cancel_at_period_end OR EXISTS (SELECT 1 FROM product_prices p \
            WHERE p.product_id = s.product_id AND p.amount_type = 'metered_unit' AND NOT p.is_archived))
            """
        ).all().map { try $0.uuid("id") }
    }

    /// Moves subscriptions to another payment method.
    func reassign(_ ids: [UUID], to paymentMethodID: UUID, on db: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        try await db.raw(
            """
            UPDATE subscriptions SET payment_method_id = \(bind: paymentMethodID.lowercased) \
            WHERE id IN (\(binds: ids.map(\.lowercased)))
            """
        ).run()
    }

    /// Forgets a deleted payment method on every subscription still naming it, ended ones too.
    func release(paymentMethodID: UUID, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE subscriptions SET payment_method_id = NULL WHERE payment_method_id = \(bind: paymentMethodID.lowercased)"
        ).run()
    }

    /// The customer's subscriptions that have not ended, locked for the transaction.
    func billable(customerID: UUID, on db: any SQLDatabase) async throws -> [SubscriptionRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM subscriptions WHERE customer_id = \(bind: customerID.lowercased) \
            AND status IN ('active', 'trialing', 'past_due') AND ended_at IS NULL\(unsafeRaw: database.dialect.lockForUpdate)
            """
        ).all().map(SubscriptionRecord.init(row:))
    }

    /// The product's active and trialing subscriptions.
    func active(productID: UUID, on db: any SQLDatabase) async throws -> [SubscriptionRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM subscriptions WHERE product_id = \(bind: productID.lowercased) \
            AND status IN (\(binds: SubscriptionRecord.activeStatuses)) ORDER BY started_at, id
            """
        ).all().map(SubscriptionRecord.init(row:))
    }

    /// The customers' active subscriptions that meter usage: each with its period start and meters.
    func meteredPeriods(customerIDs: Set<UUID>, on db: any SQLDatabase) async throws -> [UUID: [(subscriptionID: UUID, start: Int64, meterIDs: Set<UUID>)]] {
        guard !customerIDs.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT s.id, s.customer_id, s.current_period_start, u.meter_id FROM subscriptions s \
            JOIN meter_usages u ON u.owner_id = s.id \
            WHERE s.customer_id IN (\(binds: customerIDs.map(\.lowercased))) AND s.status IN (\(binds: SubscriptionRecord.activeStatuses))
            """
        ).all()
        var periods: [UUID: [(subscriptionID: UUID, start: Int64, meterIDs: Set<UUID>)]] = [:]
        for row in rows {
            let customerID = try row.uuid("customer_id")
            let id = try row.uuid("id")
            let meterID = try row.uuid("meter_id")
            if let index = periods[customerID]?.firstIndex(where: { $0.subscriptionID == id }) {
                periods[customerID]![index].meterIDs.insert(meterID)
            } else {
                periods[customerID, default: []].append((id, try row.decode(column: "current_period_start", as: Int64.self), [meterID]))
            }
        }
        return periods
    }

    /// One page of the organization's subscriptions matching `filter`, and how many match.
    func list(organizationID: UUID, filter: SubscriptionFilter, page: Int, limit: Int) async throws -> (items: [SubscriptionRecord], total: Int) {
        var conditions: [SQLQueryString] = ["s.organization_id = \(bind: organizationID.lowercased)"]
        if let ids = filter.productIDs { conditions.append("s.product_id IN (\(binds: ids.map(\.lowercased)))") }
        if let ids = filter.customerIDs { conditions.append("s.customer_id IN (\(binds: ids.map(\.lowercased)))") }
        if let ids = filter.externalCustomerIDs {
            conditions.append("s.customer_id IN (SELECT id FROM customers WHERE external_id IN (\(binds: ids)))")
        }
        if let active = filter.active {
            conditions.append(
                active
                    ? "s.status IN (\(binds: SubscriptionRecord.activeStatuses))"
                    : "s.status NOT IN (\(binds: SubscriptionRecord.activeStatuses))")
        }
        if let cancel = filter.cancelAtPeriodEnd { conditions.append("s.cancel_at_period_end = \(bind: cancel)") }
        if let statuses = filter.statuses { conditions.append("s.status IN (\(binds: statuses))") }
        if let reasons = filter.cancellationReasons { conditions.append("s.customer_cancellation_reason IN (\(binds: reasons))") }
        // Polar's bounds: cancellation inclusive, start exclusive.
        if let after = filter.canceledAtAfter { conditions.append("s.canceled_at >= \(bind: after)") }
        if let before = filter.canceledAtBefore { conditions.append("s.canceled_at <= \(bind: before)") }
        if let after = filter.startedAfter { conditions.append("s.started_at > \(bind: after)") }
        if let before = filter.startedBefore { conditions.append("s.started_at < \(bind: before)") }
        for (key, values) in filter.metadata { conditions.append(database.dialect.jsonMemberIn("s.metadata", key, values)) }
        if let text = filter.productNameContains { conditions.append("LOWER(p.name) LIKE \(bind: SQLLike.contains(text)) ESCAPE '\\'") }
        if filter.startedOnly { conditions.append("s.started_at IS NOT NULL") }
        let (rows, total) = try await database.page(
            Self.prefixedColumns,
            from: "subscriptions s JOIN customers c ON c.id = s.customer_id JOIN products p ON p.id = s.product_id",
            where: conditions.joined(separator: " AND "), orderBy: filter.sorting.map(\.orderBy).joined(separator: ", "),
            idColumn: "s.id", page: page, limit: limit)
        return (try rows.map(SubscriptionRecord.init(row:)), total)
    }
}

/// The filters and order of `GET /v1/subscriptions/`.
struct SubscriptionFilter: Sendable {
    var productIDs: [UUID]?
    var customerIDs: [UUID]?
    var externalCustomerIDs: [String]?
    var active: Bool?
    var cancelAtPeriodEnd: Bool?
    var statuses: [String]?
    var cancellationReasons: [String]?
    /// Microseconds since the epoch.
    var canceledAtAfter: Int64?
    var canceledAtBefore: Int64?
    var startedAfter: Int64?
    var startedBefore: Int64?
    var metadata: [(key: String, values: [String])] = []
    /// The portal's `query`: text in the product's name.
    var productNameContains: String?
    /// The portal lists only subscriptions that started.
    var startedOnly = false
    var sorting: [SubscriptionSortProperty] = [.startedAtDescending]
}

/// Polar's subscription sort keys; NULLs ordered as PostgreSQL orders them.
enum SubscriptionSortProperty: String, CaseIterable, Sendable {
    case customer
    case customerDescending = "-customer"
    case status
    case statusDescending = "-status"
    case startedAt = "started_at"
    case startedAtDescending = "-started_at"
    case currentPeriodEnd = "current_period_end"
    case currentPeriodEndDescending = "-current_period_end"
    case endedAt = "ended_at"
    case endedAtDescending = "-ended_at"
    case endsAt = "ends_at"
    case endsAtDescending = "-ends_at"
    case amount
    case amountDescending = "-amount"
    case product
    case productDescending = "-product"
    case discount
    case discountDescending = "-discount"

    var orderBy: String {
        let descending = rawValue.hasPrefix("-")
        let expression =
            switch self {
            case .customer, .customerDescending: "LOWER(c.email)"
            // Polar's lifecycle rank; an active subscription ending at period end after one renewing.
            case .status, .statusDescending:
                """
                CASE s.status WHEN 'incomplete' THEN 1 WHEN 'incomplete_expired' THEN 2 WHEN 'trialing' THEN 3 \
                WHEN 'active' THEN (CASE WHEN s.cancel_at_period_end THEN 5 ELSE 4 END) WHEN 'paused' THEN 6 \
                WHEN 'past_due' THEN 7 WHEN 'canceled' THEN 8 WHEN 'unpaid' THEN 9 END
                """
            case .startedAt, .startedAtDescending: "s.started_at"
            case .currentPeriodEnd, .currentPeriodEndDescending: "s.current_period_end"
            case .endedAt, .endedAtDescending: "s.ended_at"
            case .endsAt, .endsAtDescending: "s.ends_at"
            // A monthly figure, in integers as Polar's SQL computes it.
            case .amount, .amountDescending:
                """
                CASE s.recurring_interval WHEN 'year' THEN s.amount / 12 WHEN 'month' THEN s.amount \
                WHEN 'week' THEN s.amount * 4 WHEN 'day' THEN s.amount * 30 END
                """
            case .product, .productDescending: "LOWER(p.name)"
            case .discount, .discountDescending: "NULL"
            }
        return SQLOrder.nullsAsPostgres(expression, descending: descending)
    }
}

extension SubscriptionRecord {
    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        organizationID = try row.uuid("organization_id")
        customerID = try row.uuid("customer_id")
        productID = try row.uuid("product_id")
        status = try row.decode(column: "status", as: String.self)
        amount = try row.decode(column: "amount", as: Int64.self)
        currency = try row.decode(column: "currency", as: String.self)
        recurringInterval = try row.decode(column: "recurring_interval", as: String.self)
        recurringIntervalCount = try row.decode(column: "recurring_interval_count", as: Int.self)
        currentPeriodStart = try row.decode(column: "current_period_start", as: Int64.self)
        currentPeriodEnd = try row.decode(column: "current_period_end", as: Int64.self)
        cancelAtPeriodEnd = try row.decode(column: "cancel_at_period_end", as: Bool.self)
        canceledAt = try row.optional("canceled_at", as: Int64.self)
        startedAt = try row.optional("started_at", as: Int64.self)
        endsAt = try row.optional("ends_at", as: Int64.self)
        endedAt = try row.optional("ended_at", as: Int64.self)
        customerCancellationReason = try row.optional("customer_cancellation_reason", as: String.self)
        customerCancellationComment = try row.optional("customer_cancellation_comment", as: String.self)
        paymentMethodID = try row.optionalUUID("payment_method_id")
        metadata = try row.metadata()
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        modifiedAt = try row.optional("modified_at", as: Int64.self)
        testClockID = try row.optionalUUID("test_clock_id")
    }
}
