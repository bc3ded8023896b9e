import Hummingbird
import Logging
import NIOCore

/// Builds the server exactly as it runs in production; tests call this too.
///
/// Opens the database and migrates it, makes sure an organization exists (creating `default`
/// with an all-scopes token, logged once, on an empty database), and wires the routes.
public func buildApplication(_ configuration: ServerConfiguration) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "polar-server")
    logger.logLevel = configuration.logLevel
    let database = try Database.open(configuration.database, poolSize: configuration.databasePoolSize, logger: logger)
    let context = try await ServerContext.open(database)
    if let token = try await context.bootstrapDefaultOrganization() {
        logger.notice(
            "Created organization 'default' and an organization access token with every scope. It is shown only once.",
            metadata: ["token": .string(token)])
    }

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RouteNotFoundMiddleware())
    CustomersRoutes(service: CustomerService(database: database, store: context.customers), store: context.customers)
        .addRoutes(to: router.group("v1/customers"))
    let sessions = CustomerSessionService(
        database: database, customers: context.customers, organizations: context.organizations, sessions: context.sessions,
        tokens: context.tokens, portalBaseURL: configuration.portalBaseURL)
    CustomerSessionsRoutes(service: sessions).addRoutes(to: router.group("v1/customer-sessions"))
    let emailChange = EmailChangeService(
        database: database, customers: context.customers, organizations: context.organizations,
        verifications: EmailVerificationStore(database: database), sessions: sessions, outbox: EmailOutbox(logger: logger),
        tokens: context.tokens, portalBaseURL: configuration.portalBaseURL)
    let paymentMethods = PaymentMethodStore(database: database)
    CustomerPortalRoutes(
        customers: PortalCustomerService(database: database, customers: context.customers, paymentMethods: paymentMethods),
        paymentMethods: paymentMethods, emailChange: emailChange
    ).addRoutes(to: router.group("v1/customer-portal/customers"))
    OrganizationsRoutes(service: OrganizationService(database: database, store: context.organizations))
        .addRoutes(to: router.group("v1/organizations"))
    router.get("/openapi.json") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
    }

    let responder = PolarResponder(
        router: router.buildResponder(),
        authentication: AuthenticationMiddleware(
            organizations: context.organizations, sessions: context.sessions, tokens: context.tokens))

    var app = Application(
        responder: responder,
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port), serverName: nil),
        logger: logger)
    app.addServices(DatabaseService(database: database))
    return app
}
