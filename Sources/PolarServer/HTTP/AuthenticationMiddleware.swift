import Hummingbird

/// Resolves `Authorization: Bearer …` into a subject before routing, as Polar does: the prefix
/// picks the kind (organization access token or customer session), and a token that is not
/// found, revoked or expired — or has no known prefix — is a 401 `invalid_token` on any path.
/// No token leaves the request anonymous for the route to judge.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let database: Database
    let organizations: OrganizationStore
    let sessions: CustomerSessionStore
    let tokens: TokenIssuer
    let clock: ServerClock

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let token = Self.bearerToken(request) else { return try await next(request, context) }
        var context = context
        // Member sessions (`polar_mst_`) exist only in Polar's member model, which this server
        // does not run, so they are unknown like any other token.
        guard let subject = try await subject(token: token) else { throw APIError.invalidToken }
        context.subject = subject
        return try await next(request, context)
    }

    /// Who `token` acts as, or `nil` when it is not found, revoked, expired or of no known kind.
    /// The web pages sign in with the same tokens, so they ask here too.
    func subject(token: String) async throws -> AuthSubject? {
        let now = clock.now()
        if token.hasPrefix(TokenIssuer.organizationAccessTokenPrefix),
            let found = try await organizations.tokenAccess(hash: tokens.hash(token), now: now)
        {
            // Noted at most once a minute, off the request's path.
            if (found.lastUsedAt ?? 0) < now - 60_000_000 {
                Task { [database, organizations] in
                    try? await database.transaction { db in try await organizations.touchToken(id: found.id, now: now, on: db) }
                }
            }
            return .organization(found.access)
        } else if token.hasPrefix(TokenIssuer.customerSessionPrefix),
            let access = try await sessions.access(hash: tokens.hash(token), now: now)
        {
            return .customer(access)
        }
        return nil
    }

    /// The bearer token, if the header has one. The scheme is case-insensitive; a token with
    /// non-ASCII characters counts as no token, as in Polar.
    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        return token
    }
}
