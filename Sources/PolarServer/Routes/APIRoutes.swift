import Foundation
import Hummingbird
import Logging
import NIOCore
import PolarModels
import ServiceLifecycle

/// Every route of the API, each group with the service behind it: the one place that says
/// which path is served by what. Returns the background services that share them: the webhook
/// dispatcher and the subscription scheduler.
enum APIRoutes {
    static func add(
        to router: Router<AppRequestContext>, context: ServerContext, configuration: ServerConfiguration, links: PortalLinks,
        stripe: StripeClient, outbox: EmailOutbox, logger: Logger
    ) -> [any Service] {
        let database = context.database
        router.add(middleware: RouteNotFoundMiddleware())
        let meters = MeterStore(database: database)
        let usages = MeterUsageStore(database: database)
        let benefits = BenefitStore(database: database)
        let paymentMethods = PaymentMethodStore(database: database)
        let webhookStore = WebhookStore(database: database)
        let webhooks = WebhookOutbox(store: webhookStore, organizations: context.organizations)
        let subscriptions = SubscriptionService(database: database, customers: context.customers, webhooks: webhooks)
        let metering = MeteringService(
            database: database, meters: meters, events: EventStore(database: database), usages: usages,
            customers: context.customers, subscriptions: subscriptions.subscriptions, webhooks: webhooks)
        let states = CustomerStateService(
            customers: context.customers, usages: usages, meters: meters, subscriptions: subscriptions.subscriptions,
            products: subscriptions.products, grants: subscriptions.grants.grants, benefits: benefits,
            subscriptionMeters: subscriptions.meters)
        let customers = CustomerService(
            database: database, store: context.customers, subscriptions: subscriptions, metering: metering, webhooks: webhooks,
            paymentMethods: paymentMethods, clocks: subscriptions.clocks)
        CustomersRoutes(service: customers, store: context.customers, states: states).addRoutes(to: router.group("v1/customers"))

        let sessions = CustomerSessionService(
            database: database, customers: context.customers, organizations: context.organizations, sessions: context.sessions,
            tokens: context.tokens, links: links)
        CustomerSessionsRoutes(service: sessions).addRoutes(to: router.group("v1/customer-sessions"))

        let portalCustomers = PortalCustomerService(
            database: database, customers: context.customers, paymentMethods: paymentMethods, stripe: stripe, webhooks: webhooks)
        CustomerPortalRoutes(
            customers: portalCustomers,
            paymentMethods: PaymentMethodService(
                database: database, customers: context.customers, paymentMethods: paymentMethods,
                subscriptions: subscriptions.subscriptions, stripe: stripe,
                returnURL: ReturnURL(links: links, allowedHosts: Set(configuration.allowedReturnHosts.map { $0.lowercased() })),
                webhooks: webhooks),
            savedPaymentMethods: paymentMethods,
            emailChange: EmailChangeService(
                database: database, customers: context.customers, organizations: context.organizations,
                verifications: EmailVerificationStore(database: database), sessions: sessions, outbox: outbox,
                tokens: context.tokens, links: links, webhooks: webhooks),
            trustedProxies: configuration.trustedProxies
        ).addRoutes(to: router.group("v1/customer-portal/customers"))
        CustomerSessionPortalRoutes(sessions: context.sessions, customers: portalCustomers)
            .addRoutes(to: router.group("v1/customer-portal/customer-session"))

        MetersRoutes(service: metering).addRoutes(to: router.group("v1/meters"))
        EventsRoutes(service: metering).addRoutes(to: router.group("v1/events"))
        BenefitsRoutes(service: BenefitService(database: database, benefits: benefits, meters: meters, webhooks: webhooks))
            .addRoutes(to: router.group("v1/benefits"))
        ProductsRoutes(
            service: ProductService(
                database: database, products: subscriptions.products, meters: meters, benefits: benefits, webhooks: webhooks),
            grants: subscriptions.grants
        ).addRoutes(to: router.group("v1/products"))
        SubscriptionsRoutes(service: subscriptions).addRoutes(to: router.group("v1/subscriptions"))
        let clocks = TestClockService(database: database, clocks: subscriptions.clocks, customers: customers, subscriptions: subscriptions)
        TestClocksRoutes(service: clocks).addRoutes(to: router.group("v1/test-clocks"))

        OrganizationsRoutes(service: OrganizationService(database: database, store: context.organizations, webhooks: webhooks))
            .addRoutes(to: router.group("v1/organizations"))

        WebhooksRoutes(
            service: WebhookService(
                database: database, store: webhookStore, standardSignatures: configuration.webhooks.standardSignatures,
                policy: configuration.webhookURLPolicy ?? .default(hostname: configuration.hostname))
        ).addRoutes(to: router.group("v1/webhooks"))

        // Liveness (the process answers) and readiness (the database answers, fully migrated).
        router.get("/health") { _, _ in try Response.json(JSONValue.object(["status": "ok"])) }
        router.get("/ready") { _, _ in
            let ready = (try? await Migrations.isCurrent(on: database)) ?? false
            return try Response.json(JSONValue.object(["status": ready ? "ready" : "unavailable"]), status: ready ? .ok : .serviceUnavailable)
        }

        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
        return [
            WebhookDispatcher(
                store: webhookStore, outbox: webhooks, customers: context.customers, states: states, settings: configuration.webhooks,
                logger: logger),
            SubscriptionScheduler(subscriptions: subscriptions, clocks: clocks, logger: logger),
        ]
    }
}
