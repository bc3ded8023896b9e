import Foundation
import Hummingbird
import NIOCore

/// Every route of the API, each group with the service behind it: the one place that says
/// which path is served by what.
enum APIRoutes {
    static func add(
        to router: Router<AppRequestContext>, context: ServerContext, configuration: ServerConfiguration, links: PortalLinks,
        stripe: StripeClient, outbox: EmailOutbox
    ) {
        let database = context.database
        router.add(middleware: RouteNotFoundMiddleware())
        let meters = MeterStore(database: database)
        let usages = MeterUsageStore(database: database)
        let benefits = BenefitStore(database: database)
        let subscriptions = SubscriptionService(database: database, customers: context.customers)
        let subscriptionMeters = SubscriptionMeters(usages: usages, meters: meters)
        let metering = MeteringService(
            database: database, meters: meters, events: EventStore(database: database), usages: usages,
            customers: context.customers, subscriptions: subscriptions.subscriptions)
        CustomersRoutes(
            service: CustomerService(database: database, store: context.customers, subscriptions: subscriptions, metering: metering),
            store: context.customers,
            states: CustomerStateService(
                customers: context.customers, usages: usages, meters: meters, subscriptions: subscriptions.subscriptions,
                products: subscriptions.products, grants: subscriptions.grants.grants, benefits: benefits,
                subscriptionMeters: subscriptionMeters)
        ).addRoutes(to: router.group("v1/customers"))

        let sessions = CustomerSessionService(
            database: database, customers: context.customers, organizations: context.organizations, sessions: context.sessions,
            tokens: context.tokens, links: links)
        CustomerSessionsRoutes(service: sessions).addRoutes(to: router.group("v1/customer-sessions"))

        let paymentMethods = PaymentMethodStore(database: database)
        CustomerPortalRoutes(
            customers: PortalCustomerService(
                database: database, customers: context.customers, paymentMethods: paymentMethods, stripe: stripe),
            paymentMethods: PaymentMethodService(
                database: database, customers: context.customers, paymentMethods: paymentMethods,
                subscriptions: subscriptions.subscriptions, stripe: stripe,
                returnURL: ReturnURL(links: links, allowedHosts: Set(configuration.allowedReturnHosts.map { $0.lowercased() }))),
            savedPaymentMethods: paymentMethods,
            emailChange: EmailChangeService(
                database: database, customers: context.customers, organizations: context.organizations,
                verifications: EmailVerificationStore(database: database), sessions: sessions, outbox: outbox,
                tokens: context.tokens, links: links)
        ).addRoutes(to: router.group("v1/customer-portal/customers"))

        MetersRoutes(service: metering).addRoutes(to: router.group("v1/meters"))
        EventsRoutes(service: metering).addRoutes(to: router.group("v1/events"))
        BenefitsRoutes(service: BenefitService(database: database, benefits: benefits, meters: meters))
            .addRoutes(to: router.group("v1/benefits"))
        ProductsRoutes(
            service: ProductService(database: database, products: subscriptions.products, meters: meters, benefits: benefits),
            grants: subscriptions.grants
        ).addRoutes(to: router.group("v1/products"))
        SubscriptionsRoutes(service: subscriptions, meters: subscriptionMeters).addRoutes(to: router.group("v1/subscriptions"))

        OrganizationsRoutes(service: OrganizationService(database: database, store: context.organizations))
            .addRoutes(to: router.group("v1/organizations"))

        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
    }
}
