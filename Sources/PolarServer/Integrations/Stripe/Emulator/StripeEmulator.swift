import Foundation
import Hummingbird
import NIOCore
import PolarModels
import SQLKit

/// A Stripe test-mode emulator serving the parts of Stripe's REST API that Polar's
/// payment-method flow calls, with Stripe's shapes, ids and errors, and Stripe's test
/// fixtures (``StripeFixture``). The embedded default serves it at `/stripe-emulator` beside
/// the API, so payment methods work without a Stripe account; ``StripeClient`` speaks to it
/// exactly as to Stripe.
///
/// Beyond Stripe's own endpoints it has one test helper of its own:
/// `POST /v1/test_helpers/setup_intents/{id}/authenticate` completes (or, with
/// `outcome=fail`, fails) the 3-D Secure challenge of a SetupIntent in `requires_action`.
struct StripeEmulator: Sendable {
    let database: Database
    let store: StripeEmulatorStore

    init(database: Database) {
        self.database = database
        store = StripeEmulatorStore(database: database)
    }

    /// A responder for requests whose path starts with `prefix`.
    func responder(prefix: String) -> some HTTPResponder<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        let group = router.group(RouterPath(prefix))
        group.post("/v1/customers") { request, context in try await handle(request, context) { try await createCustomer($0, $1) } }
        group.get("/v1/customers/:id") { request, context in try await handle(request, context) { try await fetch($0, context, "customer", $1) } }
        group.post("/v1/customers/:id") { request, context in try await handle(request, context) { try await updateCustomer($0, context, $1) } }
        group.post("/v1/setup_intents") { request, context in try await handle(request, context) { try await createSetupIntent($0, $1) } }
        group.get("/v1/setup_intents/:id") { request, context in
            try await handle(request, context) { try await expand(try await fetch($0, context, "setup_intent", $1), $0, $1) }
        }
        group.post("/v1/setup_intents/:id/confirm") { request, context in
            try await handle(request, context) { params, db in
                let intent = try await confirm(try await fetch(params, context, "setup_intent", db), params, db)
                return try await expand(intent, params, db)
            }
        }
        group.post("/v1/test_helpers/setup_intents/:id/authenticate") { request, context in
            try await handle(request, context) { try await authenticate(try await fetch($0, context, "setup_intent", $1), $0, $1) }
        }
        group.get("/v1/payment_methods/:id") { request, context in
            try await handle(request, context) { try await fetch($0, context, "payment_method", $1) }
        }
        group.post("/v1/payment_methods/:id/detach") { request, context in
            try await handle(request, context) { try await detach(try await fetch($0, context, "payment_method", $1), $1) }
        }
        group.post("/v1/test_helpers/confirmation_tokens") { request, context in
            try await handle(request, context) { try await createConfirmationToken($0, $1) }
        }
        group.get("/v1/confirmation_tokens/:id") { request, context in
            try await handle(request, context) { try await fetch($0, context, "confirmation_token", $1) }
        }
        return router.buildResponder()
    }

    // MARK: Request plumbing

    /// Checks the key, reads the form parameters, and runs `body` in one transaction; a
    /// ``StripeEmulatorError`` becomes Stripe's error envelope.
    private func handle(
        _ request: Request, _ context: AppRequestContext,
        _ body: @escaping @Sendable (QueryParameters, any SQLDatabase) async throws -> JSONValue
    ) async throws -> Response {
        var request = request
        do {
            guard let key = request.headers[.authorization], key.hasPrefix("Bearer sk_test_") else {
                throw StripeEmulatorError(
                    status: .unauthorized, type: "invalid_request_error",
                    message: "Invalid API Key provided. The emulator accepts any test-mode secret key (sk_test_…).")
            }
            let form = request.method == .get ? request.uri.query : String(buffer: try await request.collectBody(upTo: 1 << 20))
            let params = QueryParameters(form)
            let object = try await database.transaction { db in try await body(params, db) }
            return Self.json(object, status: .ok)
        } catch let error as StripeEmulatorError {
            return Self.json(.object(["error": error.body]), status: error.status)
        }
    }

    private static func json(_ object: JSONValue, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: object.publicView.serialized)))
    }

    // MARK: Objects

    private func fetch(_ params: QueryParameters, _ context: AppRequestContext, _ object: String, _ db: any SQLDatabase)
        async throws -> JSONValue
    {
        let id = context.parameters.get("id") ?? ""
        guard let found = try await store.get(id, on: db), found["object"]?.stringValue == object else {
            throw StripeEmulatorError.missing(object, id, param: "id")
        }
        return found
    }

    private func createCustomer(_ params: QueryParameters, _ db: any SQLDatabase) async throws -> JSONValue {
        let customer = Self.customerFields(
            params,
            into: .object([
                "id": .string(Self.newID("cus")), "object": "customer", "address": nil, "created": .integer(Self.now),
                "email": nil, "invoice_settings": .object(["default_payment_method": nil]), "livemode": false,
                "metadata": .object([:]), "name": nil,
            ]))
        try await store.put(customer, on: db)
        return customer
    }

    private func updateCustomer(_ params: QueryParameters, _ context: AppRequestContext, _ db: any SQLDatabase) async throws -> JSONValue {
        var customer = Self.customerFields(params, into: try await fetch(params, context, "customer", db))
        if let method = params["invoice_settings[default_payment_method]"] {
            guard let found = try await store.get(method, on: db), found["customer"] == customer["id"] else {
                throw StripeEmulatorError.missing("payment_method", method, param: "invoice_settings[default_payment_method]")
            }
            customer = customer.setting("invoice_settings", .object(["default_payment_method": .string(method)]))
        }
        try await store.put(customer, on: db)
        return customer
    }

    private func createSetupIntent(_ params: QueryParameters, _ db: any SQLDatabase) async throws -> JSONValue {
        var customer: JSONValue = nil
        if let id = params["customer"] {
            guard try await store.get(id, on: db)?["object"] == "customer" else { throw StripeEmulatorError.missing("customer", id, param: "customer") }
            customer = .string(id)
        }
        let id = Self.newID("seti")
        var intent: JSONValue = .object([
            "id": .string(id), "object": "setup_intent", "client_secret": .string("\(id)_secret_\(Self.randomText(24))"),
            "created": .integer(Self.now), "customer": customer, "last_setup_error": nil, "livemode": false,
            "metadata": Self.metadata(params), "next_action": nil, "payment_method": nil,
            "status": "requires_payment_method", "usage": .string(params["usage"] ?? "off_session"),
        ])
        try await store.put(intent, on: db)
        if params["confirm"] == "true" { intent = try await confirm(intent, params, db) }
        return intent
    }

    /// Confirms with a confirmation token (or, as a convenience, a fixture name): the card is
    /// cloned into a new `pm_…`, and the fixture decides the outcome.
    private func confirm(_ intent: JSONValue, _ params: QueryParameters, _ db: any SQLDatabase) async throws -> JSONValue {
        guard ["requires_payment_method", "requires_confirmation"].contains(intent["status"]?.stringValue ?? "") else {
            throw StripeEmulatorError(
                status: .badRequest, type: "invalid_request_error", code: "setup_intent_unexpected_state",
                message: "You cannot confirm this SetupIntent because it has a status of \(intent["status"]?.stringValue ?? "")." )
        }
        guard let reference = params["confirmation_token"] ?? params["payment_method"] else {
            throw StripeEmulatorError(
                status: .badRequest, type: "invalid_request_error", code: "parameter_missing", param: "confirmation_token",
                message: "You must provide a confirmation_token or payment_method to confirm this SetupIntent.")
        }
        let fixtureName: String
        if reference.hasPrefix("ctoken_") {
            guard let token = try await store.get(reference, on: db), token["object"] == "confirmation_token",
                let name = token["_fixture"]?.stringValue
            else { throw StripeEmulatorError.missing("confirmation_token", reference, param: "confirmation_token") }
            guard token["_used"] != .bool(true) else {
                throw StripeEmulatorError(
                    status: .badRequest, type: "invalid_request_error", code: "confirmation_token_already_used",
                    param: "confirmation_token", message: "This ConfirmationToken has already been used.")
            }
            try await store.put(token.setting("_used", true), on: db)
            fixtureName = name
        } else {
            fixtureName = reference
        }
        guard let fixture = StripeFixture.named(fixtureName) else {
            throw StripeEmulatorError.missing("payment_method", fixtureName, param: "confirmation_token")
        }
        if case .declined(let code, let declineCode, let message) = fixture.outcome {
            let error: JSONValue = .object([
                "type": "card_error", "code": .string(code), "decline_code": .string(declineCode), "message": .string(message),
                "param": "",
            ])
            // The SetupIntent stays as it was, waiting for another payment method.
            throw StripeEmulatorError(status: .init(code: 402), body: error)
        }
        let method: JSONValue = .object([
            "id": .string(Self.newID("pm")), "object": "payment_method", "billing_details": .object([:]),
            "created": .integer(Self.now), "customer": nil, "livemode": false, "metadata": .object([:]),
            "type": .string(fixture.type), .init(fixture.type): fixture.details,
        ])
        var confirmed = intent.setting("payment_method", method["id"]!).setting("last_setup_error", nil)
        if case .requiresAction = fixture.outcome {
            confirmed = confirmed.setting("status", "requires_action").setting(
                "next_action", .object(["type": "use_stripe_sdk", "use_stripe_sdk": .object(["type": "three_d_secure_redirect"])]))
            try await store.put(method, on: db)
        } else {
            confirmed = confirmed.setting("status", "succeeded")
            try await store.put(method.setting("customer", intent["customer"] ?? nil), on: db)
        }
        try await store.put(confirmed, on: db)
        return confirmed
    }

    private func authenticate(_ intent: JSONValue, _ params: QueryParameters, _ db: any SQLDatabase) async throws -> JSONValue {
        guard intent["status"] == "requires_action", let methodID = intent["payment_method"]?.stringValue,
            let method = try await store.get(methodID, on: db)
        else {
            throw StripeEmulatorError(
                status: .badRequest, type: "invalid_request_error", code: "setup_intent_unexpected_state",
                message: "This SetupIntent has no 3-D Secure challenge to complete.")
        }
        var updated = intent.setting("next_action", nil)
        if params["outcome"] == "fail" {
            updated = updated.setting("status", "requires_payment_method").setting("payment_method", nil).setting(
                "last_setup_error",
                .object([
                    "type": "card_error", "code": "setup_intent_authentication_failure",
                    "message": "We are unable to authenticate your payment method.",
                ]))
        } else {
            updated = updated.setting("status", "succeeded")
            try await store.put(method.setting("customer", intent["customer"] ?? nil), on: db)
        }
        try await store.put(updated, on: db)
        return updated
    }

    private func detach(_ method: JSONValue, _ db: any SQLDatabase) async throws -> JSONValue {
        guard method["customer"] != nil, method["customer"] != .null else {
            throw StripeEmulatorError(
                status: .badRequest, type: "invalid_request_error", code: "payment_method_unexpected_state",
                message: "The payment method you provided is not attached to a customer so detachment is impossible.")
        }
        let detached = method.setting("customer", nil)
        try await store.put(detached, on: db)
        return detached
    }

    private func createConfirmationToken(_ params: QueryParameters, _ db: any SQLDatabase) async throws -> JSONValue {
        let name = params["payment_method"] ?? ""
        guard let fixture = StripeFixture.named(name) else { throw StripeEmulatorError.missing("payment_method", name, param: "payment_method") }
        let token: JSONValue = .object([
            "id": .string(Self.newID("ctoken")), "object": "confirmation_token", "created": .integer(Self.now),
            "expires_at": .integer(Self.now + 43_200), "livemode": false,
            "payment_method_preview": .object(["type": .string(fixture.type), .init(fixture.type): fixture.details]),
            "_fixture": .string(name),
        ])
        try await store.put(token, on: db)
        return token
    }

    /// With `expand[]=payment_method`, the SetupIntent carries the whole payment method.
    private func expand(_ intent: JSONValue, _ params: QueryParameters, _ db: any SQLDatabase) async throws -> JSONValue {
        guard params.values("expand[]").contains("payment_method"), let id = intent["payment_method"]?.stringValue,
            let method = try await store.get(id, on: db)
        else { return intent }
        return intent.setting("payment_method", method)
    }

    // MARK: Helpers

    private static func customerFields(_ params: QueryParameters, into customer: JSONValue) -> JSONValue {
        var customer = customer
        for key in ["email", "name"] { if let value = params[key] { customer = customer.setting(key, .string(value)) } }
        if params["address[country]"] != nil {
            let fields = ["line1", "line2", "postal_code", "city", "state", "country"]
            customer = customer.setting(
                "address", .object(fields.map { .init($0, params["address[\($0)]"].map(JSONValue.string) ?? nil) }))
        }
        let metadata = Self.metadata(params)
        if metadata != .object([]) { customer = customer.setting("metadata", metadata) }
        return customer
    }

    private static func metadata(_ params: QueryParameters) -> JSONValue {
        .object(
            params.pairs.compactMap { pair in
                guard pair.key.hasPrefix("metadata["), pair.key.hasSuffix("]") else { return nil }
                return .init(String(pair.key.dropFirst(9).dropLast()), .string(pair.value))
            })
    }

    private static var now: Int { Int(Date().timeIntervalSince1970) }

    private static func newID(_ prefix: String) -> String { "\(prefix)_\(randomText(24))" }

    private static func randomText(_ count: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return String((0..<count).map { _ in alphabet.randomElement()! })
    }
}

/// Stripe's error envelope member, with its HTTP status.
struct StripeEmulatorError: Error {
    let status: HTTPResponse.Status
    let body: JSONValue

    init(status: HTTPResponse.Status, body: JSONValue) {
        self.status = status
        self.body = body
    }

    init(status: HTTPResponse.Status, type: String, code: String? = nil, param: String? = nil, message: String) {
        var members: [JSONValue.Member] = [.init("type", .string(type)), .init("message", .string(message))]
        if let code { members.append(.init("code", .string(code))) }
        if let param { members.append(.init("param", .string(param))) }
        self.init(status: status, body: .object(members))
    }

    static func missing(_ object: String, _ id: String, param: String) -> StripeEmulatorError {
        StripeEmulatorError(
            status: .notFound, type: "invalid_request_error", code: "resource_missing", param: param,
            message: "No such \(object): '\(id)'")
    }
}

extension JSONValue {
    /// The object without the emulator's private bookkeeping keys (`_…`), at the top level.
    fileprivate var publicView: JSONValue {
        guard case .object(let members) = self else { return self }
        return .object(members.filter { !$0.key.hasPrefix("_") })
    }
}
