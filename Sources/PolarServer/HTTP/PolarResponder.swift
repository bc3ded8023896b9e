import Hummingbird

/// The whole request path: CORS, Polar's global middleware (version, limits, legacy paths), then
/// authentication, then the router. Both run before routing, as in Polar, so a bad version or
/// token is answered the same on every path, known or not. The built-in Stripe emulator, when
/// served, has a path prefix of its own and Stripe's rules instead.
struct PolarResponder<RouterResponder: HTTPResponder>: HTTPResponder
where RouterResponder.Context == AppRequestContext {
    let router: RouterResponder
    let preRouting = PreRoutingMiddleware<AppRequestContext>()
    let authentication: AuthenticationMiddleware
    let stripeEmulator: (any HTTPResponder<AppRequestContext>)?

    func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        if let stripeEmulator, request.uri.path.hasPrefix(PolarResponderPrefix.stripeEmulator + "/") {
            return try await stripeEmulator.respond(to: request, context: context)
        }
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

/// Paths outside Polar's API that this server serves.
enum PolarResponderPrefix {
    static let stripeEmulator = "/stripe-emulator"
}
