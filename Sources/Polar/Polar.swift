import AsyncHTTPClient
import Foundation

/// A client for Polar's customers API, its customer-portal API and customer sessions, talking
/// to Polar itself or any Polar-compatible server.
///
/// ```swift
/// let polar = Polar(accessToken: "polar_oat_…", server: .sandbox)
/// let customer = try await polar.customers.create(CustomerCreate(email: "jane@example.com"))
/// for try await customer in polar.customers.all(metadata: ["plan": "pro"]) { print(customer.email ?? "") }
/// ```
///
/// The client is a value: cheap to copy and safe to share across tasks. Every call throws
/// ``PolarError``.
public struct Polar: Sendable {
    /// The newest `Polar-Version` this SDK speaks, sent unless another is configured.
    public static let latestAPIVersion = "2026-10"

    /// Where the API lives.
    public struct Server: Sendable, Hashable {
        /// The base URL that `/v1/...` paths are appended to.
        public var baseURL: URL

        /// Creates a server from its base URL.
        /// - Parameter baseURL: E.g. `http://127.0.0.1:8080`; a path prefix is kept.
        public init(baseURL: URL) { self.baseURL = baseURL }

        /// Polar's production API, `https://api.polar.sh`.
        public static let production = Server(baseURL: URL(string: "https://api.polar.sh")!)
        /// Polar's sandbox API, `https://sandbox-api.polar.sh`, for test-mode organizations.
        public static let sandbox = Server(baseURL: URL(string: "https://sandbox-api.polar.sh")!)
        /// Any other Polar-compatible server, such as a self-hosted one.
        /// - Parameter baseURL: The server's base URL.
        /// - Returns: The server.
        public static func custom(_ baseURL: URL) -> Server { Server(baseURL: baseURL) }
    }

    /// Everything that shapes the requests a ``Polar`` client sends.
    public struct Configuration: Sendable {
        /// The bearer token: an organization access token (`polar_oat_…`), a personal access
        /// token (`polar_pat_…`), an OAuth token, or — for ``Polar/customerPortal`` — a customer
        /// session token (`polar_cst_…`).
        public var accessToken: String
        /// Where requests go.
        public var server: Server
        /// The `Polar-Version` header.
        public var apiVersion: String
        /// With a user token (personal or OAuth), the organization to create customers in and,
        /// when a call names none, to filter lists and exports by. Leave `nil` with an
        /// organization token: Polar rejects `organization_id` on create with one.
        public var organizationID: UUID?
        /// When failed requests are repeated.
        public var retryPolicy: RetryPolicy
        /// How long to wait for each response head.
        public var timeout: Duration
        /// The `User-Agent` header.
        public var userAgent: String

        /// Creates a configuration.
        /// - Parameters:
        ///   - accessToken: The bearer token.
        ///   - server: Where requests go.
        ///   - apiVersion: The `Polar-Version` header.
        ///   - organizationID: The default organization for a user token.
        ///   - retryPolicy: When failed requests are repeated.
        ///   - timeout: How long to wait for each response head.
        ///   - userAgent: The `User-Agent` header.
        public init(
            accessToken: String, server: Server = .production, apiVersion: String = Polar.latestAPIVersion,
            organizationID: UUID? = nil, retryPolicy: RetryPolicy = .default, timeout: Duration = .seconds(60),
            userAgent: String = "polar-swift/0.1"
        ) {
            self.accessToken = accessToken
            self.server = server
            self.apiVersion = apiVersion
            self.organizationID = organizationID
            self.retryPolicy = retryPolicy
            self.timeout = timeout
            self.userAgent = userAgent
        }
    }

    /// The configuration requests are built from.
    public var configuration: Configuration
    /// The transport requests are sent through.
    public let transport: any PolarTransport
    /// Clock, sleep and randomness, replaceable in tests.
    var hooks = Hooks()

    /// Creates a client.
    /// - Parameters:
    ///   - accessToken: The bearer token (see ``Configuration/accessToken``).
    ///   - server: `.production`, `.sandbox` or `.custom(url)`.
    ///   - apiVersion: The `Polar-Version` header; the newest this SDK speaks by default.
    ///   - organizationID: The default organization for a user token.
    ///   - retryPolicy: When failed requests are repeated; `.none` to never retry.
    ///   - transport: How requests are sent; AsyncHTTPClient's shared client by default.
    public init(
        accessToken: String, server: Server = .production, apiVersion: String = Polar.latestAPIVersion,
        organizationID: UUID? = nil, retryPolicy: RetryPolicy = .default, transport: any PolarTransport = HTTPClient.shared
    ) {
        self.init(
            configuration: Configuration(
                accessToken: accessToken, server: server, apiVersion: apiVersion, organizationID: organizationID,
                retryPolicy: retryPolicy),
            transport: transport)
    }

    /// Creates a client from a full configuration.
    /// - Parameters:
    ///   - configuration: How requests are built.
    ///   - transport: How requests are sent; AsyncHTTPClient's shared client by default.
    public init(configuration: Configuration, transport: any PolarTransport = HTTPClient.shared) {
        self.configuration = configuration
        self.transport = transport
    }

    /// A copy of this client that sends another bearer token, e.g. a customer session token
    /// for ``customerPortal``.
    /// - Parameter accessToken: The token the copy sends.
    /// - Returns: The copy; this client is unchanged.
    public func withAccessToken(_ accessToken: String) -> Polar {
        var copy = self
        copy.configuration.accessToken = accessToken
        return copy
    }

    /// The organization-side customers API, `/v1/customers/`.
    public var customers: Customers { Customers(client: self) }

    /// The customer portal API, `/v1/customer-portal/`, which a customer uses about
    /// themself. Authenticate with a customer session token:
    /// `polar.withAccessToken(session.token).customerPortal`.
    public var customerPortal: CustomerPortal { CustomerPortal(client: self) }

    /// Customer sessions, `/v1/customer-sessions/`: mint the tokens ``customerPortal`` needs.
    public var customerSessions: CustomerSessions { CustomerSessions(client: self) }
}

extension Polar {
    /// What the client takes from its surroundings, swapped out by tests.
    struct Hooks: Sendable {
        var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
        var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
        var now: @Sendable () -> Date = { Date() }
    }
}
