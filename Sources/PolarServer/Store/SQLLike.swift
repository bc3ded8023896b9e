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
