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
    static let header = CSVWriter.row(columns)

    static func row(for customer: CustomerRecord) -> String {
        let address = customer.billingAddress
        return CSVWriter.row([
            customer.id.lowercased, customer.externalID,
            PolarTimestamp.format(microseconds: customer.createdAt, suffix: "+00:00"),
            customer.email, customer.name,
            // Polar prints a Python tuple here by accident; the value itself is what it means to show.
            customer.taxID?.value,
            address?.line1, address?.line2, address?.city, address?.state, address?.postalCode, address?.country,
            customer.metadata.isEmpty ? nil : PythonText.jsonDumps(customer.metadata.wire),
        ])
    }
}
