import Crypto
import Foundation
import PolarModels

/// Replaces a deleted customer's personal data the way Polar does. Values are hashed, not
/// erased, so the same input always gives the same output without revealing it.
enum Anonymizer {
    static let emailDomain = "anonymized.polar.sh"

    static func anonymize(_ customer: inout CustomerRecord, now: Int64) {
        // Idempotent: an anonymized customer is left alone.
        if customer.metadata["__anonymized_at"] != nil || customer.email?.hasSuffix("@\(emailDomain)") == true { return }
        let salt = PolarTimestamp.format(microseconds: customer.createdAt, suffix: "+00:00")
        func hash(_ value: String) -> String {
            SHA256.hash(data: Data((salt + value).utf8)).hexString
        }
        if let email = customer.email { customer.email = "\(hash(email))@\(emailDomain)" }
        customer.emailVerified = false
        // A customer with a tax ID is a business: its name is not personal data.
        if customer.taxID == nil, let name = customer.name, !name.isEmpty { customer.name = hash(name) }
        if let billingName = customer.billingName { customer.billingName = hash(billingName) }
        customer.billingAddress = nil
        customer.metadata["__anonymized_at"] = .string(PolarTimestamp.format(microseconds: now, suffix: "+00:00"))
    }
}
