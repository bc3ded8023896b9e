/// Patterns for `LIKE … ESCAPE '\'` that match text literally, case-insensitively when the
/// column is lowered too, as Polar's `icontains(…, autoescape=True)`.
enum SQLLike {
    /// `text` lowered, with `\`, `%` and `_` escaped.
    static func escape(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    /// Matches any text containing `text`.
    static func contains(_ text: String) -> String { "%" + escape(text) + "%" }
}

/// Queries for SQLite's FTS5 trigram index (migration 14's `customers_search`).
enum SQLTrigrams {
    /// An FTS5 query matching every document that has each three-character run of `text`
    /// (lowered, as ``SQLLike/escape(_:)`` lowers it): a superset of the rows whose text
    /// contains it, as the index keeps no positions. `nil` below three characters, where
    /// there is nothing to look up, and with a NUL, which FTS5's parser stops at. Only the
    /// first 32 runs are used: enough to narrow any search, few enough to keep the query small.
    static func match(_ text: String) -> String? {
        let scalars = Array(text.lowercased().unicodeScalars)
        guard scalars.count >= 3, !scalars.contains("\0") else { return nil }
        var seen: Set<String> = []
        var terms: [String] = []
        for start in 0...(scalars.count - 3) where terms.count < 32 {
            var gram = String.UnicodeScalarView()
            gram.append(contentsOf: scalars[start..<start + 3])
            let trigram = String(gram)
            if seen.insert(trigram).inserted {
                terms.append("\"" + trigram.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            }
        }
        return terms.joined(separator: " AND ")
    }
}
