import Hummingbird
import Logging
import NIOCore

/// The request context: Hummingbird's core storage plus who is calling.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by ``AuthenticationMiddleware`` from a valid bearer token; `nil` means anonymous.
    var subject: AuthSubject?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Polar's limit; ``RequestLimitsMiddleware`` answers 413 above it.
    var maxUploadSize: Int { RequestLimits.maxBodySize }

    /// The organization the caller acts for, once it is known to hold one of `scopes`.
    /// No subject is Polar's 401 `Unauthorized`; a token without any of the scopes is a 403.
    func requireOrganization(_ scopes: Set<Scope>) throws -> OrganizationAccess {
        guard case .organization(let access)? = subject else { throw APIError.unauthorized }
        guard !access.scopes.isDisjoint(with: scopes) else { throw APIError.insufficientScope(scopes) }
        return access
    }
}

/// Who a request acts as.
enum AuthSubject: Sendable {
    case organization(OrganizationAccess)
}

enum RequestLimits {
    /// Polar's `API_MAX_REQUEST_BODY_SIZE`: 10 MiB.
    static let maxBodySize = 10 * 1024 * 1024
}
