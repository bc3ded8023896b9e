import Foundation
import PolarModels

/// Every error a ``Polar`` call throws: what went wrong (``code``), the HTTP status, and Polar's
/// error body where there is one. A struct, as the server ecosystem's clients use, so a new
/// kind of error is a new ``Code`` and no `switch` in your code stops compiling.
///
/// ```swift
/// do {
///     _ = try await polar.customers.create(CustomerCreate(email: "jane@example.com"))
/// } catch {
///     guard let validation = error.validation else { throw error }   // `error` is a PolarError: the calls throw nothing else
///     for problem in validation.detail { print(problem.loc, problem.msg) }   // e.g. ["body", "email"] "A customer with this email address already exists."
/// }
/// ```
public struct PolarError: Error, Sendable {
    /// What kind of error this is. Compare with `==`, or `switch` with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// 422: the request broke a schema or business rule; ``PolarError/validation`` lists
        /// each problem. Duplicate emails and external IDs land here too: Polar never answers 409.
        public static let validation = Code("validation")
        /// 404: the resource does not exist, was deleted, or is not visible to this token.
        public static let notFound = Code("notFound")
        /// 403 `CustomerNotReady`: the customer has no Stripe customer yet, so a payment method
        /// cannot be confirmed.
        public static let customerNotReady = Code("customerNotReady")
        /// 400 `PaymentMethodInUseByActiveSubscription`: the payment method still bills a
        /// subscription and no other method can take over.
        public static let paymentMethodInUse = Code("paymentMethodInUse")
        /// 400 `PaymentMethodSetupFailed`: Stripe declined the card being added; the body's
        /// `detail` holds Stripe's message for the customer.
        public static let paymentMethodSetupFailed = Code("paymentMethodSetupFailed")
        /// 401: no token, an unknown, expired or revoked token (`invalid_token`), a token of the
        /// wrong kind for this API (`Unauthorized`), or an invalid email-change token
        /// (`InvalidCustomerEmailUpdate`).
        public static let unauthorized = Code("unauthorized")
        /// 403: the token lacks a scope (`insufficient_scope`) or the caller lacks a permission
        /// (`NotPermitted`).
        public static let forbidden = Code("forbidden")
        /// 429: too many requests, after any retries. Wait ``PolarError/retryAfter`` (from the
        /// `Retry-After` header, when sent) before trying again.
        public static let rateLimited = Code("rateLimited")
        /// Any other status: 5xx, or a 4xx Polar does not document for the operation;
        /// ``PolarError/responseText`` is the body (Polar's 500 is plain `Internal Server Error`).
        public static let server = Code("server")
        /// A success response whose body did not have the expected shape.
        public static let decoding = Code("decoding")
        /// No response: the connection failed, was reset, or timed out (after any retries), or
        /// a streamed body broke off.
        public static let transport = Code("transport")
        /// Nothing was sent: the request body could not be encoded (a value JSON cannot hold,
        /// such as a non-finite number).
        public static let encoding = Code("encoding")

        /// The code's name, as written above (`notFound`).
        public var description: String { name }
    }

    /// What kind of error this is.
    public var code: Code
    /// The response's HTTP status; `nil` when no response came (``Code/transport``).
    public var status: Int?
    /// Polar's error body, `{"error": …, "detail": …}` (or OAuth's `error_description`), for
    /// 400, 401, 403 and 404 answers: `error` names it (`ResourceNotFound`, `insufficient_scope`).
    public var body: ErrorBody?
    /// A 422's body: each problem's location, message and type, as pydantic reports them.
    public var validation: HTTPValidationError?
    /// For ``Code/rateLimited``: how long to wait, when the server said.
    public var retryAfter: Duration?
    /// The response text of an answer with no Polar body (``Code/server``, ``Code/decoding``).
    public var responseText: String?
    /// What failed underneath, for ``Code/decoding``, ``Code/transport`` and ``Code/encoding``.
    public var underlying: (any Error)?

    /// Creates an error; the SDK makes these, and tests of code that uses it may too.
    public init(
        code: Code, status: Int? = nil, body: ErrorBody? = nil, validation: HTTPValidationError? = nil, retryAfter: Duration? = nil,
        responseText: String? = nil, underlying: (any Error)? = nil
    ) {
        self.code = code
        self.status = status
        self.body = body
        self.validation = validation
        self.retryAfter = retryAfter
        self.responseText = responseText
        self.underlying = underlying
    }

    /// No response came: `error` is why.
    static func transport(_ error: any Error) -> PolarError { PolarError(code: .transport, underlying: error) }
}

