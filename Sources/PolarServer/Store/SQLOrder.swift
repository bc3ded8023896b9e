/// Ordering as Polar's PostgreSQL orders it, written out so SQLite orders the same way.
enum SQLOrder {
    /// `expression`, NULLs last ascending and first descending (SQLite puts them the other way round).
    static func nullsAsPostgres(_ expression: String, descending: Bool) -> String {
        descending ? "(\(expression) IS NULL) DESC, \(expression) DESC" : "(\(expression) IS NULL), \(expression)"
    }
}
