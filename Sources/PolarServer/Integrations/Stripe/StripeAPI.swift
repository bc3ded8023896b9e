import AsyncHTTPClient
import HTTPTypes
import NIOCore
import NIOHTTP1
import PolarCompatibility
import PolarModels
import StripeEmulator

/// Where ``StripeClient``'s calls go: Stripe's REST API over HTTP (``HTTPStripeAPI``), or the
/// built-in emulator in this process (``EmbeddedStripeAPI``). Either answers the same call with
/// the same object, or throws Stripe's error as ``StripeError``.
protocol StripeAPI: Sendable {
    /// One call: form-encoded parameters in, Stripe's JSON object out.
    func send(_ method: HTTPRequest.Method, _ path: String, _ form: StripeForm) async throws -> JSONValue
}

/// Stripe itself, or anything that speaks its API, at `baseURL`.
struct HTTPStripeAPI: StripeAPI {
    let baseURL: String
    let secretKey: String
    let httpClient: HTTPClient

    /// The parameters go in the query for GET, in the body otherwise; Stripe's error envelope
    /// is thrown as ``StripeError``.
    func send(_ method: HTTPRequest.Method, _ path: String, _ form: StripeForm) async throws -> JSONValue {
        let encoded = form.encoded
        var request = HTTPClientRequest(url: baseURL + path + (method == .get && !encoded.isEmpty ? "?" + encoded : ""))
        request.method = HTTPMethod(rawValue: method.rawValue)
        request.headers.add(name: "Authorization", value: "Bearer \(secretKey)")
        if method != .get {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: encoded))
        }
        let response = try await httpClient.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 4 * 1024 * 1024)
        guard (200..<300).contains(response.status.code) else {
            throw StripeError(status: Int(response.status.code), envelope: try? JSONValue.parse(body.readableBytesView))
        }
        return try JSONValue.parse(body.readableBytesView)
    }
}

/// The built-in emulator, called in process: the parameters reach it exactly as its HTTP
/// routes would read them, with no socket and no port to know.
struct EmbeddedStripeAPI: StripeAPI {
    let emulator: StripeEmulator

    func send(_ method: HTTPRequest.Method, _ path: String, _ form: StripeForm) async throws -> JSONValue {
        do {
            return try await emulator.call(method, path, QueryParameters(form.encoded))
        } catch {
            throw StripeError(status: Int(error.status.code), envelope: .object(["error": error.object]))
        }
    }
}
