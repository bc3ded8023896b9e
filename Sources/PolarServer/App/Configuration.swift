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
    public var metricsHostname = "127.0.0.1"

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

/// Which Stripe the payment-method flow talks to.
public enum StripeSettings: Sendable, Equatable {
    /// The built-in test-mode emulator, served by this server under `/stripe-emulator`.
    case emulator
    /// Stripe's API, or anything speaking it, at `baseURL` (e.g. `https://api.stripe.com`).
    case api(baseURL: String, secretKey: String)
}
