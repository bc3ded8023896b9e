import PolarCompatibility
import PolarModels

/// Stripe's `application/x-www-form-urlencoded` parameters, nested with brackets
/// (`metadata[key]=value`, `expand[]=payment_method`).
struct StripeForm: Sendable {
    private(set) var pairs: [(String, String)] = []

    mutating func add(_ key: String, _ value: String?) {
        if let value { pairs.append((key, value)) }
    }

    mutating func add(address: Address?) {
        guard let address else { return }
        add("address[line1]", address.line1)
        add("address[line2]", address.line2)
        add("address[postal_code]", address.postalCode)
        add("address[city]", address.city)
        add("address[state]", address.state)
        add("address[country]", address.country)
    }

    /// Sorted by key, so a request reads the same every time.
    mutating func add(metadata: [String: String]) {
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { add("metadata[\(key)]", value) }
    }

    var encoded: String {
        pairs.map { Py.quotePlus($0.0) + "=" + Py.quotePlus($0.1) }.joined(separator: "&")
    }
}
