/// A SetupIntent: the attempt to save a payment method for later charges.
struct StripeSetupIntent: Sendable, Decodable {
    let id: String
    /// `requires_payment_method`, `requires_confirmation`, `requires_action`, `processing`,
    /// `canceled` or `succeeded`; kept as text, as Stripe may add more.
    let status: String
    /// `seti_…_secret_…`: what Stripe.js needs to finish a `requires_action`.
    let clientSecret: String?
    let customer: String?
    /// The `pm_…` id, whether or not the request expanded it.
    let paymentMethodID: String?
    /// The whole payment method, when the request expanded it.
    let paymentMethod: StripePaymentMethod?
    /// What the customer must do next (`use_stripe_sdk`, `redirect_to_url`, …).
    let nextActionType: String?
    /// Why the last confirmation or authentication failed.
    let lastSetupError: StripeErrorObject?

    enum CodingKeys: String, CodingKey {
        case id, status, clientSecret = "client_secret", customer, paymentMethod = "payment_method"
        case nextAction = "next_action", lastSetupError = "last_setup_error"
    }

    enum NextActionKeys: String, CodingKey {
        case type
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        status = try container.decode(String.self, forKey: .status)
        clientSecret = try container.decodeIfPresent(String.self, forKey: .clientSecret)
        customer = try container.decodeIfPresent(String.self, forKey: .customer)
        if let expanded = try? container.decodeIfPresent(StripePaymentMethod.self, forKey: .paymentMethod) {
            paymentMethod = expanded
            paymentMethodID = expanded.id
        } else {
            paymentMethod = nil
            paymentMethodID = try container.decodeIfPresent(String.self, forKey: .paymentMethod)
        }
        let nextAction = try? container.nestedContainer(keyedBy: NextActionKeys.self, forKey: .nextAction)
        nextActionType = try nextAction?.decodeIfPresent(String.self, forKey: .type)
        lastSetupError = try container.decodeIfPresent(StripeErrorObject.self, forKey: .lastSetupError)
    }
}
