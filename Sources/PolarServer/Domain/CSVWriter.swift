/// Rows as Python's `csv` module writes them in its "excel" dialect, as Polar's exports do:
/// comma-separated, quoted only where needed, CRLF.
enum CSVWriter {
    /// One row; a `nil` cell is empty.
    static func row(_ cells: [String?]) -> String {
        var line = ""
        line.reserveCapacity(cells.reduce(2) { $0 + ($1?.utf8.count ?? 0) + 1 })
        for (index, cell) in cells.enumerated() {
            if index > 0 { line.append(",") }
            if let cell { append(cell, to: &line) }
        }
        line.append("\r\n")
        return line
    }

    /// A field quoted as Python's `csv` quotes it: only when it holds `,`, `"`, `\r` or `\n`,
    /// with quotes doubled. Checked on UTF-8 bytes (each of the four is one ASCII byte, never part
    /// of another character's encoding), since `"\r\n"` (or a quote followed by a combining mark)
    /// is a single `Character` that equals none of them.
    private static func append(_ cell: String, to line: inout String) {
        guard cell.utf8.contains(where: isSpecial) else {
            line.append(cell)
            return
        }
        line.append("\"")
        for scalar in cell.unicodeScalars {
            line.unicodeScalars.append(scalar)
            if scalar == "\"" { line.unicodeScalars.append(scalar) }
        }
        line.append("\"")
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }
}
