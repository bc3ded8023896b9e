import Hummingbird
import NIOCore
import PolarCompatibility
import PolarModels
import SQLKit

/// One request to the emulator, as its handlers see it: the object id in the path and the
/// form parameters (the query, for GET).
struct StripeEmulatorCall: Sendable {
    let id: String
    let params: QueryParameters
}

extension StripeEmulator {
    /// The endpoint's HTTP route: checks the key as Stripe does, reads the parameters, and
    /// answers the endpoint's object, or Stripe's error envelope.
    func route<Context: RequestContext>(_ endpoint: Endpoint) -> @Sendable (Request, Context) async throws -> Response {
        { request, context in
            var request = request
            do {
                try Self.checkKey(request.headers[.authorization])
                let form = request.method == .get ? request.uri.query : String(buffer: try await request.collectBody(upTo: 1 << 20))
                let call = StripeEmulatorCall(id: context.parameters.get("id") ?? "", params: QueryParameters(form))
                return Self.response(try await run(endpoint, call), status: .ok)
            } catch let error as StripeEmulatorError {
                return Self.response(.object(["error": error.object]), status: error.status)
            }
        }
    }

    /// Any test-mode secret key is accepted; Stripe's 401 otherwise.
    private static func checkKey(_ authorization: String?) throws {
        guard let authorization, authorization.hasPrefix("Bearer "), !authorization.dropFirst(7).isEmpty else {
            throw StripeEmulatorError(
                status: .unauthorized, type: "invalid_request_error",
                message: "You did not provide an API key. You need to provide your API key in the Authorization header, "
                    + "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').")
        }
        let key = authorization.dropFirst(7)
        guard key.hasPrefix("sk_test_") else {
            throw StripeEmulatorError(
                status: .unauthorized, type: "invalid_request_error", code: "api_key_invalid",
                message: "Invalid API Key provided: \(key.prefix(8))****\(key.suffix(4)). "
                    + "The emulator takes any test-mode secret key (sk_test_…).")
        }
    }

    private static func response(_ object: JSONValue, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: object.serialized)))
    }

    /// The object the path names, which must be of the `object` kind; Stripe's 404 otherwise.
    func fetch(_ object: String, _ call: StripeEmulatorCall, _ db: any SQLDatabase) async throws -> JSONValue {
        guard let found = try await store.get(call.id, on: db), found["object"]?.stringValue == object else {
            throw StripeEmulatorError.missing(object, call.id)
        }
        return found
    }
}
