import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The whole request path: a request id and one log line per request, then whichever of the
/// three surfaces the path names. The built-in Stripe emulator has a path prefix and Stripe's
/// rules; the web pages (``WebPages``: the customer portal, the dashboard and their assets) have
/// their own sign-in and call the API in process; everything else is Polar's API
/// (``APIResponder``).
struct PolarResponder<API: HTTPResponder>: HTTPResponder where API.Context == AppRequestContext {
    let api: API
    let web: WebPages?
    let stripeEmulator: (any HTTPResponder<AppRequestContext>)?

    /// Takes the caller's `X-Request-ID` (or makes one), echoes it, and logs method, route
    /// template (never the URL itself, whose query may hold a token), status and duration.
    func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let id = request.headers[.requestID].flatMap { $0.count <= 200 && $0.allSatisfy { $0.isASCII && !$0.isWhitespace } ? $0 : nil }
            ?? UUID().uuidString.lowercased()
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        var response: Response
        do {
            response = try await route(request, context: context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.requestID] = id
        let elapsed = ContinuousClock.now - started
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(context.endpointPath ?? "unmatched"),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(String(format: "%.2f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)),
            ])
        return response
    }

    private func route(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let stripeEmulator, request.uri.path.hasPrefix(PolarResponderPrefix.stripeEmulator + "/") {
            return try await stripeEmulator.respond(to: request, context: context)
        }
        if let web, WebPages.serves(request.uri.path) {
            return try await web.respond(to: request, context: context)
        }
        return try await api.respond(to: request, context: context)
    }
}

/// Polar's API: CORS, Polar's global middleware (version, limits, legacy paths), then
/// authentication, then the router. Both run before routing, as in Polar, so a bad version or
/// token is answered the same on every path, known or not.
struct APIResponder<RouterResponder: HTTPResponder>: HTTPResponder where RouterResponder.Context == AppRequestContext {
    let router: RouterResponder
    let preRouting = PreRoutingMiddleware<AppRequestContext>()
    let authentication: AuthenticationMiddleware

    func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        if let preflight = CORS.preflight(request) { return preflight }
        var response = try await preRouting.handle(request, context: context) { request, context in
            try await authentication.handle(request, context: context) { request, context in
                try await router.respond(to: request, context: context)
            }
        }
        CORS.decorate(&response, for: request)
        return response
    }
}

extension HTTPField.Name {
    /// `X-Request-ID`: a caller's id for a request, echoed, and in every log line about it.
    static let requestID = HTTPField.Name("X-Request-ID")!
}

/// Paths outside Polar's API that this server serves.
enum PolarResponderPrefix {
    static let stripeEmulator = "/stripe-emulator"
}
