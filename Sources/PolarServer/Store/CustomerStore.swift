import Foundation
import PolarModels
import SQLKit

/// SQL for customers. Every query is scoped to one organization and skips soft-deleted rows
/// unless it says otherwise; that is what keeps one organization's customers from another's.
struct CustomerStore: Sendable {
    let database: Database

    /// A unique index refused a write: the email or the external ID is taken.
    enum Conflict: Error { case email, externalID }

    static let columns = """
        id, organization_id, created_at, modified_at, deleted_at, type, email, email_verified, name, \
        billing_name, billing_address, tax_id, locale, metadata, external_id, default_payment_method_id, \
        first_user_event_at, stripe_customer_id, test_clock_id
        """

    func insert(_ customer: CustomerRecord, on db: any SQLDatabase) async throws {
        do {
            try await db.raw("INSERT INTO customers (\(unsafeRaw: Self.columns), email_lower) VALUES " + (try Self.values(customer))).run()
        } catch {
            throw conflict(in: error) ?? error
        }
    }

    /// Inserts the customers whose ID is not taken yet, in one statement per 500 (SQLite binds
    /// at most 32,766 parameters); returns the IDs it inserted.
    func insertNew(_ customers: [CustomerRecord], on db: any SQLDatabase) async throws -> [UUID] {
        var inserted: [UUID] = []
        for start in stride(from: 0, to: customers.count, by: 500) {
            let chunk = customers[start..<min(start + 500, customers.count)]
            let rows = try await db.raw(
                "INSERT INTO customers (\(unsafeRaw: Self.columns), email_lower) VALUES "
                    + (try chunk.map(Self.values)).joined(separator: ", ") + " ON CONFLICT (id) DO NOTHING RETURNING id"
            ).all()
            inserted += try rows.map { try $0.uuid("id") }
        }
        return inserted
    }

    /// One row of `INSERT INTO customers (columns, email_lower)`.
    private static func values(_ customer: CustomerRecord) throws -> SQLQueryString {
        let row = try StoredColumns(customer)
        return """
            (\(bind: customer.id.lowercased), \(bind: customer.organizationID.lowercased), \(bind: customer.createdAt), \
            \(bind: customer.modifiedAt), \(bind: customer.deletedAt), \(bind: customer.type?.rawValue), \
            \(bind: customer.email), \(bind: customer.emailVerified), \(bind: customer.name), \
            \(bind: customer.billingName), \(bind: row.billingAddress), \(bind: row.taxID), \(bind: customer.locale), \
            \(bind: row.metadata), \(bind: customer.externalID), \(bind: customer.defaultPaymentMethodID?.lowercased), \
            \(bind: customer.firstUserEventAt), \(bind: customer.stripeCustomerID), \(bind: customer.testClockID?.lowercased), \
            \(bind: customer.email?.lowercased()))
            """
    }

