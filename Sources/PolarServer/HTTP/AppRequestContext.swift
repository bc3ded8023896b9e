import Foundation
import Hummingbird
import Logging
import NIOCore

/// The request context: Hummingbird's core storage plus who is calling.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by ``AuthenticationMiddleware`` from a valid bearer token; `nil` means anonymous.
    var subject: AuthSubject?
    /// The peer's IP address, which identifies an anonymous caller to the rate limiter.
    let peerAddress: String?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Polar's limit; ``RequestLimitsMiddleware`` answers 413 above it.
    var maxUploadSize: Int { RequestLimits.maxBodySize }

    /// The organization the caller acts for, once it is known to hold one of `scopes`.
    /// No subject is Polar's 401 `Unauthorized`; a token without any of the scopes is a 403.
    /// The customer a portal request acts as. Anything but a customer session — no token, an
    /// organization token — is Polar's 401 `Unauthorized`. Sessions always carry
    /// `customer_portal:write`, so the portal has no scope failure.
    func requireCustomer() throws -> CustomerAccess {
        guard case .customer(let access)? = subject else { throw APIError.unauthorized }
        return access
    }

    func requireOrganization(_ scopes: Set<Scope>) throws -> OrganizationAccess {
        guard case .organization(let access)? = subject else { throw APIError.unauthorized }
        guard !access.scopes.isDisjoint(with: scopes) else { throw APIError.insufficientScope(scopes) }
        return access
    }

    /// A version-4 UUID path parameter, or Polar's 422 at `["path", name]`.
    func pathUUID(_ name: String) throws -> UUID {
        var reader = InputReader()
        let id = reader.uuid4(.string(parameters.get(name) ?? ""), at: ["path", .key(name)])
        try reader.check()
        return id!
    }
}

/// Who a request acts as.
enum AuthSubject: Sendable {
    case organization(OrganizationAccess)
    case customer(CustomerAccess)
}

enum RequestLimits {
    /// Polar's `API_MAX_REQUEST_BODY_SIZE`: 10 MiB.
    static let maxBodySize = 10 * 1024 * 1024
}
