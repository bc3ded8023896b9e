import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PolarModels
import PolarServer

@main
struct PolarServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "polar-server",
        abstract: "A self-hostable customers service that speaks Polar's API.",
        subcommands: [
            Serve.self, OrganizationCommand.self, TokenCommand.self, CustomersCommand.self, SubscriptionCommand.self,
            ClockCommand.self, Backup.self, Restore.self,
        ],
        defaultSubcommand: Serve.self)
}

/// `--database`, shared by every subcommand.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Database URL, e.g. sqlite:///var/lib/polar/polar.sqlite. Defaults to $POLAR_DATABASE_URL, else ./.polar/polar.sqlite.")
    var database: String?

    @Option(name: .long, help: "Database connections per CPU core. Defaults to $POLAR_DATABASE_POOL_SIZE, else 4.")
    var databasePoolSize: Int?

    var poolSize: Int {
        databasePoolSize ?? ProcessInfo.processInfo.environment["POLAR_DATABASE_POOL_SIZE"].flatMap(Int.init) ?? 4
    }

    func url() throws -> DatabaseURL {
        if let text = database ?? ProcessInfo.processInfo.environment["POLAR_DATABASE_URL"], !text.isEmpty {
            return try DatabaseURL(parsing: text)
        }
        return .embeddedDefault
    }

    /// Runs `body` against the migrated database, closing it afterwards; a refusal of the
    /// server's is the command's error.
    func withContext<T>(_ body: (ServerContext) async throws -> T) async throws -> T {
        var logger = Logger(label: "polar-server")
        logger.logLevel = .warning
        do {
            return try await ServerContext.with(try url(), logger: logger, body)
        } catch let error as OperatorError {
            throw ValidationError(error.description)
        }
    }
}

