/// Rows as Python's `csv` module writes them in its "excel" dialect, as Polar's exports do:
/// comma-separated, quoted only where needed, CRLF.
enum CSVWriter {
    /// One row; a `nil` cell is empty.
    static func row(_ cells: [String?]) -> String {
        cells.map { $0.map(quoted) ?? "" }.joined(separator: ",") + "\r\n"
    }

    /// A field quoted as Python's `csv` quotes it: only when it holds `,`, `"`, `\r` or `\n`,
    /// with quotes doubled. Checked on Unicode scalars, since `"\r\n"` (or a quote followed by a
    /// combining mark) is a single `Character` that equals none of them.
    private static func quoted(_ cell: String) -> String {
        let special: Set<Unicode.Scalar> = [",", "\"", "\r", "\n"]
        guard cell.unicodeScalars.contains(where: special.contains) else { return cell }
        var text = String.UnicodeScalarView()
        text.append("\"")
        for scalar in cell.unicodeScalars {
            text.append(scalar)
            if scalar == "\"" { text.append("\"") }
        }
        text.append("\"")
        return String(text)
    }
}
