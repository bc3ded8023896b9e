import Foundation
import PolarModels

/// Polar's customer export format: Python's `csv` "excel" dialect (comma, minimal quoting,
/// CRLF), one header row, then one row per customer.
enum CustomerCSV {
    /// The columns, in order; `polar-server customers import` reads the same.
    static let columns = [
        "ID", "External ID", "Created At", "Email", "Name", "Tax ID", "Billing Address Line 1",
        "Billing Address Line 2", "Billing Address City", "Billing Address State", "Billing Address Zip",
        "Billing Address Country", "Metadata",
    ]
    static let header = row(columns)

    static func row(for customer: CustomerRecord) -> String {
        let address = customer.billingAddress
        return row([
            customer.id.lowercased, customer.externalID,
            PolarTimestamp.format(microseconds: customer.createdAt, suffix: "+00:00"),
            customer.email, customer.name,
            // Polar prints a Python tuple here by accident; the value itself is what it means to show.
            customer.taxID?.value,
            address?.line1, address?.line2, address?.city, address?.state, address?.postalCode, address?.country,
            customer.metadata.isEmpty ? nil : PythonJSON.dumps(customer.metadata.wire),
        ])
    }

    private static func row(_ cells: [String?]) -> String {
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
