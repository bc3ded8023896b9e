import Foundation
import PolarModels
import SQLKit

/// Webhook endpoints, their events (the outbox the dispatcher drains), delivery attempts, and
/// the pending `customer.state_changed` requests.
struct WebhookStore: Sendable {
    let database: Database

    private static let endpointColumns =
        "id, organization_id, url, name, api_version, format, secret, standard_signature, events, enabled, created_at, modified_at, deleted_at"
    private static let eventColumns =
        "e.id AS event_id, e.endpoint_id, e.type, e.api_version, e.payload, e.last_http_code, e.succeeded AS event_succeeded, e.skipped, e.created_at AS event_created_at, e.modified_at AS event_modified_at"

    // MARK: Endpoints

    func insert(_ endpoint: WebhookEndpointRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO webhook_endpoints (\(unsafeRaw: Self.endpointColumns)) VALUES (\(bind: endpoint.id.lowercased), \
            \(bind: endpoint.organizationID.lowercased), \(bind: endpoint.url), \(bind: endpoint.name), \(bind: endpoint.apiVersion), \
            \(bind: endpoint.format), \(bind: endpoint.secret), \(bind: endpoint.standardSignature), \
            \(bind: JSONValue.array(endpoint.events.map(JSONValue.string)).text), \(bind: endpoint.enabled), \(bind: endpoint.createdAt), \
            \(bind: endpoint.modifiedAt), \(bind: endpoint.deletedAt))
            """
        ).run()
    }

    func update(_ endpoint: WebhookEndpointRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE webhook_endpoints SET url = \(bind: endpoint.url), name = \(bind: endpoint.name), \
            api_version = \(bind: endpoint.apiVersion), format = \(bind: endpoint.format), secret = \(bind: endpoint.secret), \
            standard_signature = \(bind: endpoint.standardSignature), \
            events = \(bind: JSONValue.array(endpoint.events.map(JSONValue.string)).text), enabled = \(bind: endpoint.enabled), \
            modified_at = \(bind: endpoint.modifiedAt), deleted_at = \(bind: endpoint.deletedAt) WHERE id = \(bind: endpoint.id.lowercased)
            """
        ).run()
    }

    /// A live endpoint of the organization, locked for update when `lock`.
    func endpoint(_ id: UUID, organizationID: UUID, lock: Bool = false, on db: (any SQLDatabase)? = nil) async throws
        -> WebhookEndpointRecord?
    {
        try await (db ?? database.sql).raw(
            """
            SELECT \(unsafeRaw: Self.endpointColumns) FROM webhook_endpoints WHERE id = \(bind: id.lowercased) \
            AND organization_id = \(bind: organizationID.lowercased) AND deleted_at IS NULL
            """ + SQLQueryString(lock ? database.dialect.lockForUpdate : "")
        ).first().map(WebhookEndpointRecord.init(row:))
    }

    /// Any endpoint by id, deleted or not: the dispatcher's view.
    func endpoint(_ id: UUID, on db: any SQLDatabase) async throws -> WebhookEndpointRecord? {
        try await db.raw("SELECT \(unsafeRaw: Self.endpointColumns) FROM webhook_endpoints WHERE id = \(bind: id.lowercased)")
            .first().map(WebhookEndpointRecord.init(row:))
    }

    func listEndpoints(organizationID: UUID, page: Int, limit: Int) async throws -> (items: [WebhookEndpointRecord], total: Int) {
        let (rows, total) = try await database.page(
            Self.endpointColumns, from: "webhook_endpoints",
            where: "organization_id = \(bind: organizationID.lowercased) AND deleted_at IS NULL", orderBy: "created_at DESC",
            page: page, limit: limit)
        return (try rows.map(WebhookEndpointRecord.init(row:)), total)
    }

    /// The endpoints an event of `type` goes to: live, enabled, subscribed.
    func subscribers(organizationID: UUID, type: String, on db: any SQLDatabase) async throws -> [WebhookEndpointRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: Self.endpointColumns) FROM webhook_endpoints WHERE organization_id = \(bind: organizationID.lowercased) \
            AND deleted_at IS NULL AND enabled ORDER BY created_at, id
            """
        ).all().map(WebhookEndpointRecord.init(row:)).filter { $0.events.contains(type) }
    }

    // MARK: Events

    func insert(_ event: WebhookEventRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO webhook_events (id, endpoint_id, type, api_version, payload, last_http_code, succeeded, skipped, pending, \
            next_attempt_at, created_at, modified_at) VALUES (\(bind: event.id.lowercased), \(bind: event.endpointID.lowercased), \
            \(bind: event.type), \(bind: event.apiVersion), \(bind: event.payload), NULL, NULL, FALSE, TRUE, \(bind: event.createdAt), \
            \(bind: event.createdAt), NULL)
            """
        ).run()
    }

    /// An event of one of the organization's endpoints (deleted ones included, as Polar's redeliver finds them).
    func event(_ id: UUID, organizationID: UUID, on db: (any SQLDatabase)? = nil) async throws -> WebhookEventRecord? {
        try await (db ?? database.sql).raw(
            """
            SELECT \(unsafeRaw: Self.eventColumns) FROM webhook_events e JOIN webhook_endpoints w ON w.id = e.endpoint_id \
            WHERE e.id = \(bind: id.lowercased) AND w.organization_id = \(bind: organizationID.lowercased)
            """
        ).first().map(WebhookEventRecord.init(row:))
    }

    /// Makes an event due for one more attempt now.
    func schedule(_ id: UUID, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE webhook_events SET pending = TRUE, skipped = FALSE, next_attempt_at = \(bind: now), claimed_until = NULL \
            WHERE id = \(bind: id.lowercased)
            """
        ).run()
    }

    /// Takes up to `limit` due events, oldest first, for `lease`: no other dispatcher gets them
    /// until it runs out, which is also how a crashed replica's events come back.
    /// How many events still wait to be delivered.
    func pendingCount() async throws -> Int {
        try await database.sql.raw("SELECT COUNT(*) AS n FROM webhook_events WHERE pending").first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Leases up to `limit` due events, oldest first, leaving out those of the `busy` endpoints.
    func claim(limit: Int, lease: Duration, now: Int64, excluding busy: Set<UUID> = []) async throws -> [WebhookEventRecord] {
        // A read first, so an idle dispatcher never takes SQLite's single writer.
        let others: SQLQueryString = busy.isEmpty ? "" : " AND e.endpoint_id NOT IN (\(binds: busy.map(\.lowercased)))"
        let due: SQLQueryString =
            "e.pending AND e.next_attempt_at <= \(bind: now) AND (e.claimed_until IS NULL OR e.claimed_until < \(bind: now))" + others
        guard try await database.sql.raw("SELECT 1 AS due FROM webhook_events e WHERE " + due + " LIMIT 1").first() != nil else {
            return []
        }
        return try await database.transaction { [database] db in
            let rows = try await db.raw(
                "SELECT \(unsafeRaw: Self.eventColumns) FROM webhook_events e WHERE " + due
                    + " ORDER BY e.created_at, e.id LIMIT \(bind: limit)" + SQLQueryString(database.dialect.claimRows)
            ).all()
            let claimed = try rows.map(WebhookEventRecord.init(row:))
            guard !claimed.isEmpty else { return [] }
            try await db.raw(
                """
                UPDATE webhook_events SET claimed_until = \(bind: now + lease.microseconds) \
                WHERE id IN (\(binds: claimed.map(\.id.lowercased)))
                """
            ).run()
            return claimed
        }
    }

    /// Gives claimed events back untried, for the next claim.
    func release(_ ids: [UUID]) async throws {
        guard !ids.isEmpty else { return }
        try await database.sql.raw("UPDATE webhook_events SET claimed_until = NULL WHERE id IN (\(binds: ids.map(\.lowercased)))").run()
    }

    /// How many of the endpoint's events, created in the minute before `event`, were never
    /// tried: Polar's ordering guard waits for their first attempt.
    func untriedBefore(_ event: WebhookEventRecord, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            SELECT COUNT(*) AS n FROM webhook_events e WHERE e.endpoint_id = \(bind: event.endpointID.lowercased) \
            AND e.pending AND e.created_at < \(bind: event.createdAt) AND e.created_at >= \(bind: event.createdAt - 60_000_000) \
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)
            """
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    func deliveryCount(eventID: UUID, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE event_id = \(bind: eventID.lowercased)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Puts a claimed event back for later without an attempt (the ordering guard).
    func postpone(_ id: UUID, until: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE webhook_events SET next_attempt_at = \(bind: until), claimed_until = NULL WHERE id = \(bind: id.lowercased)"
        ).run()
    }

    /// Marks an event skipped (its endpoint is disabled): no delivery, nothing pending.
    func skip(_ id: UUID, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE webhook_events SET skipped = TRUE, pending = FALSE, claimed_until = NULL, modified_at = \(bind: now) \
            WHERE id = \(bind: id.lowercased)
            """
        ).run()
    }

    /// Records one attempt and what it leaves the event: done (`succeeded` set), or due again at `retryAt`.
    func record(
        attemptOf event: WebhookEventRecord, httpCode: Int?, response: String?, succeeded: Bool, outcome: Bool?, retryAt: Int64?,
        now: Int64, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO webhook_deliveries (id, endpoint_id, event_id, succeeded, http_code, response, created_at, modified_at) \
            VALUES (\(bind: UUID().lowercased), \(bind: event.endpointID.lowercased), \(bind: event.id.lowercased), \(bind: succeeded), \
            \(bind: httpCode), \(bind: response), \(bind: now), NULL)
            """
        ).run()
        try await db.raw(
            """
            UPDATE webhook_events SET last_http_code = \(bind: httpCode), succeeded = \(bind: outcome), \
            pending = \(bind: retryAt != nil), next_attempt_at = \(bind: retryAt ?? now), claimed_until = NULL, \
            modified_at = \(bind: now) WHERE id = \(bind: event.id.lowercased)
            """
        ).run()
    }

    /// Whether the endpoint's last `count` finished events all failed: Polar's auto-disable rule.
    func lastFinishedAllFailed(endpointID: UUID, count: Int, on db: any SQLDatabase) async throws -> Bool {
        let outcomes = try await db.raw(
            """
            SELECT succeeded FROM webhook_events WHERE endpoint_id = \(bind: endpointID.lowercased) AND succeeded IS NOT NULL \
            ORDER BY created_at DESC LIMIT \(literal: count)
            """
        ).all().map { try $0.decode(column: "succeeded", as: Bool.self) }
        return outcomes.count == count && !outcomes.contains(true)
    }

    /// Disables an endpoint and skips every event still waiting for it.
    func disable(endpointID: UUID, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE webhook_endpoints SET enabled = FALSE, modified_at = \(bind: now) WHERE id = \(bind: endpointID.lowercased)"
        ).run()
        try await db.raw(
            """
            UPDATE webhook_events SET skipped = TRUE, pending = FALSE, claimed_until = NULL, modified_at = \(bind: now) \
            WHERE endpoint_id = \(bind: endpointID.lowercased) AND pending AND succeeded IS NULL
            """
        ).run()
    }

    // MARK: Deliveries

    func listDeliveries(organizationID: UUID, filter: WebhookDeliveryFilter, page: Int, limit: Int) async throws
        -> (items: [WebhookDeliveryRecord], total: Int)
    {
        var conditions: [SQLQueryString] = ["w.organization_id = \(bind: organizationID.lowercased)"]
        if let ids = filter.endpointIDs {
            conditions.append("d.endpoint_id IN (\(binds: ids.map(\.lowercased))) AND w.deleted_at IS NULL")
        }
        if let start = filter.startTimestamp { conditions.append("d.created_at > \(bind: start)") }
        if let end = filter.endTimestamp { conditions.append("d.created_at < \(bind: end)") }
        if let succeeded = filter.succeeded { conditions.append("d.succeeded = \(bind: succeeded)") }
        if let query = filter.query {
            let pattern = "%" + query.lowercased() + "%"
            conditions.append(
                "(LOWER(d.id) LIKE \(bind: pattern) OR LOWER(d.event_id) LIKE \(bind: pattern) OR CAST(d.http_code AS TEXT) LIKE \(bind: pattern))")
        }
        if let codeClass = filter.httpCodeClass {
            conditions.append("d.http_code >= \(bind: codeClass * 100) AND d.http_code < \(bind: (codeClass + 1) * 100)")
        }
        if let types = filter.eventTypes { conditions.append("e.type IN (\(binds: types))") }
        let (rows, total) = try await database.page(
            "d.id, d.succeeded, d.http_code, d.response, d.created_at, " + Self.eventColumns,
            from: "webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id JOIN webhook_events e ON e.id = d.event_id",
            where: conditions.joined(separator: " AND "), orderBy: "d.created_at DESC", idColumn: "d.id", page: page, limit: limit)
        return (try rows.map(WebhookDeliveryRecord.init(row:)), total)
    }

    // MARK: Pending customer changes

    /// Queues a customer change for the dispatcher: `event` (a `customer.*` type and its data)
    /// then a `customer.state_changed`, due at once; or, with no event, a debounced
    /// `customer.state_changed` (one row per customer, pushed to a second after the latest
    /// change but never past five seconds after the first).
    func queueCustomerChange(
        customerID: UUID, organizationID: UUID, event: (type: String, data: JSONValue)?, now: Int64, on db: any SQLDatabase
    ) async throws {
        // Nothing to announce to an organization without endpoints.
        guard
            try await db.raw(
                """
                SELECT 1 AS found FROM webhook_endpoints WHERE organization_id = \(bind: organizationID.lowercased) \
                AND deleted_at IS NULL AND enabled LIMIT 1
                """
            ).first() != nil
        else { return }
        let columns = "id, customer_id, organization_id, event_type, event_data, debounced, requested_at, first_requested_at, due_at"
        guard event == nil else {
            try await db.raw(
                """
                INSERT INTO webhook_customer_changes (\(unsafeRaw: columns)) VALUES (\(bind: UUID().lowercased), \
                \(bind: customerID.lowercased), \(bind: organizationID.lowercased), \(bind: event?.type), \(bind: event?.data.text), FALSE, \
                \(bind: now), \(bind: now), \(bind: now))
                """
            ).run()
            return
        }
        try await db.raw(
            """
            INSERT INTO webhook_customer_changes (\(unsafeRaw: columns)) VALUES (\(bind: UUID().lowercased), \
            \(bind: customerID.lowercased), \(bind: organizationID.lowercased), NULL, NULL, TRUE, \(bind: now), \(bind: now), \
            \(bind: now + Self.debounceDelay)) \
            ON CONFLICT (customer_id) WHERE debounced DO UPDATE SET requested_at = \(bind: now), \
            due_at = CASE WHEN webhook_customer_changes.first_requested_at + \(bind: Self.debounceLimit) < \(bind: now + Self.debounceDelay) \
            THEN webhook_customer_changes.first_requested_at + \(bind: Self.debounceLimit) ELSE \(bind: now + Self.debounceDelay) END
            """
        ).run()
    }

    static let debounceDelay: Int64 = 1_000_000
    static let debounceLimit: Int64 = 5_000_000

    /// A queued customer change, as the dispatcher takes it.
    struct CustomerChange: Sendable {
        let id: String
        let customerID: UUID
        let organizationID: UUID
        let event: (type: String, data: JSONValue)?
    }

    /// The next due customer change, left in place (see ``take(_:_:)``).
    func dueCustomerChange(now: Int64) async throws -> CustomerChange? {
        guard
            let row = try await database.sql.raw(
                """
                SELECT id, customer_id, organization_id, event_type, event_data FROM webhook_customer_changes \
                WHERE due_at <= \(bind: now) ORDER BY due_at, requested_at, id LIMIT 1
                """
            ).first()
        else { return nil }
        let type = try row.optional("event_type", as: String.self)
        let data = try row.optional("event_data", as: String.self).map { try JSONValue.parse(Array($0.utf8)) }
        return CustomerChange(
            id: try row.decode(column: "id", as: String.self), customerID: try row.uuid("customer_id"),
            organizationID: try row.uuid("organization_id"), event: type.flatMap { type in data.map { (type, $0) } })
    }

    /// Removes `change` and runs `body` (which publishes its events) in one transaction, so each
    /// change is sent once; `false` when another dispatcher took it first.
    func take(_ change: CustomerChange, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.raw("DELETE FROM webhook_customer_changes WHERE id = \(bind: change.id) RETURNING id").first() != nil
            else { return false }
            try await body(db)
            return true
        }
    }
}

