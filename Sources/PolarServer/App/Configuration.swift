import Configuration
import Foundation
import Logging

/// How to run the server.
public struct ServerConfiguration: Sendable {
    public var hostname: String
    public var port: Int
    public var database: DatabaseURL
    /// Database connections per event loop (one event loop per core).
    public var databasePoolSize: Int
    public var logLevel: Logger.Level
    /// Where this service is reached from outside (scheme, host, any port and path prefix), e.g.
    /// `https://billing.example.com`: every link it hands out starts there. `nil`: the address
    /// it listens on.
    public var publicURL: String?
    /// Where the customer portal is served, for a portal hosted elsewhere; customer session,
    /// email-change and payment-method return links point into it. `nil`: this service
    /// (``publicURL``).
    public var portalBaseURL: String?
    /// Hosts (`host` or `host:port`) a payment method's `return_url` may point at as is; others
    /// are replaced by the portal. Empty means the portal's own host.
    public var allowedReturnHosts: [String]
    /// The Stripe that saves payment methods.
    public var stripe: StripeSettings
    /// The mail server that delivers the email outbox; without one, mail waits in the outbox.
    public var smtpURL: SMTPURL?
    /// The `From` of every email.
    public var emailSender: String
    /// How webhooks are delivered.
    public var webhooks: WebhookSettings
    /// Where webhook endpoints may point; `nil`: ``WebhookURLPolicy/default(hostname:)``.
    public var webhookURLPolicy: WebhookURLPolicy?
    /// What "now" is: the system's time, unless a test sets another.
    public var clock: ServerClock = .system
    /// The proxies whose `True-Client-IP` is believed; none by default.
    public var trustedProxies: TrustedProxies
    /// Polar's general API limit: requests a minute per organization, customer or client
    /// address on `/v1` (Polar's production figure is 500); none when `nil`.
    public var apiRateLimit: Int? = nil
    /// Stripe's publishable key, with which the portal page collects cards through Stripe.js;
    /// without one it offers Stripe's test cards (the emulator's, or a test-mode account's).
    public var stripePublishableKey: String? = nil
    /// Where Prometheus metrics are served (`GET /metrics`), apart from the API so they are never
    /// public by accident; none when `nil`.
    public var metricsPort: Int? = nil
    /// The address the metrics port listens on.
    public var metricsHostname = "127.0.0.1"
    /// The key token hashes are made with; `nil`: one generated on first start and kept in the
    /// database, so every replica and command-line run agrees.
    public var secret: String? = nil

    public init(
        hostname: String = "127.0.0.1", port: Int = 8080, database: DatabaseURL = .embeddedDefault,
        databasePoolSize: Int = 4, logLevel: Logger.Level = .info, publicURL: String? = nil, portalBaseURL: String? = nil,
        allowedReturnHosts: [String] = [], stripe: StripeSettings = .emulator, smtpURL: SMTPURL? = nil, emailSender: String = "Polar <noreply@localhost>",
        webhooks: WebhookSettings = WebhookSettings(), webhookURLPolicy: WebhookURLPolicy? = nil, trustedProxies: TrustedProxies = .none
    ) {
        self.hostname = hostname
        self.port = port
        self.database = database
        self.databasePoolSize = databasePoolSize
        self.logLevel = logLevel
        self.publicURL = publicURL
        self.portalBaseURL = portalBaseURL
        self.allowedReturnHosts = allowedReturnHosts
        self.stripe = stripe
        self.smtpURL = smtpURL
        self.emailSender = emailSender
        self.webhooks = webhooks
        self.webhookURLPolicy = webhookURLPolicy
        self.trustedProxies = trustedProxies
    }
}

