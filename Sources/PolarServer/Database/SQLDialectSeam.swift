import SQLKit

/// The only SQL that differs between the databases we run on. Everything else the stores
/// write is portable SQL (TEXT, BIGINT, BOOLEAN, partial indexes, `ON CONFLICT`).
struct SQLDialectSeam: Sendable {
    /// Starts a transaction that will write. SQLite takes the write lock up front so two
    /// writers queue on the busy timeout instead of failing when they upgrade.
    let beginWriteTransaction: String
    /// A condition that holds when the JSON text column `column` has a member `key` whose
    /// value, rendered as JSON text (`true`, `1`, `2.0`, a bare string), is one of `values`.
    let jsonMemberIn: @Sendable (_ column: String, _ key: String, _ values: [String]) -> SQLQueryString

    static let sqlite = SQLDialectSeam(
        beginWriteTransaction: "BEGIN IMMEDIATE",
        jsonMemberIn: { column, key, values in
            """
            EXISTS (SELECT 1 FROM json_each(\(unsafeRaw: column)) AS m WHERE m.key = \(bind: key) AND \
            (CASE m.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(m.value AS TEXT) END) \
            IN (\(binds: values)))
            """
        }
    )
}
