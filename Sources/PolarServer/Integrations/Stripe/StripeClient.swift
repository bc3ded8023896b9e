import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PolarModels

/// Stripe's REST API, as far as Polar's payment-method flow uses it: customers, SetupIntents
/// and payment methods. The same code talks to Stripe and to the built-in ``StripeEmulator``;
/// only the base URL and the key differ.
struct StripeClient: Sendable {
    /// Resolved per call, so a server listening on a port chosen at start can point at itself.
    let baseURL: @Sendable () -> String
    let secretKey: String
    let httpClient: HTTPClient

    func createCustomer(email: String?, name: String?, address: Address?, metadata: [String: String]) async throws -> String {
        var form = StripeForm()
        form.add("email", email)
        form.add("name", name)
        if let address { form.add(address: address) }
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { form.add("metadata[\(key)]", value) }
        return try await send(.POST, "/v1/customers", form)["id"]?.stringValue ?? ""
    }

    /// Updates the customer; `nil` leaves a field as it is.
    func updateCustomer(id: String, email: String?, address: Address?, defaultPaymentMethod: String?) async throws {
        var form = StripeForm()
        form.add("email", email)
        if let address { form.add(address: address) }
        form.add("invoice_settings[default_payment_method]", defaultPaymentMethod)
        _ = try await send(.POST, "/v1/customers/\(id)", form)
    }

    func createSetupIntent(customer: String, metadata: [String: String]) async throws -> StripeSetupIntent {
        var form = StripeForm()
        form.add("customer", customer)
        form.add("automatic_payment_methods[enabled]", "true")
        form.add("payment_method_options[klarna][currency]", "usd")
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { form.add("metadata[\(key)]", value) }
        return StripeSetupIntent(json: try await send(.POST, "/v1/setup_intents", form))
    }

    func confirmSetupIntent(id: String, confirmationToken: String, returnURL: String) async throws -> StripeSetupIntent {
        var form = StripeForm()
        form.add("confirmation_token", confirmationToken)
        form.add("return_url", returnURL)
        form.add("expand[]", "payment_method")
        return StripeSetupIntent(json: try await send(.POST, "/v1/setup_intents/\(id)/confirm", form))
    }

    func retrieveSetupIntent(id: String) async throws -> StripeSetupIntent {
        var form = StripeForm()
        form.add("expand[]", "payment_method")
        return StripeSetupIntent(json: try await send(.GET, "/v1/setup_intents/\(id)", form))
    }

    func detachPaymentMethod(id: String) async throws {
        _ = try await send(.POST, "/v1/payment_methods/\(id)/detach", StripeForm())
    }

    /// One API call: form-encoded parameters (in the query for GET), a JSON object back, and
    /// Stripe's error envelope thrown as ``StripeError``.
    func send(_ method: HTTPMethod, _ path: String, _ form: StripeForm) async throws -> JSONValue {
        let encoded = form.encoded
        var url = baseURL() + path
        var request: HTTPClientRequest
        if method == .GET {
            if !encoded.isEmpty { url += "?" + encoded }
            request = HTTPClientRequest(url: url)
        } else {
            request = HTTPClientRequest(url: url)
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: encoded))
        }
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(secretKey)")
        let response = try await httpClient.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 4 * 1024 * 1024)
        let json = (try? JSONValue.parse(body.readableBytesView)) ?? .null
        guard (200..<300).contains(response.status.code) else {
            throw StripeError(status: Int(response.status.code), error: json["error"] ?? .null)
        }
        return json
    }
}

/// Stripe's `application/x-www-form-urlencoded` parameters, nested with brackets.
struct StripeForm: Sendable {
    private(set) var pairs: [(String, String)] = []

    mutating func add(_ key: String, _ value: String?) {
        if let value { pairs.append((key, value)) }
    }

    mutating func add(address: Address) {
        add("address[line1]", address.line1)
        add("address[line2]", address.line2)
        add("address[postal_code]", address.postalCode)
        add("address[city]", address.city)
        add("address[state]", address.state)
        add("address[country]", address.country)
    }

    var encoded: String {
        pairs.map { FormEncoding.encode($0.0) + "=" + FormEncoding.encode($0.1) }.joined(separator: "&")
    }
}

/// A SetupIntent, with its payment method expanded when Stripe sent it.
struct StripeSetupIntent: Sendable {
    let id: String
    let status: String
    let clientSecret: String?
    let customer: String?
    let paymentMethod: StripePaymentMethod?

    init(json: JSONValue) {
        id = json["id"]?.stringValue ?? ""
        status = json["status"]?.stringValue ?? ""
        clientSecret = json["client_secret"]?.stringValue
        customer = json["customer"]?.stringValue
        paymentMethod = json["payment_method"].flatMap(StripePaymentMethod.init(json:))
    }
}

/// A payment method: its `pm_…` id, type, and Stripe's object for that type.
struct StripePaymentMethod: Sendable {
    let id: String
    let type: String
    let details: JSONValue

    init?(json: JSONValue) {
        guard case .string(let id)? = json["id"], case .string(let type)? = json["type"] else { return nil }
        self.id = id
        self.type = type
        details = json[type] ?? .object([])
    }
}

/// Stripe's error object, with the HTTP status it came with.
struct StripeError: Error, Sendable {
    let status: Int
    let error: JSONValue

    var type: String? { error["type"]?.stringValue }
    var code: String? { error["code"]?.stringValue }
    var message: String? { error["message"]?.stringValue }
    var isCardError: Bool { type == "card_error" }
    var isInvalidRequest: Bool { type == "invalid_request_error" }
}
