import Configuration
import Foundation
import Logging
import Testing

@testable import PolarServer

/// `polar-server serve`'s options: each read once, from the command line, then the environment
/// (`POLAR_…`), then the default.
@Suite("Configuration: command line, then environment, then defaults")
struct ConfigurationTests {
    func read(flags: [String: ConfigValue] = [:], _ environment: [String: String] = [:]) throws -> ServerConfiguration {
        try ServerConfiguration(reading: ServerConfiguration.reader(flags: flags, environment: environment))
    }

    @Test("nothing given: the defaults")
    func defaults() throws {
        let configuration = try read()
        #expect(configuration.hostname == "127.0.0.1" && configuration.port == 8080)
        #expect(configuration.database == .embeddedDefault && configuration.databasePoolSize == 4)
        #expect(configuration.logLevel == .info && configuration.publicURL == nil && configuration.allowedReturnHosts.isEmpty)
        #expect(configuration.stripe == .emulator && configuration.stripePublishableKey == nil && configuration.smtpURL == nil)
        #expect(configuration.emailSender == "Polar <noreply@localhost>")
        #expect(configuration.webhooks.retryBase == .seconds(2) && !configuration.webhooks.standardSignatures)
        #expect(configuration.webhookURLPolicy == nil && configuration.trustedProxies == .none)
        #expect(configuration.apiRateLimit == nil && configuration.metricsPort == nil && configuration.metricsHostname == "127.0.0.1")
        #expect(configuration.secret == nil)
    }

    @Test("every option from its POLAR_ environment variable")
    func environment() throws {
        let configuration = try read([
            "POLAR_HOSTNAME": "0.0.0.0", "POLAR_PORT": "9090", "POLAR_DATABASE_URL": "sqlite:///tmp/x.sqlite",
            "POLAR_DATABASE_POOL_SIZE": "2", "POLAR_LOG_LEVEL": "debug", "POLAR_PUBLIC_URL": "https://billing.example.com",
            "POLAR_PORTAL_BASE_URL": "https://portal.example.com/app", "POLAR_ALLOWED_RETURN_HOSTS": "a.example.com, b.example.com:8443",
            "POLAR_SMTP_URL": "smtps://user:pw@mail.example.com", "POLAR_EMAIL_SENDER": "Acme <billing@acme.test>",
            "POLAR_STRIPE_SECRET_KEY": "sk_test_123", "POLAR_STRIPE_API_BASE": "http://127.0.0.1:12111",
            "POLAR_STRIPE_PUBLISHABLE_KEY": "pk_test_1", "POLAR_WEBHOOK_ALLOWED_HOSTS": "Hooks.Internal",
            "POLAR_WEBHOOK_RETRY_BASE": "0.25", "POLAR_WEBHOOK_STANDARD_SIGNATURES": "1", "POLAR_TRUSTED_PROXIES": "10.0.0.0/8",
            "POLAR_RATE_LIMIT": "500", "POLAR_METRICS_PORT": "9100", "POLAR_METRICS_HOSTNAME": "0.0.0.0", "POLAR_SECRET": "s3cret",
        ])
        #expect(configuration.hostname == "0.0.0.0" && configuration.port == 9090)
        #expect(configuration.database == .sqlite(path: "/tmp/x.sqlite") && configuration.databasePoolSize == 2)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.publicURL == "https://billing.example.com" && configuration.portalBaseURL == "https://portal.example.com/app")
        #expect(configuration.allowedReturnHosts == ["a.example.com", "b.example.com:8443"])
        #expect(configuration.smtpURL == (try SMTPURL(parsing: "smtps://user:pw@mail.example.com")))
        #expect(configuration.emailSender == "Acme <billing@acme.test>")
        #expect(configuration.stripe == .api(baseURL: "http://127.0.0.1:12111", secretKey: "sk_test_123"))
        #expect(configuration.stripePublishableKey == "pk_test_1")
        // Listening on every interface, an allowed host does not open local networks.
        #expect(configuration.webhookURLPolicy == WebhookURLPolicy(allowsLocalNetworks: false, allowedHosts: ["hooks.internal"]))
        #expect(configuration.webhooks.retryBase == .milliseconds(250) && configuration.webhooks.standardSignatures)
        #expect(configuration.trustedProxies == (try TrustedProxies(parsing: ["10.0.0.0/8"])))
        #expect(configuration.apiRateLimit == 500 && configuration.metricsPort == 9100 && configuration.metricsHostname == "0.0.0.0")
        #expect(configuration.secret == "s3cret")
    }

    @Test("a flag wins over the environment; an empty value counts as not given")
    func precedence() throws {
        let configuration = try read(
            flags: [
                "port": ConfigValue(.int(7070), isSecret: false), "public.url": ConfigValue(.string("https://flag.example.com"), isSecret: false),
                "allowed.return.hosts": ConfigValue(.stringArray(["flag.example.com"]), isSecret: false),
                "webhook.local.networks": ConfigValue(.bool(true), isSecret: false),
            ],
            [
                "POLAR_PORT": "9090", "POLAR_PUBLIC_URL": "https://env.example.com", "POLAR_ALLOWED_RETURN_HOSTS": "env.example.com",
                "POLAR_STRIPE_SECRET_KEY": "", "POLAR_SMTP_URL": "", "POLAR_EMAIL_SENDER": "", "POLAR_HOSTNAME": "0.0.0.0",
            ])
        #expect(configuration.port == 7070 && configuration.publicURL == "https://flag.example.com")
        #expect(configuration.allowedReturnHosts == ["flag.example.com"])
        #expect(configuration.stripe == .emulator && configuration.smtpURL == nil)
        #expect(configuration.emailSender == "Polar <noreply@localhost>")
        #expect(configuration.webhookURLPolicy == WebhookURLPolicy(allowsLocalNetworks: true, allowedHosts: []))
    }

    @Test("a value that cannot work is refused, naming the option")
    func refused() throws {
        for (name, value, message) in [
            ("POLAR_PUBLIC_URL", "ftp://x.example.com", "--public-url (POLAR_PUBLIC_URL) takes an http:// or https:// URL"),
            ("POLAR_PORTAL_BASE_URL", "https://x.example.com/?a=1", "--portal-base-url (POLAR_PORTAL_BASE_URL) takes"),
            ("POLAR_RATE_LIMIT", "0", "--rate-limit (POLAR_RATE_LIMIT) must be at least 1"),
            ("POLAR_LOG_LEVEL", "loud", "Unknown log level loud"),
            ("POLAR_DATABASE_URL", "mysql://x", "Unsupported database URL"),
        ] {
            let error = #expect(throws: ConfigurationError.self) { try read([name: value]) }
            #expect(error?.description.hasPrefix(message) == true, "\(name): \(error?.description ?? "")")
        }
        #expect(throws: (any Error).self) { try read(["POLAR_SMTP_URL": "mail.example.com"]) }
        #expect(throws: (any Error).self) { try read(["POLAR_TRUSTED_PROXIES": "not-an-address"]) }
    }
}
