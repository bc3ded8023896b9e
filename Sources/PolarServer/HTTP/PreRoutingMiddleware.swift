import HTTPTypes
import Hummingbird

/// What Polar does to every request before it is routed, in Polar's order: pick the API
/// version, enforce body limits, and map legacy paths.
struct PreRoutingMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Versions this server speaks; the first is the default when the header is absent. Polar's
    /// customer endpoints are identical in all three; `2027-01` is the next version, which
    /// polar-sdk 1.0 already ships a client for.
    static var supportedVersions: [String] { ["2026-04", "2026-10", "2027-01"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let version = request.headers[.polarVersion] ?? Self.supportedVersions[0]
        var response: Response
        if Self.supportedVersions.contains(version) {
            response = try await route(request, context: context, next: next)
        } else {
            response = try APIError.routeNotFound.response(from: request, context: context)
        }
        response.headers[.polarVersion] = version
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "private, no-store" }
        return response
    }

    private func route(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            if [.post, .put, .patch].contains(request.method) {
                guard let length = request.headers[.contentLength].flatMap(Int.init) else { throw APIError.lengthRequired }
                guard length <= RequestLimits.maxBodySize else { throw APIError.bodyTooLarge }
            }
            var request = request
            var deprecated = false
            if request.uri.path.hasPrefix("/api/v1/") {
                // Polar's old `/api/v1` prefix still works, with a deprecation notice.
                var head = request.head
                head.path = String(head.path?.dropFirst(4) ?? "")
                request = Request(head: head, body: request.body)
                deprecated = true
            }
            if let location = Self.slashRedirect(request.uri.path) {
                // Starlette redirects a path declared with(out) a trailing slash to its declared form.
                let query = request.uri.query.map { "?\($0)" } ?? ""
                return Response(status: .temporaryRedirect, headers: [.location: location + query])
            }
            var response = try await next(request, context)
            if deprecated {
                response.headers[HTTPField.Name("X-Polar-Deprecation-Notice")!] =
                    "The /api/v1 prefix is deprecated; use /v1 instead."
            }
            return response
        } catch let error as any HTTPResponseError {
            return try error.response(from: request, context: context)
        }
    }
}

extension PreRoutingMiddleware {
    /// Collections are declared with a trailing slash; the portal's other paths without one.
    static func slashRedirect(_ path: String) -> String? {
        if collections.contains(path + "/") { return path + "/" }
        if path.hasPrefix("/v1/customer-portal/"), path.hasSuffix("/"), !collections.contains(path) { return String(path.dropLast()) }
        return nil
    }

    /// The collections whose slashless path Starlette redirects.
    static var collections: Set<String> {
        [
            "/v1/customers/", "/v1/customer-sessions/", "/v1/customer-meters/", "/v1/customer-portal/meters/",
            "/v1/customer-portal/subscriptions/", "/v1/customer-portal/benefit-grants/",
        ]
    }
}

/// Answers a request no route matches with Starlette's `{"detail":"Not Found"}`. Added to the
/// router before any route, so it also wraps the router's own not-found responder.
struct RouteNotFoundMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            throw APIError.routeNotFound
        }
    }
}
