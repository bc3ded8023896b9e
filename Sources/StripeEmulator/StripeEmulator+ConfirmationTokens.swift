import PolarCompatibility
import PolarModels
import SQLKit

extension StripeEmulator {
    /// Stripe's test helper: `payment_method=pm_card_visa` mints the `ctoken_…` that Stripe.js
    /// would have made in a browser from that card.
    func createConfirmationToken(_ call: StripeEmulatorCall, _ db: any SQLDatabase) async throws -> JSONValue {
        let name = call.params["payment_method"] ?? ""
        guard let fixture = StripeFixture.named(name) else {
            throw StripeEmulatorError.missing("payment_method", name, param: "payment_method")
        }
        let now = StripeEmulatorIDs.now
        let token: JSONValue = .object([
            "id": .string(StripeEmulatorIDs.new("ctoken")), "object": "confirmation_token", "created": .integer(now),
            "expires_at": .integer(now + 12 * 3600), "livemode": false, "mandate_data": nil, "payment_intent": nil,
            "payment_method_preview": .object([
                "allow_redisplay": "unspecified", "customer": nil, "type": .string(fixture.type), fixture.type: fixture.details,
            ]),
            "return_url": nil, "setup_future_usage": nil, "setup_intent": nil, "shipping": nil, "use_stripe_sdk": true,
            "_fixture": .string(name),
        ])
        try await store.put(token, on: db)
        return token
    }

    /// The fixture a confirmation names, using up its confirmation token: Stripe takes each
    /// token once, before it expires.
    func fixture(confirming intent: JSONValue, _ params: QueryParameters, _ db: any SQLDatabase) async throws -> StripeFixture.Method {
        let (param, reference): (String, String)
        if let token = params["confirmation_token"] {
            (param, reference) = ("confirmation_token", token)
        } else if let method = params["payment_method"] {
            (param, reference) = ("payment_method", method)
        } else {
            throw StripeEmulatorError(
                status: .badRequest, type: "invalid_request_error", code: "parameter_missing", param: "confirmation_token",
                message: "You must provide a confirmation_token or a payment_method to confirm this SetupIntent.")
        }
        var name = reference
        if reference.hasPrefix("ctoken_") {
            guard let token = try await store.get(reference, on: db), token["object"] == "confirmation_token",
                let fixture = token["_fixture"]?.stringValue
            else { throw StripeEmulatorError.missing("confirmation_token", reference, param: param) }
            guard token["setup_intent"] == .null else {
                throw StripeEmulatorError(
                    status: .badRequest, type: "invalid_request_error", code: "confirmation_token_already_used", param: param,
                    message: "This ConfirmationToken has already been used.")
            }
            guard case .integer(let expiresAt)? = token["expires_at"], expiresAt > StripeEmulatorIDs.now else {
                throw StripeEmulatorError(
                    status: .badRequest, type: "invalid_request_error", code: "confirmation_token_expired", param: param,
                    message: "This ConfirmationToken has expired.")
            }
            try await store.put(token.setting("setup_intent", intent["id"] ?? nil), on: db)
            name = fixture
        }
        guard let fixture = StripeFixture.named(name) else {
            throw StripeEmulatorError.missing(param, name, param: param)
        }
        return fixture
    }
}
