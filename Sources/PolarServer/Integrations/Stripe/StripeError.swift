import PolarModels

/// A failed Stripe call: the HTTP status and Stripe's error object, whose members read
/// directly (`error.code`, `error.declineCode`).
@dynamicMemberLookup
struct StripeError: Error, Sendable {
    let status: Int
    let object: StripeErrorObject

    /// `envelope` is the response body, `{"error": {…}}`; anything else (a proxy's HTML page)
    /// becomes an `api_error` naming the status.
    init(status: Int, envelope: JSONValue?) {
        self.status = status
        object =
            envelope?["error"].flatMap { try? JSONValueDecoder().decode(StripeErrorObject.self, from: $0) }
            ?? StripeErrorObject(type: "api_error", message: "Stripe answered HTTP \(status) without an error object.")
    }

    subscript<Value>(dynamicMember member: KeyPath<StripeErrorObject, Value>) -> Value { object[keyPath: member] }

    /// stripe-python, whose exception classes Polar catches, picks them by status, not by
    /// `type`: 402 is a `CardError` (Polar's `PaymentMethodSetupFailed`) ...
    var isCardError: Bool { status == 402 }

    /// ... and 400 or 404 an `InvalidRequestError` (an unknown id, a used token, a payment
    /// method already detached), but for idempotency errors and the old 400 `rate_limit`.
    /// A 401 says `invalid_request_error` too, but is an `AuthenticationError`.
    var isInvalidRequest: Bool {
        (status == 400 || status == 404) && object.type != "idempotency_error" && object.code != "rate_limit"
    }
}

/// Stripe's error object: the envelope's `error`, or a SetupIntent's `last_setup_error`.
struct StripeErrorObject: Sendable, Hashable, Decodable {
    /// `card_error`, `invalid_request_error`, `api_error`, …
    var type: String
    var code: String?
    var declineCode: String?
    var message: String?
    var param: String?

    init(type: String, code: String? = nil, declineCode: String? = nil, message: String? = nil, param: String? = nil) {
        self.type = type
        self.code = code
        self.declineCode = declineCode
        self.message = message
        self.param = param
    }

    enum CodingKeys: String, CodingKey {
        case type, code, declineCode = "decline_code", message, param
    }
}