    /// Which organization each of the customer IDs that exist belongs to (deleted ones too).
    func owners(ids: [UUID], on db: any SQLDatabase) async throws -> [UUID: UUID] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.raw(
            "SELECT id, organization_id FROM customers WHERE id IN (\(binds: ids.map(\.lowercased)))"
        ).all()
        return Dictionary(try rows.map { (try $0.uuid("id"), try $0.uuid("organization_id")) }, uniquingKeysWith: { first, _ in first })
    }

    /// Which of the emails (lower-cased) the organization's live customers have.
    func takenEmails(_ emails: [String], organizationID: UUID, on db: any SQLDatabase) async throws -> Set<String> {
        guard !emails.isEmpty else { return [] }
        let rows = try await db.raw(
            """
            SELECT email_lower FROM customers WHERE organization_id = \(bind: organizationID.lowercased) \
            AND deleted_at IS NULL AND email_lower IN (\(binds: emails.map { $0.lowercased() }))
            """
        ).all()
        return Set(try rows.map { try $0.decode(column: "email_lower", as: String.self) })
    }

    /// Which of the external IDs the organization's live customers have.
    func takenExternalIDs(_ externalIDs: [String], organizationID: UUID, on db: any SQLDatabase) async throws -> Set<String> {
        guard !externalIDs.isEmpty else { return [] }
        let rows = try await db.raw(
            """
            SELECT external_id FROM customers WHERE organization_id = \(bind: organizationID.lowercased) \
            AND deleted_at IS NULL AND external_id IN (\(binds: externalIDs))
            """
        ).all()
        return Set(try rows.map { try $0.decode(column: "external_id", as: String.self) })
    }

    /// The live customers on a test clock.
    func ids(testClockID: UUID, organizationID: UUID) async throws -> [UUID] {
        try await database.sql.raw(
            """
            SELECT id FROM customers WHERE organization_id = \(bind: organizationID.lowercased) \
            AND test_clock_id = \(bind: testClockID.lowercased) AND deleted_at IS NULL ORDER BY created_at, id
            """
        ).all().map { try $0.uuid("id") }
    }

    /// Writes every mutable column of `customer` back.
    func update(_ customer: CustomerRecord, on db: any SQLDatabase) async throws {
        let row = try StoredColumns(customer)
        do {
            try await db.raw(
                """
                UPDATE customers SET modified_at = \(bind: customer.modifiedAt), deleted_at = \(bind: customer.deletedAt), \
                type = \(bind: customer.type?.rawValue), email = \(bind: customer.email), \
                email_lower = \(bind: customer.email?.lowercased()), email_verified = \(bind: customer.emailVerified), \
                name = \(bind: customer.name), billing_name = \(bind: customer.billingName), \
                billing_address = \(bind: row.billingAddress), tax_id = \(bind: row.taxID), locale = \(bind: customer.locale), \
                metadata = \(bind: row.metadata), external_id = \(bind: customer.externalID), \
                default_payment_method_id = \(bind: customer.defaultPaymentMethodID?.lowercased), \
                stripe_customer_id = \(bind: customer.stripeCustomerID) \
                WHERE id = \(bind: customer.id.lowercased)
                """
            ).run()
        } catch {
            throw conflict(in: error) ?? error
        }
    }

    enum Key: Sendable {
        case id(UUID)
        case externalID(String)
    }

    /// A live customer of the organization, by id or (exact, case-sensitive) external ID.
    /// `includeDeleted` also finds soft-deleted rows, as Polar's deletion payloads read them.
    func find(
        _ key: Key, organizationID: UUID, includeDeleted: Bool = false, on db: (any SQLDatabase)? = nil
    ) async throws -> CustomerRecord? {
        try await find(key, organizationID: organizationID, includeDeleted: includeDeleted, lock: "", on: db ?? database.sql)
    }

    /// Like ``find(_:organizationID:includeDeleted:on:)``, inside a transaction that will write
    /// the row back: the row stays locked until it commits, so concurrent updates never clobber
    /// each other.
    func findForUpdate(_ key: Key, organizationID: UUID, on db: any SQLDatabase) async throws -> CustomerRecord? {
        try await find(key, organizationID: organizationID, includeDeleted: false, lock: database.dialect.lockForUpdate, on: db)
    }

    private func find(
        _ key: Key, organizationID: UUID, includeDeleted: Bool, lock: String, on db: any SQLDatabase
    ) async throws -> CustomerRecord? {
        let condition: SQLQueryString =
            switch key {
            case .id(let id): "id = \(bind: id.lowercased)"
            case .externalID(let externalID): "external_id = \(bind: externalID)"
            }
        let query: SQLQueryString =
            "SELECT \(unsafeRaw: Self.columns) FROM customers WHERE organization_id = \(bind: organizationID.lowercased) AND "
            + (includeDeleted ? "" : "deleted_at IS NULL AND ") + condition + SQLQueryString(lock)
        return try await db.raw(query).first().map(CustomerRecord.init(row:))
    }

    /// The organization's customers among `ids`, soft-deleted ones too (their subscriptions still name them).
    func find(_ ids: [UUID], organizationID: UUID, on db: (any SQLDatabase)? = nil) async throws -> [CustomerRecord] {
        guard !ids.isEmpty else { return [] }
        return try await (db ?? database.sql).raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM customers WHERE organization_id = \(bind: organizationID.lowercased) \
            AND id IN (\(binds: ids.map(\.lowercased)))
            """
        ).all().map(CustomerRecord.init(row:))
    }

    /// Whether a live customer of the organization other than `excluding` uses this email, ignoring case.
    func emailTaken(_ email: String, organizationID: UUID, excluding: UUID? = nil, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            SELECT 1 AS taken FROM customers WHERE organization_id = \(bind: organizationID.lowercased) \
            AND email_lower = \(bind: email.lowercased()) AND deleted_at IS NULL AND id <> \(bind: excluding?.lowercased ?? "")
            """
        ).first() != nil
    }

    /// Whether a live customer of the organization has this exact external ID.
    func externalIDTaken(_ externalID: String, organizationID: UUID, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            SELECT 1 AS taken FROM customers WHERE organization_id = \(bind: organizationID.lowercased) \
            AND external_id = \(bind: externalID) AND deleted_at IS NULL
            """
        ).first() != nil
    }

    /// The customer's default payment method, if it has one.
    func defaultPaymentMethodID(customerID: UUID, on db: any SQLDatabase) async throws -> UUID? {
        try await db.raw(
            "SELECT default_payment_method_id FROM customers WHERE id = \(bind: customerID.lowercased)"
        ).first().flatMap { try $0.optionalUUID("default_payment_method_id") }
    }

    /// Which of `ids` are live customers of the organization.
    func liveIDs(_ ids: Set<UUID>, organizationID: UUID, on db: any SQLDatabase) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        let rows = try await db.raw(
            """
            SELECT id FROM customers WHERE organization_id = \(bind: organizationID.lowercased) AND deleted_at IS NULL \
            AND id IN (\(binds: ids.map(\.lowercased)))
            """
        ).all()
        return Set(try rows.map { try $0.uuid("id") })
    }

    /// The live customers of the organization with these external IDs, by external ID.
    func liveIDs(externalIDs: Set<String>, organizationID: UUID, on db: (any SQLDatabase)? = nil) async throws -> [String: UUID] {
        guard !externalIDs.isEmpty else { return [:] }
        let rows = try await (db ?? database.sql).raw(
            """
            SELECT id, external_id FROM customers WHERE organization_id = \(bind: organizationID.lowercased) \
            AND deleted_at IS NULL AND external_id IN (\(binds: Array(externalIDs)))
            """
        ).all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "external_id", as: String.self), try $0.uuid("id")) })
    }

    /// The external IDs of the organization's live customers among `ids`.
    func liveExternalIDs(_ ids: [UUID], organizationID: UUID) async throws -> [String] {
        guard !ids.isEmpty else { return [] }
        return try await database.sql.raw(
            """
            SELECT external_id FROM customers WHERE organization_id = \(bind: organizationID.lowercased) AND deleted_at IS NULL \
            AND external_id IS NOT NULL AND id IN (\(binds: ids.map(\.lowercased)))
            """
        ).all().map { try $0.decode(column: "external_id", as: String.self) }
    }

    /// The IDs and external IDs of the organization's live customers whose ID, external ID,
    /// name, billing name or email contains `text`, any case: what an event search matches.
    func search(_ text: String, organizationID: UUID) async throws -> (ids: [UUID], externalIDs: [String]) {
        let pattern = SQLLike.contains(text)
        let rows = try await database.sql.raw(
            """
            SELECT id, external_id FROM customers WHERE organization_id = \(bind: organizationID.lowercased) AND deleted_at IS NULL \
            AND (id LIKE \(bind: pattern) ESCAPE '\\' OR lower(external_id) LIKE \(bind: pattern) ESCAPE '\\' \
            OR lower(name) LIKE \(bind: pattern) ESCAPE '\\' OR lower(billing_name) LIKE \(bind: pattern) ESCAPE '\\' \
            OR email_lower LIKE \(bind: pattern) ESCAPE '\\')
            """
        ).all()
        return (
            try rows.map { try $0.uuid("id") },
            try rows.compactMap { try $0.optional("external_id", as: String.self) }
        )
    }

    /// Keeps `first_user_event_at` at the customer's earliest event.
    func noteUserEvent(customerID: UUID, at timestamp: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE customers SET first_user_event_at = \(bind: timestamp) WHERE id = \(bind: customerID.lowercased) \
            AND (first_user_event_at IS NULL OR first_user_event_at > \(bind: timestamp))
            """
        ).run()
    }

    /// One page of the organization's live customers matching `filter`, and how many match in all.
    func list(_ filter: CustomerFilter, organizationID: UUID, page: Int, limit: Int) async throws -> (
        items: [CustomerRecord], total: Int
    ) {
        var conditions: [SQLQueryString] = []
        if let email = filter.email {
            conditions.append("email_lower = \(bind: email.lowercased())")
        }
        var searchSource: SQLQueryString?
        if let query = filter.query {
            let matching = Self.matching(query)
            conditions.append(matching)
            searchSource = database.dialect.customersContaining(query, matching)
        }
        for (key, values) in filter.metadata {
            conditions.append(database.dialect.jsonMemberIn("metadata", key, values))
        }
        if let active = filter.active {
            // Polar's active customer: one with a billable subscription.
            conditions.append(
                (active ? "" : "NOT ")
                    + "EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = customers.id AND s.status IN ('active', 'trialing', 'past_due'))")
        }
        let unfiltered = conditions.isEmpty
        let condition = (["customers.organization_id = \(bind: organizationID.lowercased)", "customers.deleted_at IS NULL"] + conditions)
            .joined(separator: " AND ")
        let live = unfiltered || searchSource != nil ? try await liveCount(organizationID: organizationID) : 0
        let total = unfiltered ? live : try await database.count(from: searchSource ?? "customers", where: condition)
        // Few matches are read first through the search index and sorted; many are met soon
        // enough walking the sort order's index, which reads about (offset + limit) × live /
        // total rows to fill the page.
        let wanted = Double(Database.offset(page: page, limit: limit)) + Double(limit)
        let source = searchSource.flatMap { Double(total) * Double(total) < wanted * Double(live) ? $0 : nil } ?? "customers"
        let rows = try await database.rows(
            Self.columns, from: source, where: condition, orderBy: filter.sorting.map(\.orderBy).joined(separator: ", "),
            page: page, limit: limit)
        return (try rows.map(CustomerRecord.init(row:)), total)
    }

    /// The list's `query`, as Polar matches it: a substring of the email, name or billing name,
    /// or a prefix of the external ID, ignoring case, wildcards taken literally.
    static func matching(_ query: String) -> SQLQueryString {
        let escaped = SQLLike.escape(query)
        return """
            (email_lower LIKE \(bind: "%\(escaped)%") ESCAPE '\\' OR lower(name) LIKE \(bind: "%\(escaped)%") ESCAPE '\\' \
            OR lower(billing_name) LIKE \(bind: "%\(escaped)%") ESCAPE '\\' OR lower(external_id) LIKE \(bind: "\(escaped)%") ESCAPE '\\')
            """
    }

    /// How many live customers the organization has, from the counts migration 14's triggers keep.
    func liveCount(organizationID: UUID) async throws -> Int {
        try await database.sql.raw(
            "SELECT CAST(COALESCE(SUM(live), 0) AS BIGINT) AS n FROM customer_counts WHERE organization_id = \(bind: organizationID.lowercased)"
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Up to `limit` live customers of the organization with ids after `afterID`, in id order:
    /// the export walks the table batch by batch so memory stays flat however many rows there are.
    func exportBatch(organizationID: UUID, afterID: String, limit: Int) async throws -> [CustomerRecord] {
        try await database.sql.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM customers WHERE organization_id = \(bind: organizationID.lowercased) \
            AND deleted_at IS NULL AND id > \(bind: afterID) ORDER BY id LIMIT \(literal: limit)
            """
        ).all().map(CustomerRecord.init(row:))
    }

    /// Which unique index refused a write, read from the index or column names in the error.
    private func conflict(in error: any Error) -> Conflict? {
        guard let text = database.dialect.uniqueViolation(error) else { return nil }
        if text.contains("external_id") { return .externalID }
        if text.contains("email") { return .email }
        return nil
    }
}

/// The list filters of `GET /v1/customers/`, already validated.
struct CustomerFilter: Sendable {
    var email: String?
    var query: String?
    /// Keys are ANDed, the values of one key ORed, each compared with the value's JSON text.
    var metadata: [(key: String, values: [String])] = []
    /// Only customers with (or without) a billable subscription.
    var active: Bool?
    var sorting: [CustomerSortProperty] = [.createdAtDescending]
}

extension CustomerSortProperty {
    /// Polar sorts on PostgreSQL, which puts NULLs last ascending and first descending; this
    /// says so explicitly so every database agrees.
    var orderBy: String {
        switch self {
        case .createdAt: "created_at ASC"
        case .createdAtDescending: "created_at DESC"
        case .email: "(email IS NULL) ASC, email ASC"
        case .emailDescending: "(email IS NULL) DESC, email DESC"
        case .name: "(name IS NULL) ASC, name ASC"
        case .nameDescending: "(name IS NULL) DESC, name DESC"
        }
    }
}

/// The JSON text columns of a customer row.
private struct StoredColumns {
    let billingAddress: String?
    let taxID: String?
    let metadata: String

    init(_ customer: CustomerRecord) throws {
        billingAddress = try customer.billingAddress.map { String(decoding: try JSONValueEncoder.serialize($0), as: UTF8.self) }
        taxID = try customer.taxID.map { String(decoding: try JSONValueEncoder.serialize($0), as: UTF8.self) }
        // Our own writer keeps floats as floats (`2.0`), which JSONEncoder would write as `2`.
        metadata = String(decoding: try JSONValueEncoder.serialize(customer.metadata), as: UTF8.self)
    }
}

extension CustomerRecord {
    init(row: any SQLRow) throws {
        /// A JSON text column, parsed by our parser (Foundation's decoder is the slow part of a row).
        func json(_ column: String) throws -> JSONValue? {
            try row.optional(column, as: String.self).map { try JSONValue.parse(Array($0.utf8)) }
        }
        id = try row.uuid("id")
        organizationID = try row.uuid("organization_id")
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        modifiedAt = try row.optional("modified_at", as: Int64.self)
        deletedAt = try row.optional("deleted_at", as: Int64.self)
        type = try row.optional("type", as: String.self).flatMap(CustomerType.init(rawValue:))
        email = try row.optional("email", as: String.self)
        emailVerified = try row.decode(column: "email_verified", as: Bool.self)
        name = try row.optional("name", as: String.self)
        billingName = try row.optional("billing_name", as: String.self)
        billingAddress = try json("billing_address").flatMap(Address.init(json:))
        if case .array(let parts)? = try json("tax_id"), parts.count == 2, case .string(let value) = parts[0],
            case .string(let format) = parts[1], let taxFormat = TaxIDFormat(rawValue: format)
        {
            taxID = TaxID(value: value, format: taxFormat)
        } else {
            taxID = nil
        }
        locale = try row.optional("locale", as: String.self)
        metadata = [:]
        if case .object(let members)? = try json("metadata") {
            for member in members { metadata[member.key] = MetadataValue(json: member.value) }
        }
        externalID = try row.optional("external_id", as: String.self)
        defaultPaymentMethodID = try row.optionalUUID("default_payment_method_id")
        firstUserEventAt = try row.optional("first_user_event_at", as: Int64.self)
        stripeCustomerID = try row.optional("stripe_customer_id", as: String.self)
        testClockID = try row.optionalUUID("test_clock_id")
    }
}

extension Address {
    /// The address stored as JSON text, `nil` if it is not one.
    init?(json: JSONValue) {
        guard case .string(let country)? = json["country"] else { return nil }
        func text(_ key: String) -> String? { json[key]?.stringValue }
        self.init(
            line1: text("line1"), line2: text("line2"), postalCode: text("postal_code"), city: text("city"),
            state: text("state"), country: country)
    }
}