extension PolarError: CustomStringConvertible {
    /// A one-line summary naming the code and Polar's message.
    public var description: String {
        switch code {
        case .validation:
            let problems = (validation?.detail ?? []).map { "\($0.loc.map(\.text).joined(separator: ".")): \($0.msg)" }
            return "Polar validation error (\(validation?.error ?? "422")): \(problems.joined(separator: "; "))"
        case .rateLimited: return "Polar: rate limited; retry after \(retryAfter.map { "\($0)" } ?? "an unknown delay")"
        case .server: return "Polar: HTTP \(status ?? 0): \((responseText ?? "").prefix(200))"
        case .decoding: return "Polar: could not decode the HTTP \(status ?? 0) response: \(underlying.map { "\($0)" } ?? "")"
        case .transport: return "Polar: no response: \(underlying.map { "\($0)" } ?? "")"
        case .encoding: return "Polar: could not encode the request: \(underlying.map { "\($0)" } ?? "")"
        default:
            let words = code.description.reduce(into: "") { text, c in text += c.isUppercase ? " " + c.lowercased() : String(c) }
            return "Polar: \(words) (\(body?.error ?? "")\(body?.message.map { ": " + $0 } ?? ""))"
        }
    }
}

extension LocationItem {
    fileprivate var text: String {
        switch self {
        case .key(let key): key
        case .index(let index): String(index)
        }
    }
}

extension PolarError {
    /// Maps a non-success response to its code, decoding Polar's body where it has one.
    static func from(status: Int, headers: [(name: String, value: String)], body: [UInt8], now: Date) -> PolarError {
        let text = String(decoding: body, as: UTF8.self)
        let decoder = JSONValueDecoder()
        let errorBody = try? decoder.decode(ErrorBody.self, from: body)
        func error(_ code: Code, _ body: ErrorBody?) -> PolarError { PolarError(code: code, status: status, body: body) }
        switch status {
        case 401:
            return error(.unauthorized, errorBody ?? ErrorBody(error: "Unauthorized", detail: text.isEmpty ? nil : text))
        case 403:
            guard let errorBody else { return error(.forbidden, ErrorBody(error: "Forbidden", detail: text.isEmpty ? nil : text)) }
            return error(errorBody.error == "CustomerNotReady" ? .customerNotReady : .forbidden, errorBody)
        case 404:
            if let errorBody, errorBody.detail != nil { return error(.notFound, errorBody) }
            // Unknown routes and unsupported `Polar-Version` values answer Starlette's `{"detail":"Not Found"}`.
            let detail = (try? JSONValue.parse(body))?["detail"]?.stringValue ?? "Not Found"
            return error(.notFound, ErrorBody(error: "NotFound", detail: detail))
        case 422:
            if let validation = try? decoder.decode(HTTPValidationError.self, from: body) {
                return PolarError(code: .validation, status: status, validation: validation)
            }
            return PolarError(code: .server, status: status, responseText: text)
        case 400 where errorBody?.error == "PaymentMethodInUseByActiveSubscription":
            return error(.paymentMethodInUse, errorBody)
        case 400 where errorBody?.error == "PaymentMethodSetupFailed":
            return error(.paymentMethodSetupFailed, errorBody)
        case 429:
            let retryAfter = headers.first { $0.name.caseInsensitiveCompare("Retry-After") == .orderedSame }?.value
            return PolarError(code: .rateLimited, status: status, retryAfter: retryAfter.flatMap { RetryAfter.parse($0, now: now) })
        default:
            return PolarError(code: .server, status: status, responseText: text)
        }
    }
}

/// Reads a `Retry-After` header: delay seconds, or an HTTP date.
enum RetryAfter {
    static func parse(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
        if let seconds = Double(trimmed), seconds >= 0, seconds.isFinite { return .milliseconds(Int64(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }
}
