import Foundation
import PolarModels

/// Polar's customer export format: Python's `csv` "excel" dialect (comma, minimal quoting,
/// CRLF), one header row, then one row per customer.
enum CustomerCSV {
    static let header = row([
        "ID", "External ID", "Created At", "Email", "Name", "Tax ID", "Billing Address Line 1",
        "Billing Address Line 2", "Billing Address City", "Billing Address State", "Billing Address Zip",
        "Billing Address Country", "Metadata",
    ])

    static func row(for customer: CustomerRecord) -> String {
        let address = customer.billingAddress
        return row([
            customer.id.lowercased, customer.externalID,
            PolarTimestamp.format(microseconds: customer.createdAt, suffix: "+00:00"),
            customer.email, customer.name,
            // Polar prints a Python tuple here by accident; the value itself is what it means to show.
            customer.taxID?.value,
            address?.line1, address?.line2, address?.city, address?.state, address?.postalCode, address?.country,
            customer.metadata.isEmpty ? nil : pythonJSON(customer.metadata),
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

    /// `json.dumps` with its defaults: `", "` and `": "` separators, non-ASCII as `\uXXXX`.
    private static func pythonJSON(_ metadata: Metadata) -> String {
        var text = "{"
        for (index, key) in metadata.orderedKeys.enumerated() {
            if index > 0 { text += ", " }
            text += pythonString(key) + ": "
            switch metadata[key]! {
            case .string(let value): text += pythonString(value)
            case .integer(let value): text += String(value)
            case .number(let value): text += String(decoding: JSONValue.number(value).serialized, as: UTF8.self)
            case .boolean(let value): text += value ? "true" : "false"
            }
        }
        return text + "}"
    }

    private static func pythonString(_ value: String) -> String {
        var text = "\""
        for unit in value.utf16 {
            switch unit {
            case 0x22: text += "\\\""
            case 0x5C: text += "\\\\"
            case 0x0A: text += "\\n"
            case 0x0D: text += "\\r"
            case 0x09: text += "\\t"
            case 0x08: text += "\\b"
            case 0x0C: text += "\\f"
            case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default: text += String(format: "\\u%04x", unit)
            }
        }
        return text + "\""
    }
}

