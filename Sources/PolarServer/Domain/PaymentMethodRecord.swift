import Foundation
import PolarModels

/// A saved payment method as stored: Stripe's `pm_…` id and its whole type-specific object.
struct PaymentMethodRecord: Sendable, Equatable {
    var id: UUID
    var customerID: UUID
    var processorID: String
    var type: String
    /// Stripe's object named after the type (`card`, `kr_card`, …), kept whole.
    var methodMetadata: JSONValue
    var createdAt: Int64
    var modifiedAt: Int64?
    var deletedAt: Int64?

    /// Polar's `CustomerPaymentMethod`, chosen by fit as pydantic's smart union does: a card or
    /// Korean card with every field its shape needs, otherwise the generic shape.
    var wire: CustomerPaymentMethod {
        let common = PaymentMethodCommon(
            id: id, createdAt: PolarTimestamp.date(microseconds: createdAt),
            modifiedAt: modifiedAt.map(PolarTimestamp.date(microseconds:)), customerID: customerID, type: type)
        let metadata = methodMetadata
        switch type {
        case "card":
            if case .string(let brand)? = metadata["brand"], case .string(let last4)? = metadata["last4"],
                case .integer(let month)? = metadata["exp_month"], case .integer(let year)? = metadata["exp_year"]
            {
                return .card(
                    common,
                    PaymentMethodCardMetadata(
                        brand: brand, last4: last4, expMonth: month, expYear: year, wallet: metadata["wallet"]?["type"]?.stringValue))
            }
        case "kr_card":
            if let brand = metadata["brand"], let last4 = metadata["last4"] {
                return .krCard(common, PaymentMethodKrCardMetadata(brand: brand.stringValue, last4: last4.stringValue))
            }
        default: break
        }
        return .generic(common)
    }
}
