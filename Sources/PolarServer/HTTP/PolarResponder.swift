import Hummingbird

/// The whole request path: Polar's global middleware (version, limits, legacy paths), then
/// authentication, then the router. Both run before routing, as in Polar, so a bad version or
/// token is answered the same on every path, known or not.
struct PolarResponder<RouterResponder: HTTPResponder>: HTTPResponder
where RouterResponder.Context == AppRequestContext {
    let router: RouterResponder
    let preRouting = PreRoutingMiddleware<AppRequestContext>()
    let authentication: AuthenticationMiddleware

    func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        try await preRouting.handle(request, context: context) { request, context in
            try await authentication.handle(request, context: context) { request, context in
                try await router.respond(to: request, context: context)
            }
        }
    }
}