/// An id given on the command line.
func uuid(_ text: String) throws -> UUID {
    guard let id = UUID(uuidString: text) else { throw ValidationError("Not a UUID: \(text)") }
    return id
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server (the default command).")

    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical).") var logLevel: String = "info"
    @Option(help: "Where clients reach this service, e.g. https://billing.example.com; every link it hands out starts there. Defaults to $POLAR_PUBLIC_URL, else the address it listens on.")
    var publicURL: String?
    @Option(help: "Base URL of a customer portal hosted elsewhere, for session, email-change and return links. Defaults to $POLAR_PORTAL_BASE_URL, else this service (--public-url).")
    var portalBaseURL: String?
    @Option(name: .customLong("allowed-return-host"), help: "A host (or host:port) a payment method's return_url may point at, repeatable. Defaults to $POLAR_ALLOWED_RETURN_HOSTS (comma-separated), else the portal's host.")
    var allowedReturnHosts: [String] = []
    @Option(help: "Mail server for outgoing email, smtp://[user:password@]host[:port] or smtps://…. Defaults to $POLAR_SMTP_URL; without one, email waits in the outbox (and the log).")
    var smtpURL: String?
    @Option(help: "The From of outgoing email. Defaults to $POLAR_EMAIL_SENDER, else 'Polar <noreply@localhost>'.")
    var emailSender: String?
    @Option(help: "Stripe secret key for payment methods. Defaults to $POLAR_STRIPE_SECRET_KEY; without one, the built-in Stripe test-mode emulator is used.")
    var stripeSecretKey: String?
    @Option(help: "Stripe API base URL. Defaults to $POLAR_STRIPE_API_BASE, else https://api.stripe.com.")
    var stripeAPIBase: String?
    @Option(help: "Stripe publishable key: the portal page collects cards with Stripe.js. Defaults to $POLAR_STRIPE_PUBLISHABLE_KEY; without one, the page offers Stripe's test cards.")
    var stripePublishableKey: String?
    @Option(name: .customLong("webhook-allowed-host"), help: "A host webhook endpoints may name even over http or at a private address, repeatable. Defaults to $POLAR_WEBHOOK_ALLOWED_HOSTS (comma-separated).")
    var webhookAllowedHosts: [String] = []
    @Flag(help: "Let webhook endpoints use http and local or private addresses (the default when listening on loopback only). Also $POLAR_WEBHOOK_LOCAL_NETWORKS=1.")
    var webhookLocalNetworks = false
    @Option(help: "Seconds before the first webhook retry; later ones double (Polar: 2). Shorten it to test retries locally. Defaults to $POLAR_WEBHOOK_RETRY_BASE, else 2.")
    var webhookRetryBase: Double?
    @Flag(help: "Give new webhook secrets the Standard Webhooks form (whsec_ + base64 key) instead of Polar's original one, which every Polar SDK verifies.")
    var webhookStandardSignatures = false
    @Option(name: .customLong("trusted-proxy"), help: "A proxy (CIDR or address) whose True-Client-IP header is believed, repeatable. Defaults to $POLAR_TRUSTED_PROXIES (comma-separated), else none: the peer address counts.")
    var trustedProxies: [String] = []
    @Option(help: "Polar's general API limit: requests a minute per organization, customer or client address (Polar's: 500), answered 429 with Retry-After beyond it. Defaults to $POLAR_RATE_LIMIT, else none.")
    var rateLimit: Int?
    @Option(help: "Port for Prometheus metrics (GET /metrics), apart from the API. Defaults to $POLAR_METRICS_PORT, else none.")
    var metricsPort: Int?
    @Option(help: "Address the metrics port listens on. Defaults to $POLAR_METRICS_HOSTNAME, else 127.0.0.1.")
    var metricsHostname: String?
    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("Unknown log level \(logLevel)")
        }
        let environment = ProcessInfo.processInfo.environment
        let publicURL = try Self.baseURL(publicURL ?? environment["POLAR_PUBLIC_URL"], option: "--public-url")
        let portalBaseURL = try Self.baseURL(portalBaseURL ?? environment["POLAR_PORTAL_BASE_URL"], option: "--portal-base-url")
        let smtp = try (smtpURL ?? environment["POLAR_SMTP_URL"]).flatMap { $0.isEmpty ? nil : try SMTPURL(parsing: $0) }
        let stripe: StripeSettings =
            if let key = stripeSecretKey ?? environment["POLAR_STRIPE_SECRET_KEY"], !key.isEmpty {
                .api(baseURL: stripeAPIBase ?? environment["POLAR_STRIPE_API_BASE"] ?? "https://api.stripe.com", secretKey: key)
            } else {
                .emulator
            }
        var configuration =
            ServerConfiguration(
                hostname: hostname, port: port, database: try options.url(), databasePoolSize: options.poolSize,
                logLevel: level, publicURL: publicURL, portalBaseURL: portalBaseURL,
                allowedReturnHosts: allowedReturnHosts.isEmpty
                    ? (environment["POLAR_ALLOWED_RETURN_HOSTS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    : allowedReturnHosts,
                stripe: stripe, smtpURL: smtp,
                emailSender: emailSender ?? environment["POLAR_EMAIL_SENDER"] ?? "Polar <noreply@localhost>",
                webhooks: WebhookSettings(
                    retryBase: .milliseconds(Int64(1000 * (webhookRetryBase ?? environment["POLAR_WEBHOOK_RETRY_BASE"].flatMap(Double.init) ?? 2))),
                    standardSignatures: webhookStandardSignatures),
                webhookURLPolicy: webhookURLPolicy(environment),
                trustedProxies: try TrustedProxies(
                    parsing: trustedProxies.isEmpty
                        ? (environment["POLAR_TRUSTED_PROXIES"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                            .filter { !$0.isEmpty }
                        : trustedProxies))
        configuration.apiRateLimit = rateLimit ?? environment["POLAR_RATE_LIMIT"].flatMap(Int.init)
        if let limit = configuration.apiRateLimit, limit < 1 { throw ValidationError("--rate-limit must be at least 1") }
        configuration.stripePublishableKey = (stripePublishableKey ?? environment["POLAR_STRIPE_PUBLISHABLE_KEY"]).flatMap { $0.isEmpty ? nil : $0 }
        configuration.metricsPort = metricsPort ?? environment["POLAR_METRICS_PORT"].flatMap(Int.init)
        configuration.metricsHostname = metricsHostname ?? environment["POLAR_METRICS_HOSTNAME"] ?? "127.0.0.1"
        try await buildApplication(configuration).runService()
    }

    /// Where webhooks may go: the loopback default unless hosts or local networks are allowed.
    private func webhookURLPolicy(_ environment: [String: String]) -> WebhookURLPolicy? {
        let hosts = webhookAllowedHosts.isEmpty
            ? (environment["POLAR_WEBHOOK_ALLOWED_HOSTS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            : webhookAllowedHosts
        let local = webhookLocalNetworks || environment["POLAR_WEBHOOK_LOCAL_NETWORKS"] == "1"
        guard local || !hosts.isEmpty else { return nil }
        return WebhookURLPolicy(
            allowsLocalNetworks: local || WebhookURLPolicy.default(hostname: hostname).allowsLocalNetworks,
            allowedHosts: Set(hosts.filter { !$0.isEmpty }.map { $0.lowercased() }))
    }

    /// An `http(s)://host…` URL, or `nil` when not given.
    private static func baseURL(_ text: String?, option: String) throws -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard let components = URLComponents(string: text), ["http", "https"].contains(components.scheme?.lowercased()),
            components.host?.isEmpty == false, components.query == nil, components.fragment == nil
        else { throw ValidationError("\(option) takes an http:// or https:// URL with a host, got \(text)") }
        return text
    }
}

struct OrganizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organization", abstract: "Manage organizations.", subcommands: [Create.self, Update.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an organization and print its id.")

        @Argument(help: "A unique name.") var name: String
        @Flag(inversion: .prefixedNo, help: "Whether it may use test clocks; --no-test-mode for an organization that bills for real.")
        var testMode = true
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let organization = try await options.withContext { try await $0.createOrganization(name: name, testMode: testMode) }
            print(organization.id.uuidString.lowercased())
        }
    }
}

