import Foundation

/// How a request names a customer: by Polar's ID (`customer_id`) or by yours
/// (`external_customer_id`, matched exactly).
public enum CustomerReference: Sendable, Hashable {
    /// By Polar ID.
    case id(UUID)
    /// By your external ID.
    case externalID(String)
}
