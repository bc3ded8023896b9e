/// The body of `POST /v1/customer-portal/customers/me/payment-methods` (Polar's
/// `CustomerPaymentMethodCreate`): all three keys are required.
public struct CustomerPaymentMethodCreate: Codable, Sendable, Hashable {
    /// A Stripe ConfirmationToken (`ctoken_…`) made in the browser by Stripe.js.
    public var confirmationTokenID: String
    /// Whether the new method becomes the customer's default.
    public var setDefault: Bool
    /// Where Stripe sends the customer back after an extra step such as 3-D Secure. Polar keeps
    /// only its own hosts and paths starting with `/`; anything else becomes its portal root.
    public var returnURL: String

    /// Creates the body.
    public init(confirmationTokenID: String, setDefault: Bool, returnURL: String) {
        self.confirmationTokenID = confirmationTokenID
        self.setDefault = setDefault
        self.returnURL = returnURL
    }

    enum CodingKeys: String, CodingKey {
        case confirmationTokenID = "confirmation_token_id", setDefault = "set_default", returnURL = "return_url"
    }
}

/// The body of `POST /v1/customer-portal/customers/me/payment-methods/confirm` (Polar's
/// `CustomerPaymentMethodConfirm`), sent after the customer completed Stripe's extra step.
public struct CustomerPaymentMethodConfirm: Codable, Sendable, Hashable {
    /// The SetupIntent (`seti_…`) returned to the return URL.
    public var setupIntentID: String
    /// Whether the method becomes the customer's default; a `setDefault` given on add is not remembered.
    public var setDefault: Bool

    /// Creates the body.
    public init(setupIntentID: String, setDefault: Bool) {
        self.setupIntentID = setupIntentID
        self.setDefault = setDefault
    }

    enum CodingKeys: String, CodingKey {
        case setupIntentID = "setup_intent_id", setDefault = "set_default"
    }
}

/// What adding or confirming a payment method returns (Polar's
/// `CustomerPaymentMethodCreateResponse`, told apart by `status`; both come with HTTP 201).
public enum CustomerPaymentMethodCreateResponse: Codable, Sendable, Hashable {
    /// The method is saved.
    case succeeded(paymentMethod: CustomerPaymentMethod)
    /// The customer must complete a step with Stripe.js (`stripe.handleNextAction`), then confirm.
    case requiresAction(clientSecret: String)

    enum CodingKeys: String, CodingKey {
        case status, paymentMethod = "payment_method", clientSecret = "client_secret"
    }

    /// Decodes the shape `status` names.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let status = try c.decode(String.self, forKey: .status)
        switch status {
        case "succeeded": self = .succeeded(paymentMethod: try c.decode(CustomerPaymentMethod.self, forKey: .paymentMethod))
        case "requires_action": self = .requiresAction(clientSecret: try c.decode(String.self, forKey: .clientSecret))
        default:
            throw DecodingError.dataCorruptedError(forKey: .status, in: c, debugDescription: "Unknown status \(status)")
        }
    }

    /// Encodes `status` first, then the payload.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .succeeded(let paymentMethod):
            try c.encode("succeeded", forKey: .status)
            try c.encode(paymentMethod, forKey: .paymentMethod)
        case .requiresAction(let clientSecret):
            try c.encode("requires_action", forKey: .status)
            try c.encode(clientSecret, forKey: .clientSecret)
        }
    }
}
