import Hummingbird
import PolarModels

/// Stripe's error object and the status it comes with.
package struct StripeEmulatorError: Error, Sendable {
    package let status: HTTPResponse.Status
    package let object: JSONValue
    /// Whether the request's writes stand although it fails, as a declined card is recorded
    /// on its SetupIntent.
    let keepsChanges: Bool

    init(status: HTTPResponse.Status, object: JSONValue, keepsChanges: Bool = false) {
        self.status = status
        self.object = object
        self.keepsChanges = keepsChanges
    }

    init(status: HTTPResponse.Status, type: String, code: String? = nil, param: String? = nil, message: String) {
        var members: [JSONValue.Member] = []
        if let code { members.append(.init("code", .string(code))) }
        members.append(.init("message", .string(message)))
        if let param { members.append(.init("param", .string(param))) }
        members.append(.init("type", .string(type)))
        self.init(status: status, object: .object(members))
    }

    /// Stripe's `resource_missing`: 404 for the object the path names, 400 for one a
    /// parameter names.
    static func missing(_ object: String, _ id: String, param: String? = nil) -> StripeEmulatorError {
        let names = ["setup_intent": "setupintent", "payment_method": "PaymentMethod", "confirmation_token": "ConfirmationToken"]
        return StripeEmulatorError(
            status: param == nil ? .notFound : .badRequest, type: "invalid_request_error", code: "resource_missing",
            param: param ?? "id", message: "No such \(names[object] ?? object): '\(id)'")
    }
}
