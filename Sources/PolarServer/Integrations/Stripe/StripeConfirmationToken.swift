import PolarModels

/// A confirmation token (`ctoken_…`): the payment details Stripe.js collected in the browser,
/// to be used once to confirm a SetupIntent.
struct StripeConfirmationToken: Sendable, Decodable {
    let id: String
    /// Unix seconds; Stripe refuses the token afterwards.
    let expiresAt: Int?
    /// The SetupIntent it confirmed, once used.
    let setupIntent: String?
    /// The payment method it will become: its type and Stripe's object for that type.
    let paymentMethodType: String
    let paymentMethodDetails: JSONValue

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: StripeKey.self)
        id = try container.decode(String.self, forKey: StripeKey("id"))
        expiresAt = try container.decodeIfPresent(Int.self, forKey: StripeKey("expires_at"))
        setupIntent = try container.decodeIfPresent(String.self, forKey: StripeKey("setup_intent"))
        let preview = try container.nestedContainer(keyedBy: StripeKey.self, forKey: StripeKey("payment_method_preview"))
        (paymentMethodType, paymentMethodDetails) = try StripeKey.typedObject(in: preview)
    }
}
