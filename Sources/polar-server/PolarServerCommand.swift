import ArgumentParser
import Configuration
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
        help: "Database URL, e.g. sqlite:///var/lib/polar/polar.sqlite. Also $POLAR_DATABASE_URL; default \(ServerConfiguration().database).")
    var database: String?

    @Option(
        name: .long, help: "Database connections per CPU core. Also $POLAR_DATABASE_POOL_SIZE; default \(ServerConfiguration().databasePoolSize).")
    var databasePoolSize: Int?

    /// These options under the keys ``ServerConfiguration/init(reading:)`` reads.
    var flags: [String: ConfigValue] {
        var flags: [String: ConfigValue] = [:]
        flags["database.url"] = database.map { ConfigValue(.string($0), isSecret: true) }
        flags["database.pool.size"] = databasePoolSize.map { ConfigValue(.int($0), isSecret: false) }
        return flags
    }

    /// The configuration from these flags, then the environment, then the defaults.
    func configuration(_ more: [String: ConfigValue] = [:]) throws -> ServerConfiguration {
        do {
            return try ServerConfiguration(reading: ServerConfiguration.reader(flags: flags.merging(more) { $1 }))
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    func url() throws -> DatabaseURL { try configuration().database }

    /// Runs `body` against the migrated database, closing it afterwards; a refusal of the
    /// server's is the command's error.
    func withContext<T>(_ body: (ServerContext) async throws -> T) async throws -> T {
        var logger = Logger(label: "polar-server")
        logger.logLevel = .warning
        let configuration = try configuration()
        do {
            return try await ServerContext.with(configuration.database, secret: configuration.secret, logger: logger, body)
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
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP server (the default command).",
        discussion: "Every option can also be set by its environment variable, named in its help; a flag wins over the environment.")

    private static let defaults = ServerConfiguration()

    @Option(help: "Address to listen on. Also $POLAR_HOSTNAME; default \(defaults.hostname).") var hostname: String?
    @Option(help: "Port to listen on. Also $POLAR_PORT; default \(defaults.port).") var port: Int?
    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical). Also $POLAR_LOG_LEVEL; default \(defaults.logLevel).")
    var logLevel: String?
    @Option(help: "Where clients reach this service, e.g. https://billing.example.com; every link it hands out starts there. Also $POLAR_PUBLIC_URL; default the address it listens on.")
    var publicURL: String?
    @Option(help: "Base URL of a customer portal hosted elsewhere, for session, email-change and return links. Also $POLAR_PORTAL_BASE_URL; default this service (--public-url).")
    var portalBaseURL: String?
    @Option(name: .customLong("allowed-return-host"), help: "A host (or host:port) a payment method's return_url may point at, repeatable. Also $POLAR_ALLOWED_RETURN_HOSTS (comma-separated); default the portal's host.")
    var allowedReturnHosts: [String] = []
    @Option(help: "Mail server for outgoing email, smtp://[user:password@]host[:port] or smtps://…. Also $POLAR_SMTP_URL; without one, email waits in the outbox (and the log).")
    var smtpURL: String?
    @Option(help: "The From of outgoing email. Also $POLAR_EMAIL_SENDER; default '\(defaults.emailSender)'.")
    var emailSender: String?
    @Option(help: "Stripe secret key for payment methods. Also $POLAR_STRIPE_SECRET_KEY; without one, the built-in Stripe test-mode emulator is used.")
    var stripeSecretKey: String?
    @Option(help: "Stripe API base URL. Also $POLAR_STRIPE_API_BASE; default https://api.stripe.com.")
    var stripeAPIBase: String?
    @Option(help: "Stripe publishable key: the portal page collects cards with Stripe.js. Also $POLAR_STRIPE_PUBLISHABLE_KEY; without one, the page offers Stripe's test cards.")
    var stripePublishableKey: String?
    @Option(name: .customLong("webhook-allowed-host"), help: "A host webhook endpoints may name even over http or at a private address, repeatable. Also $POLAR_WEBHOOK_ALLOWED_HOSTS (comma-separated).")
    var webhookAllowedHosts: [String] = []
    @Flag(help: "Let webhook endpoints use http and local or private addresses (the default when listening on loopback only). Also $POLAR_WEBHOOK_LOCAL_NETWORKS=1.")
    var webhookLocalNetworks = false
    @Option(help: "Seconds before the first webhook retry; later ones double (Polar: 2). Shorten it to test retries locally. Also $POLAR_WEBHOOK_RETRY_BASE; default \(Int(defaults.webhooks.retryBase.components.seconds)).")
    var webhookRetryBase: Double?
    @Flag(help: "Give new webhook secrets the Standard Webhooks form (whsec_ + base64 key) instead of Polar's original one, which every Polar SDK verifies. Also $POLAR_WEBHOOK_STANDARD_SIGNATURES=1.")
    var webhookStandardSignatures = false
    @Option(name: .customLong("trusted-proxy"), help: "A proxy (CIDR or address) whose True-Client-IP header is believed, repeatable. Also $POLAR_TRUSTED_PROXIES (comma-separated); default none: the peer address counts.")
    var trustedProxies: [String] = []
    @Option(help: "Polar's general API limit: requests a minute per organization, customer or client address (Polar's: 500), answered 429 with Retry-After beyond it. Also $POLAR_RATE_LIMIT; default none.")
    var rateLimit: Int?
    @Option(help: "Port for Prometheus metrics (GET /metrics), apart from the API. Also $POLAR_METRICS_PORT; default none.")
    var metricsPort: Int?
    @Option(help: "Address the metrics port listens on. Also $POLAR_METRICS_HOSTNAME; default \(defaults.metricsHostname).")
    var metricsHostname: String?
    @OptionGroup var options: DatabaseOptions

    /// The flags given, under the keys ``ServerConfiguration/init(reading:)`` reads; a flag not
    /// given leaves the environment's value, or the default.
    private var flags: [String: ConfigValue] {
        func text(_ value: String?, secret: Bool = false) -> ConfigValue? { value.map { ConfigValue(.string($0), isSecret: secret) } }
        func list(_ values: [String]) -> ConfigValue? { values.isEmpty ? nil : ConfigValue(.stringArray(values), isSecret: false) }
        func number(_ value: Int?) -> ConfigValue? { value.map { ConfigValue(.int($0), isSecret: false) } }
        func on(_ flag: Bool) -> ConfigValue? { flag ? ConfigValue(.bool(true), isSecret: false) : nil }
        let flags: [String: ConfigValue?] = [
            "hostname": text(hostname), "port": number(port), "log.level": text(logLevel), "public.url": text(publicURL),
            "portal.base.url": text(portalBaseURL), "allowed.return.hosts": list(allowedReturnHosts),
            "smtp.url": text(smtpURL, secret: true), "email.sender": text(emailSender),
            "stripe.secret.key": text(stripeSecretKey, secret: true), "stripe.api.base": text(stripeAPIBase),
            "stripe.publishable.key": text(stripePublishableKey), "webhook.allowed.hosts": list(webhookAllowedHosts),
            "webhook.local.networks": on(webhookLocalNetworks),
            "webhook.retry.base": webhookRetryBase.map { ConfigValue(.double($0), isSecret: false) },
            "webhook.standard.signatures": on(webhookStandardSignatures), "trusted.proxies": list(trustedProxies),
            "rate.limit": number(rateLimit), "metrics.port": number(metricsPort), "metrics.hostname": text(metricsHostname),
        ]
        return flags.compactMapValues { $0 }
    }

    func run() async throws {
        try await buildApplication(try options.configuration(flags)).runService()
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