extension OrganizationCommand {
    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an organization's customer portal settings or test mode.")

        @Argument(help: "The organization's name or id.") var organization: String
        @Flag(inversion: .prefixedNo, help: "Whether customers may change their email from the portal.")
        var allowEmailChange: Bool?
        @Flag(inversion: .prefixedNo, help: "Whether it may use test clocks (clocks it has keep running).")
        var testMode: Bool?
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await options.withContext { context in
                guard let found = try await context.findOrganization(organization) else {
                    throw ValidationError("No organization named or with id \(organization)")
                }
                if let allowEmailChange { try await context.setAllowEmailChange(organizationID: found.id, allowEmailChange) }
                if let testMode { try await context.setTestMode(organizationID: found.id, testMode) }
            }
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage organization access tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an organization access token and print it (it is shown only once).")

        @Option(help: "The organization's name or id.") var organization: String
        @Option(name: .customLong("scope"), help: "A scope to grant (repeatable); every scope when none is given.")
        var scopes: [String] = []
        @Option(help: "How long the token is valid, e.g. 90d, 12h, 30m or 3600s; forever when not given.")
        var expiresIn: String?
        @Option(help: "A note to tell tokens apart in `token list`.")
        var comment = ""
        @OptionGroup var options: DatabaseOptions

        func validate() throws {
            let unknown = scopes.filter { !ServerContext.allScopes.contains($0) }
            guard unknown.isEmpty else {
                throw ValidationError("Unknown scope(s): \(unknown.joined(separator: ", "))")
            }
            if let expiresIn, Self.duration(expiresIn) == nil {
                throw ValidationError("--expires-in takes a number and a unit (s, m, h or d), e.g. 90d")
            }
        }

        static func duration(_ text: String) -> Duration? {
            guard let unit = text.last, let number = Int64(text.dropLast()), number > 0 else { return nil }
            let seconds: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
            return seconds[unit].map { .seconds(number * $0) }
        }

        func run() async throws {
            let token = try await options.withContext { context in
                guard let found = try await context.findOrganization(organization) else {
                    throw ValidationError("No organization named or with id \(organization)")
                }
                return try await context.createToken(
                    organizationID: found.id, scopes: scopes.isEmpty ? nil : scopes, comment: comment,
                    expiresIn: expiresIn.flatMap(Self.duration))
            }
            print(token)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List an organization's tokens: id, scopes, comment, created, expires, last used (never the token).")

        @Option(help: "The organization's name or id.") var organization: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let tokens = try await options.withContext { context in
                guard let found = try await context.findOrganization(organization) else {
                    throw ValidationError("No organization named or with id \(organization)")
                }
                return try await context.listTokens(organizationID: found.id)
            }
            func time(_ microseconds: Int64?) -> String { microseconds.map { PolarTimestamp.format(microseconds: $0) } ?? "-" }
            print(["ID", "CREATED", "EXPIRES", "LAST USED", "COMMENT", "SCOPES"].joined(separator: "\t"))
            for token in tokens {
                let scopes = token.scopes.count == ServerContext.allScopes.count ? "(all)" : token.scopes.joined(separator: " ")
                print(
                    [token.id.uuidString.lowercased(), time(token.createdAt), time(token.expiresAt), time(token.lastUsedAt), token.comment, scopes]
                        .joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token; it is refused from the next request on.")

        @Argument(help: "The token's id, as `token list` shows it.") var id: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let tokenID = try uuid(id)
            guard try await options.withContext({ try await $0.revokeToken(id: tokenID) }) else {
                throw ValidationError("No live token with id \(id)")
            }
        }
    }
}

struct SubscriptionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscription", abstract: "Manage subscriptions (operator tools).", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a subscription to a recurring product, paid or free, as a completed checkout would, and print its id.",
            discussion: "It is active at once, for a current period starting now, and grants the product's benefits.")

        @Option(help: "The customer's id.") var customer: String
        @Option(help: "The recurring product's id.") var product: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let (customerID, productID) = (try uuid(customer), try uuid(product))
            let id = try await options.withContext { try await $0.createSubscription(customerID: customerID, productID: productID) }
            print(id.uuidString.lowercased())
        }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the SQLite database to FILE, while the server runs.")

    @Argument(help: "A new file for the copy.") var file: String
    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        try await SQLiteBackup.backup(try options.url(), to: file)
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the SQLite database with a backup, after checking it; every server on it must be stopped.")

    @Argument(help: "A file written by `polar-server backup`.") var file: String
    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        try await SQLiteBackup.restore(try options.url(), from: file)
    }
}
