import PolarCompatibility
import PolarModels
import SQLKit

extension StripeEmulator {
    /// With `confirm=true` the SetupIntent is confirmed at once, as Stripe allows.
    func createSetupIntent(_ call: StripeEmulatorCall, _ db: any SQLDatabase) async throws -> JSONValue {
        let params = call.params
        var customer: JSONValue = nil
        if let id = params["customer"] {
            guard try await store.get(id, on: db)?["object"] == "customer" else {
                throw StripeEmulatorError.missing("customer", id, param: "customer")
            }
            customer = .string(id)
        }
        let id = StripeEmulatorIDs.new("seti")
        let automatic: JSONValue =
            params["automatic_payment_methods[enabled]"] == "true" ? .object(["allow_redirects": "always", "enabled": true]) : nil
        var intent: JSONValue = .object([
            "id": .string(id), "object": "setup_intent", "automatic_payment_methods": automatic, "cancellation_reason": nil,
            "client_secret": .string(StripeEmulatorIDs.clientSecret(for: id)), "created": .integer(StripeEmulatorIDs.now),
            "customer": customer, "description": nil, "last_setup_error": nil, "livemode": false,
            "metadata": Self.merging(params, into: .object([:])), "next_action": nil, "payment_method": nil,
            "payment_method_types": ["card"], "status": "requires_payment_method", "usage": .string(params["usage"] ?? "off_session"),
        ])
        try await store.put(intent, on: db)
        if params["confirm"] == "true" { intent = try await confirm(intent, params, db) }
        return try await expand(intent, call, db)
    }

    func confirmSetupIntent(_ call: StripeEmulatorCall, _ db: any SQLDatabase) async throws -> JSONValue {
        try await expand(try await confirm(try await fetch("setup_intent", call, db), call.params, db), call, db)
    }

    /// Confirms with a confirmation token, a fixture name as `payment_method`, or (a
    /// convenience of the emulator's) a fixture name as `confirmation_token`. The fixture is
    /// cloned into a new `pm_…`, and decides the outcome.
    private func confirm(_ intent: JSONValue, _ params: QueryParameters, _ db: any SQLDatabase) async throws -> JSONValue {
        let status = intent["status"]?.stringValue ?? ""
        guard ["requires_payment_method", "requires_confirmation"].contains(status) else {
            throw StripeEmulatorError(
                status: .badRequest, type: "invalid_request_error", code: "setup_intent_unexpected_state",
                message: "You cannot confirm this SetupIntent because it has a status of \(status).")
        }
        let fixture = try await fixture(confirming: intent, params, db)
        let method = Self.paymentMethod(from: fixture)
        let settled = intent.setting("last_setup_error", nil).setting("payment_method", method["id"] ?? nil)
        switch fixture.outcome {
        case .succeeds:
            try await store.put(method.setting("customer", intent["customer"] ?? nil), on: db)
            return try await save(settled.setting("status", "succeeded"), db)
        case .requiresAction:
            // Attached to the customer only once the challenge is passed.
            try await store.put(method, on: db)
            return try await save(settled.setting("status", "requires_action").setting("next_action", Self.challenge), db)
        case .declined(let code, let declineCode, let message):
            // Stripe records the failure on the SetupIntent, which waits for another method.
            try await store.put(method, on: db)
            let error: JSONValue = .object([
                "code": .string(code), "decline_code": .string(declineCode),
                "doc_url": .string("https://stripe.com/docs/error-codes/\(String(code.map { $0 == "_" ? "-" : $0 }))"),
                "message": .string(message), "param": "", "payment_method": method, "type": "card_error",
            ])
            let failed = try await save(
                intent.setting("last_setup_error", error).setting("payment_method", nil).setting("status", "requires_payment_method"), db)
            throw StripeEmulatorError(status: .init(code: 402), object: error.setting("setup_intent", failed), keepsChanges: true)
        }
    }

    /// The `next_action` of a card that asks for 3-D Secure, which Stripe.js carries out.
    private static let challenge: JSONValue = .object([
        "type": "use_stripe_sdk", "use_stripe_sdk": .object(["type": "stripe_3ds2_fingerprint", "directory_server_name": "visa"]),
    ])

    /// The emulator's 3-D Secure challenge: `outcome=fail` fails it as a customer who gives up
    /// would; anything else passes it and attaches the payment method.
    func authenticate(_ call: StripeEmulatorCall, _ db: any SQLDatabase) async throws -> JSONValue {
        let intent = try await fetch("setup_intent", call, db)
        guard intent["status"] == "requires_action", let methodID = intent["payment_method"]?.stringValue,
            let method = try await store.get(methodID, on: db)
        else {
            throw StripeEmulatorError(
                status: .badRequest, type: "invalid_request_error", code: "setup_intent_unexpected_state",
                message: "This SetupIntent has no 3-D Secure challenge to complete.")
        }
        let settled = intent.setting("next_action", nil)
        guard call.params["outcome"] != "fail" else {
            let error: JSONValue = .object([
                "code": "setup_intent_authentication_failure",
                "doc_url": "https://stripe.com/docs/error-codes/setup-intent-authentication-failure",
                "message": "The latest attempt to set up the payment method has failed because authentication failed.",
                "payment_method": method, "type": "invalid_request_error",
            ])
            return try await save(
                settled.setting("last_setup_error", error).setting("payment_method", nil).setting("status", "requires_payment_method"), db)
        }
        try await store.put(method.setting("customer", intent["customer"] ?? nil), on: db)
        return try await expand(try await save(settled.setting("status", "succeeded"), db), call, db)
    }

    /// Each `expand[]` naming a member that holds an id replaces the id with its object.
    func expand(_ object: JSONValue, _ call: StripeEmulatorCall, _ db: any SQLDatabase) async throws -> JSONValue {
        var expanded = object
        for key in call.params.values("expand[]") {
            if let id = object[key]?.stringValue, let found = try await store.get(id, on: db) { expanded = expanded.setting(key, found) }
        }
        return expanded
    }

    private func save(_ object: JSONValue, _ db: any SQLDatabase) async throws -> JSONValue {
        try await store.put(object, on: db)
        return object
    }
}
