import PostgresKit
import SQLKit
import SQLiteKit

/// The only SQL that differs between the databases we run on. Everything else the stores
/// write is portable SQL (TEXT, BIGINT, BOOLEAN, partial indexes, `ON CONFLICT`).
struct SQLDialectSeam: Sendable {
    /// Starts a transaction that will write. SQLite takes the write lock up front so two
    /// writers queue on the busy timeout instead of failing when they upgrade.
    let beginWriteTransaction: String
    /// A condition that holds when the JSON text column `column` has a member `key` whose
    /// value, rendered as JSON text (`true`, `1`, `2.0`, a bare string), is one of `values`.
    let jsonMemberIn: @Sendable (_ column: String, _ key: String, _ values: [String]) -> SQLQueryString
    /// Statements that hold a lock across every process sharing the database while migrations
    /// run, so replicas starting together migrate one at a time; `nil` where writers already
    /// exclude each other.
    let migrationLock: (lock: String, unlock: String)?
    /// When `error` is a unique-index violation, text naming the index or its columns.
    let uniqueViolation: @Sendable (_ error: any Error) -> String?
    /// Appended to a SELECT whose row the transaction will write back, so a concurrent writer
    /// waits instead of losing its update. SQLite needs none: its writers never overlap.
    let lockForUpdate: String
    /// Appended to a SELECT that claims queued work, so several replicas each take different
    /// rows instead of waiting on each other. SQLite needs none: its writers never overlap.
    let claimRows: String
    /// The customers that may contain `text` in a searched column, found through a trigram
    /// index, as a source for `FROM` that stands in for `customers`; `contains` is the exact
    /// condition, which the caller applies too. `nil` when no index can help.
    let customersContaining: @Sendable (_ text: String, _ contains: SQLQueryString) -> SQLQueryString?
    /// Whether the PostgreSQL-only parts of migrations (search indexes) apply.
    let isPostgres: Bool
    /// Whether the database admits one writer at a time, so this process should queue its own.
    var singleWriter: Bool { !isPostgres }

    static let sqlite = SQLDialectSeam(
        beginWriteTransaction: "BEGIN IMMEDIATE",
        jsonMemberIn: { column, key, values in
            """
            EXISTS (SELECT 1 FROM json_each(\(unsafeRaw: column)) AS m WHERE m.key = \(bind: key) AND \
            (CASE m.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(m.value AS TEXT) END) \
            IN (\(binds: values)))
            """
        },
        migrationLock: nil,
        uniqueViolation: { error in
            // "UNIQUE constraint failed: customers.organization_id, customers.email_lower"
            let message = String(describing: error)
            return message.contains("UNIQUE constraint failed") ? message : nil
        },
        lockForUpdate: "",
        claimRows: "",
        // Migration 14's FTS5 table; CROSS JOIN makes SQLite read the index first.
        customersContaining: { text, _ in
            SQLTrigrams.match(text).map {
                "customers_search CROSS JOIN customers ON customers.rowid = customers_search.rowid AND customers_search MATCH \(bind: $0)"
            }
        },
        isPostgres: false
    )

    static let postgres = SQLDialectSeam(
        beginWriteTransaction: "BEGIN",
        jsonMemberIn: { column, key, values in
            "(CAST(\(unsafeRaw: column) AS jsonb) ->> \(bind: key)) IN (\(binds: values))"
        },
        // An arbitrary key shared by every replica of this service.
        migrationLock: ("SELECT pg_advisory_lock(7305115011)", "SELECT pg_advisory_unlock(7305115011)"),
        uniqueViolation: { error in
            guard let error = error as? PSQLError, error.serverInfo?[.sqlState] == "23505" else { return nil }
            return error.serverInfo?[.constraintName] ?? ""
        },
        lockForUpdate: " FOR UPDATE",
        claimRows: " FOR UPDATE SKIP LOCKED",
        // pg_trgm's indexes serve the condition itself; the subquery (kept apart by OFFSET 0)
        // stops the planner from walking the sort order's index past every row instead.
        customersContaining: { _, contains in "(SELECT * FROM customers WHERE " + contains + " OFFSET 0) AS customers" },
        isPostgres: true
    )
}