extension WebhookEndpointRecord {
    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        organizationID = try row.uuid("organization_id")
        url = try row.decode(column: "url", as: String.self)
        name = try row.optional("name", as: String.self)
        apiVersion = try row.decode(column: "api_version", as: String.self)
        format = try row.decode(column: "format", as: String.self)
        secret = try row.decode(column: "secret", as: String.self)
        standardSignature = try row.decode(column: "standard_signature", as: Bool.self)
        if case .array(let types) = try row.json("events") { events = types.compactMap(\.stringValue) } else { events = [] }
        enabled = try row.decode(column: "enabled", as: Bool.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        modifiedAt = try row.optional("modified_at", as: Int64.self)
        deletedAt = try row.optional("deleted_at", as: Int64.self)
    }
}

extension WebhookEventRecord {
    init(row: any SQLRow) throws {
        id = try row.uuid("event_id")
        endpointID = try row.uuid("endpoint_id")
        type = try row.decode(column: "type", as: String.self)
        apiVersion = try row.decode(column: "api_version", as: String.self)
        payload = try row.optional("payload", as: String.self)
        lastHTTPCode = try row.optional("last_http_code", as: Int.self)
        succeeded = try row.optional("event_succeeded", as: Bool.self)
        skipped = try row.decode(column: "skipped", as: Bool.self)
        createdAt = try row.decode(column: "event_created_at", as: Int64.self)
        modifiedAt = try row.optional("event_modified_at", as: Int64.self)
    }
}

extension WebhookDeliveryRecord {
    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        succeeded = try row.decode(column: "succeeded", as: Bool.self)
        httpCode = try row.optional("http_code", as: Int.self)
        response = try row.optional("response", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        event = try WebhookEventRecord(row: row)
    }
}
