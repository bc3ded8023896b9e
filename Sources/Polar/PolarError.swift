import Foundation
import PolarModels

/// Every error a ``Polar`` call throws, carrying Polar's error body where there is one.
///
/// ```swift
/// do {
///     _ = try await polar.customers.create(CustomerCreate(email: "jane@example.com"))
/// } catch {
///     guard case .validation(let body) = error else { throw error }   // `error` is a PolarError: the calls throw nothing else
///     for error in body.detail { print(error.loc, error.msg) }   // e.g. ["body", "email"] "A customer with this email address already exists."
/// }
/// ```
public enum PolarError: Error, Sendable {
    /// 422: the request broke a schema or business rule. `error` is `RequestValidationError`
    /// or `PolarRequestValidationError`; `detail` lists each problem. Duplicate emails and
    /// external IDs land here too: Polar never answers 409.
    case validation(HTTPValidationError)
    /// 404: the resource does not exist, was deleted, or is not visible to this token.
    case notFound(ResourceNotFound)
    /// 403 `CustomerNotReady`: the customer has no Stripe customer yet, so a payment method
    /// cannot be confirmed.
    case customerNotReady(CustomerNotReady)
    /// 400 `PaymentMethodInUseByActiveSubscription`: the payment method still bills a
    /// subscription and no other method can take over.
    case paymentMethodInUse(PaymentMethodInUseByActiveSubscription)
    /// 400 `PaymentMethodSetupFailed`: Stripe declined the card being added; `detail` holds
    /// Stripe's message for the customer.
    case paymentMethodSetupFailed(PaymentMethodSetupFailed)
    /// 401: no token, an unknown, expired or revoked token (`invalid_token`), a token of the
    /// wrong kind for this API (`Unauthorized`), or an invalid email-change token
    /// (`InvalidCustomerEmailUpdate`).
    case unauthorized(ErrorBody)
    /// 403: the token lacks a scope (`insufficient_scope`) or the caller lacks a permission (`NotPermitted`).
    case forbidden(ErrorBody)
    /// 429: too many requests, after any retries. Wait `retryAfter` (from the `Retry-After`
    /// header, when sent) before trying again.
    case rateLimited(retryAfter: Duration?)
    /// Any other status: 5xx, or a 4xx Polar does not document for the operation. `body` is
    /// the response text (Polar's 500 is plain `Internal Server Error`).
    case server(status: Int, body: String)
    /// A success response whose body did not have the expected shape.
    case decoding(status: Int, body: String, underlying: any Error)
    /// No response: the connection failed, was reset, or timed out (after any retries), a
    /// streamed body broke off, or the request body could not be encoded.
    case transport(any Error)
}

extension PolarError: CustomStringConvertible {
    /// A one-line summary naming the case and Polar's message.
    public var description: String {
        switch self {
        case .validation(let body):
            let problems = body.detail.map { "\($0.loc.map(\.text).joined(separator: ".")): \($0.msg)" }
            return "Polar validation error (\(body.error ?? "422")): \(problems.joined(separator: "; "))"
        case .notFound(let body): return "Polar: not found (\(body.error): \(body.detail))"
        case .customerNotReady(let body): return "Polar: customer not ready (\(body.message ?? body.error))"
        case .paymentMethodInUse(let body): return "Polar: payment method in use (\(body.message ?? body.error))"
        case .paymentMethodSetupFailed(let body): return "Polar: payment method setup failed (\(body.message ?? body.error))"
        case .unauthorized(let body): return "Polar: unauthorized (\(body.error): \(body.message ?? ""))"
        case .forbidden(let body): return "Polar: forbidden (\(body.error): \(body.message ?? ""))"
        case .rateLimited(let retryAfter): return "Polar: rate limited; retry after \(retryAfter.map { "\($0)" } ?? "an unknown delay")"
        case .server(let status, let body): return "Polar: HTTP \(status): \(body.prefix(200))"
        case .decoding(let status, _, let underlying): return "Polar: could not decode the HTTP \(status) response: \(underlying)"
        case .transport(let error): return "Polar: no response: \(error)"
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
    /// Maps a non-success response to its case, decoding Polar's body where it has one.
    static func from(status: Int, headers: [(name: String, value: String)], body: [UInt8], now: Date) -> PolarError {
        let text = String(decoding: body, as: UTF8.self)
        let decoder = JSONValueDecoder()
        let errorBody = try? decoder.decode(ErrorBody.self, from: body)
        switch status {
        case 401:
            return .unauthorized(errorBody ?? ErrorBody(error: "Unauthorized", detail: text.isEmpty ? nil : text))
        case 403:
            guard let errorBody else { return .forbidden(ErrorBody(error: "Forbidden", detail: text.isEmpty ? nil : text)) }
            return errorBody.error == "CustomerNotReady" ? .customerNotReady(errorBody) : .forbidden(errorBody)
        case 404:
            if let notFound = try? decoder.decode(ResourceNotFound.self, from: body) { return .notFound(notFound) }
            // Unknown routes and unsupported `Polar-Version` values answer Starlette's `{"detail":"Not Found"}`.
            let detail = (try? JSONValue.parse(body))?["detail"]?.stringValue ?? "Not Found"
            return .notFound(ResourceNotFound(error: "NotFound", detail: detail))
        case 422:
            if let validation = try? decoder.decode(HTTPValidationError.self, from: body) { return .validation(validation) }
            return .server(status: status, body: text)
        case 400 where errorBody?.error == "PaymentMethodInUseByActiveSubscription":
            return .paymentMethodInUse(errorBody!)
        case 400 where errorBody?.error == "PaymentMethodSetupFailed":
            return .paymentMethodSetupFailed(errorBody!)
        case 429:
            let retryAfter = headers.first { $0.name.caseInsensitiveCompare("Retry-After") == .orderedSame }?.value
            return .rateLimited(retryAfter: retryAfter.flatMap { RetryAfter.parse($0, now: now) })
        default:
            return .server(status: status, body: text)
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