extension ServerConfiguration {
    /// Every option, each read once from `config` under the `polar` scope: the command line
    /// puts its flags there (`--public-url` as `polar.public.url`) ahead of the environment
    /// (`POLAR_PUBLIC_URL`). An option given nowhere keeps its default in `ServerConfiguration()`;
    /// an empty value counts as not given.
    public init(reading config: ConfigReader) throws {
        let polar = config.scoped(to: "polar")
        func text(_ key: ConfigKey) -> String? { polar.string(forKey: key).flatMap { $0.isEmpty ? nil : $0 } }
        func list(_ key: ConfigKey) -> [String] {
            (polar.stringArray(forKey: key) ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        self.init()
        hostname = text("hostname") ?? hostname
        port = polar.int(forKey: "port") ?? port
        if let url = text("database.url") { database = try DatabaseURL(parsing: url) }
        databasePoolSize = polar.int(forKey: "database.pool.size") ?? databasePoolSize
        if let level = text("log.level") {
            guard let parsed = Logger.Level(rawValue: level) else { throw ConfigurationError("Unknown log level \(level)") }
            logLevel = parsed
        }
        publicURL = try Self.baseURL(text("public.url"), option: "--public-url (POLAR_PUBLIC_URL)")
        portalBaseURL = try Self.baseURL(text("portal.base.url"), option: "--portal-base-url (POLAR_PORTAL_BASE_URL)")
        allowedReturnHosts = list("allowed.return.hosts")
        if let key = text("stripe.secret.key") {
            stripe = .api(baseURL: text("stripe.api.base") ?? "https://api.stripe.com", secretKey: key)
        }
        stripePublishableKey = text("stripe.publishable.key")
        smtpURL = try text("smtp.url").map(SMTPURL.init(parsing:))
        emailSender = text("email.sender") ?? emailSender
        if let seconds = polar.double(forKey: "webhook.retry.base") { webhooks.retryBase = .milliseconds(Int64(1000 * seconds)) }
        webhooks.standardSignatures = polar.bool(forKey: "webhook.standard.signatures", default: webhooks.standardSignatures)
        let webhookHosts = list("webhook.allowed.hosts")
        let localNetworks = polar.bool(forKey: "webhook.local.networks", default: false)
        if localNetworks || !webhookHosts.isEmpty {
            webhookURLPolicy = WebhookURLPolicy(
                allowsLocalNetworks: localNetworks || WebhookURLPolicy.default(hostname: hostname).allowsLocalNetworks,
                allowedHosts: Set(webhookHosts.map { $0.lowercased() }))
        }
        trustedProxies = try TrustedProxies(parsing: list("trusted.proxies"))
        apiRateLimit = polar.int(forKey: "rate.limit")
        if let limit = apiRateLimit, limit < 1 { throw ConfigurationError("--rate-limit (POLAR_RATE_LIMIT) must be at least 1") }
        metricsPort = polar.int(forKey: "metrics.port")
        metricsHostname = text("metrics.hostname") ?? metricsHostname
        secret = text("secret")
    }

    /// The command line's flags, then `POLAR_…` environment variables: where `polar-server`
    /// reads its options. `flags` are keyed as ``init(reading:)`` reads them (`public.url`).
    public static func reader(flags: [String: ConfigValue], environment: [String: String] = ProcessInfo.processInfo.environment)
        -> ConfigReader
    {
        let secrets: Set<String> = ["POLAR_SECRET", "POLAR_STRIPE_SECRET_KEY", "POLAR_SMTP_URL", "POLAR_DATABASE_URL"]
        return ConfigReader(providers: [
            InMemoryProvider(
                name: "command line",
                values: Dictionary(uniqueKeysWithValues: flags.map { (AbsoluteConfigKey(ConfigKey("polar." + $0.key)), $0.value) })),
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(secrets)),
        ])
    }

    /// An `http(s)://host…` URL, or `nil` when not given.
    private static func baseURL(_ text: String?, option: String) throws -> String? {
        guard let text else { return nil }
        guard let components = URLComponents(string: text), ["http", "https"].contains(components.scheme?.lowercased()),
            components.host?.isEmpty == false, components.query == nil, components.fragment == nil
        else { throw ConfigurationError("\(option) takes an http:// or https:// URL with a host, got \(text)") }
        return text
    }
}

/// Which Stripe the payment-method flow talks to.
public enum StripeSettings: Sendable, Equatable {
    /// The built-in test-mode emulator, served by this server under `/stripe-emulator`.
    case emulator
    /// Stripe's API, or anything speaking it, at `baseURL` (e.g. `https://api.stripe.com`).
    case api(baseURL: String, secretKey: String)
}
