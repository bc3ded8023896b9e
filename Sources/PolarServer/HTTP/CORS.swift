import HTTPTypes
import Hummingbird
import NIOCore

/// Polar's CORS policy for its public API (Starlette's CORS middleware with any origin, no
/// credentials, every method, and only `Authorization` and `Polar-Version` beyond the
/// safelisted headers), so browser code such as a customer portal can call the API with a
/// session token.
enum CORS {
    static let allowedHeaders = ["Accept", "Accept-Language", "Authorization", "Content-Language", "Content-Type", "Polar-Version"]
    private static let allowedLowercased = Set(allowedHeaders.map { $0.lowercased() })

    /// The answer to a preflight request, or `nil` when `request` is not one.
    static func preflight(_ request: Request) -> Response? {
        guard request.method == .options, request.headers[.origin] != nil,
            request.headers[.accessControlRequestMethod] != nil
        else { return nil }
        let requested = (request.headers[.accessControlRequestHeaders] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        let headers: HTTPFields = [
            .accessControlAllowOrigin: "*", .accessControlAllowMethods: "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
            .accessControlMaxAge: "600", .accessControlAllowHeaders: allowedHeaders.joined(separator: ", "),
            .contentType: "text/plain; charset=utf-8",
        ]
        guard requested.allSatisfy(allowedLowercased.contains) else {
            return Response(status: .badRequest, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "Disallowed CORS headers")))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "OK")))
    }

    /// Adds the headers of a simple (non-preflight) cross-origin response.
    static func decorate(_ response: inout Response, for request: Request) {
        guard request.headers[.origin] != nil else { return }
        response.headers[.accessControlAllowOrigin] = "*"
        response.headers[.accessControlExposeHeaders] = "Polar-Version"
    }
}
