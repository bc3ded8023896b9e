import PolarModels

/// Polar's refusals in the portal's payment-method flow.
extension APIError {
    /// Stripe declined the card: 400 `PaymentMethodSetupFailed`, with Stripe's message.
    static func paymentMethodSetupFailed(stripeMessage: String?) -> APIError {
        .polar(
            .badRequest, "PaymentMethodSetupFailed",
            "Could not add this payment method\(stripeMessage.map { ": \($0)" } ?? ".") Please try again with a different card.")
    }

    /// A confirmation token Stripe does not know or no longer takes.
    static func invalidConfirmationToken(_ id: String) -> APIError {
        .validation(
            [ValidationError(loc: ["body", "confirmation_token_id"], msg: "Invalid confirmation_token_id.", type: "invalid", input: .string(id))],
            kind: .business)
    }

    /// A SetupIntent that is unknown, another customer's, or without a payment method.
    static func invalidSetupIntent(_ id: String) -> APIError {
        .validation(
            [ValidationError(loc: ["body", "setup_intent_id"], msg: "Invalid setup_intent_id.", type: "invalid", input: .string(id))],
            kind: .business)
    }

    /// 403 `CustomerNotReady`: the customer has no Stripe customer yet.
    static let customerNotReady = APIError.polar(.forbidden, "CustomerNotReady", "Customer is not ready for this operation.")

    /// 400 `PaymentMethodInUseByActiveSubscription`: the only method able to bill a subscription.
    static let paymentMethodInUse = APIError.polar(
        .badRequest, "PaymentMethodInUseByActiveSubscription",
        "This payment method is still needed to bill a subscription. Add another one or cancel the subscription first.")
}
