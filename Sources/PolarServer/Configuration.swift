import Logging

/// How to run the server.
public struct ServerConfiguration: Sendable {
    public var hostname: String
    public var port: Int
    public var database: DatabaseURL
    /// Database connections per event loop (one event loop per core).
    public var databasePoolSize: Int
    public var logLevel: Logger.Level
    /// Where the customer portal is served; customer session links point into it. Polar's own
    /// portal, `https://polar.sh`, by default.
    public var portalBaseURL: String
    /// Hosts (`host` or `host:port`) a payment method's `return_url` may point at as is; others
    /// are replaced by the portal. Empty means the portal's own host.
    public var allowedReturnHosts: [String]
    /// The Stripe that saves payment methods.
    public var stripe: StripeSettings
    /// The mail server that delivers the email outbox; without one, mail waits in the outbox.
    public var smtpURL: SMTPURL?
    /// The `From` of every email.
    public var emailSender: String

    public init(
        hostname: String = "127.0.0.1", port: Int = 8080, database: DatabaseURL = .embeddedDefault,
        databasePoolSize: Int = 4, logLevel: Logger.Level = .info, portalBaseURL: String = "https://polar.sh",
        allowedReturnHosts: [String] = [], stripe: StripeSettings = .emulator, smtpURL: SMTPURL? = nil, emailSender: String = "Polar <noreply@localhost>"
    ) {
        self.hostname = hostname
        self.port = port
        self.database = database
        self.databasePoolSize = databasePoolSize
        self.logLevel = logLevel
        self.portalBaseURL = portalBaseURL
        self.allowedReturnHosts = allowedReturnHosts
        self.stripe = stripe
        self.smtpURL = smtpURL
        self.emailSender = emailSender
    }
}

/// Which Stripe the payment-method flow talks to.
public enum StripeSettings: Sendable, Equatable {
    /// The built-in test-mode emulator, served by this server under `/stripe-emulator`.
    case emulator
    /// Stripe's API, or anything speaking it, at `baseURL` (e.g. `https://api.stripe.com`).
    case api(baseURL: String, secretKey: String)
}
