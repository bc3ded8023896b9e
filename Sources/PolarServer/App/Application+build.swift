import AsyncHTTPClient
import Hummingbird
import Logging
import NIOCore
import StripeEmulator

/// Builds the server exactly as it runs in production; tests call this too.
///
/// Opens the database and migrates it, makes sure an organization exists (creating `default`
/// with an all-scopes token, logged once, on an empty database), and wires the routes.
/// Everything logs through `logger` (its level is the configuration's).
public func buildApplication(
    _ configuration: ServerConfiguration, logger: Logger = Logger(label: "polar-server")
) async throws -> some ApplicationProtocol {
    var logger = logger
    logger.logLevel = configuration.logLevel
    let database = try Database.open(configuration.database, poolSize: configuration.databasePoolSize, logger: logger)
    // Held while serving, so a restore cannot replace the file under a running server.
    var servingLock: ServingLock?
    let context: ServerContext
    do {
        if case .sqlite(let path) = configuration.database {
            servingLock = ServingLock(path: path, exclusive: false)
            if servingLock == nil { throw ConfigurationError("\(path) is being restored") }
        }
        context = try await ServerContext.open(database, secret: configuration.secret, clock: configuration.clock)
        if let token = try await context.bootstrapDefaultOrganization() {
            logger.notice(
                "Created organization 'default' and an organization access token with every scope. It is shown only once.",
                metadata: ["token": .string(token)])
        }
    } catch {
        // Not started, so no service will close it: a failed start still releases its connections.
        try? await database.close()
        throw error
    }

    let emulator = StripeEmulator(database: database)
    let stripe = switch configuration.stripe {
    case .emulator: StripeClient(api: EmbeddedStripeAPI(emulator: emulator))
    case .api(let baseURL, let secretKey): StripeClient(api: HTTPStripeAPI(baseURL: baseURL, secretKey: secretKey, httpClient: .shared))
    }

    let outbox = EmailOutbox(database: database, logger: logger, showsBodies: configuration.smtpURL == nil, clock: configuration.clock)
    let links = PortalLinks(configuration: configuration)
    if !links.isConfigured, ["0.0.0.0", "::"].contains(configuration.hostname) {
        logger.notice(
            "Links this service hands out (customer portal, email change) point at this machine's loopback address; set --public-url (POLAR_PUBLIC_URL) to the address clients reach.")
    }
    let services = Services(context: context, configuration: configuration, links: links, stripe: stripe, outbox: outbox, logger: logger)
    let router = buildRouter(services, configuration: configuration)
    let authentication = AuthenticationMiddleware(
        database: database, organizations: context.organizations, sessions: context.sessions, tokens: context.tokens,
        clock: configuration.clock)
    let api = APIResponder(router: router.buildResponder(), authentication: authentication)
    let responder = PolarResponder(
        api: api,
        web: try await webPages(configuration, api: InProcessAPI(respond: api.respond), authentication: authentication, stripe: stripe),
        stripeEmulator: configuration.stripe == .emulator
            ? emulator.responder(prefix: PolarResponderPrefix.stripeEmulator, context: AppRequestContext.self) : nil)

    var app = Application(
        responder: responder,
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port), serverName: nil),
        onServerRunning: { channel in
            if let port = channel.localAddress?.port { links.listening(on: port) }
        },
        logger: logger)
    app.addServices(DatabaseService(database: database, servingLock: servingLock))
    if let port = configuration.metricsPort {
        let webhooks = services.stores.webhooks
        app.addServices(
            ServerMetrics.application(
                hostname: configuration.metricsHostname, port: port, database: database,
                outboxDepths: { [("webhooks", try await webhooks.pendingCount()), ("emails", try await outbox.pendingCount())] },
                logger: logger))
    }
    app.addServices(services.background)
    if let smtpURL = configuration.smtpURL {
        app.addServices(
            EmailDispatcher(
                outbox: outbox, smtp: SMTPClient(url: smtpURL, sender: configuration.emailSender), logger: logger,
                clock: configuration.clock))
    } else {
        logger.notice(
            "No SMTP server configured (POLAR_SMTP_URL): emails are kept in the outbox, and shown in this log for local use, until one is.")
    }
    return app
}

/// The customer portal and the dashboard, calling `api` in process.
private func webPages(
    _ configuration: ServerConfiguration, api: InProcessAPI, authentication: AuthenticationMiddleware, stripe: StripeClient
) async throws -> WebPages {
    let renderer = try await PageRenderer.load(stripeJS: configuration.stripePublishableKey != nil)
    // Cookies go over HTTPS only when clients reach the service over HTTPS.
    let secure = configuration.publicURL?.lowercased().hasPrefix("https://") ?? false
    let cards = PortalCards(
        collector: configuration.stripePublishableKey.map { .stripeJS(publishableKey: $0) } ?? .testCards(stripe), renderer: renderer)
    return WebPages(
        portal: PortalPages(api: api, renderer: renderer, subject: authentication.subject, cards: cards, secureCookies: secure),
        dashboard: DashboardPages(
            api: api, renderer: renderer, subject: authentication.subject, session: .dashboard(secure: secure), clock: configuration.clock),
        renderer: renderer, assets: try WebAssets.load())
}
