import Foundation
import Logging
import ServiceLifecycle

/// Every store of the database, each built once.
struct Stores: Sendable {
    let organizations: OrganizationStore
    let customers: CustomerStore
    let sessions: CustomerSessionStore
    let paymentMethods: PaymentMethodStore
    let verifications: EmailVerificationStore
    let meters: MeterStore
    let usages: MeterUsageStore
    let events: EventStore
    let products: ProductStore
    let benefits: BenefitStore
    let grants: BenefitGrantStore
    let subscriptions: SubscriptionStore
    let clocks: TestClockStore
    let webhooks: WebhookStore

    init(context: ServerContext) {
        let database = context.database
        organizations = context.organizations
        customers = context.customers
        sessions = context.sessions
        paymentMethods = PaymentMethodStore(database: database)
        verifications = EmailVerificationStore(database: database)
        meters = MeterStore(database: database)
        usages = MeterUsageStore(database: database)
        events = EventStore(database: database)
        products = ProductStore(database: database)
        benefits = BenefitStore(database: database)
        grants = BenefitGrantStore(database: database)
        subscriptions = SubscriptionStore(database: database)
        clocks = TestClockStore(database: database)
        webhooks = WebhookStore(database: database)
    }
}

/// The composition root: every service built once, from the stores and the configuration.
/// Routes, background jobs and the command line all take their services from here.
struct Services: Sendable {
    let stores: Stores
    let webhookOutbox: WebhookOutbox
    let customers: CustomerService
    let customerImport: CustomerImporter
    let states: CustomerStateService
    let sessions: CustomerSessionService
    let portalCustomers: PortalCustomerService
    let paymentMethods: PaymentMethodService
    let emailChange: EmailChangeService
    let metering: MeteringService
    let customerMeters: CustomerMeterService
    let events: EventService
    let portalSubscriptions: PortalSubscriptionService
    let portalGrants: PortalBenefitGrantService
    let benefits: BenefitService
    let grants: BenefitGrantService
    let products: ProductService
    let subscriptions: SubscriptionService
    let clocks: TestClockService
    let organizations: OrganizationService
    let webhooks: WebhookService
    /// The work every replica runs beside the HTTP server.
    let background: [any Service]

    init(
        context: ServerContext, configuration: ServerConfiguration, links: PortalLinks, stripe: StripeClient, outbox: EmailOutbox,
        logger: Logger
    ) {
        let database = context.database
        let stores = Stores(context: context)
        self.stores = stores
        let clock = configuration.clock
        let time = CustomerTime(testClocks: stores.clocks, clock: clock)
        let webhookOutbox = WebhookOutbox(store: stores.webhooks, organizations: stores.organizations, clock: clock)
        self.webhookOutbox = webhookOutbox
        let customerChanges = CustomerChanges(webhooks: webhookOutbox, events: stores.events, clock: clock)
        let subscriptionMeters = SubscriptionMeters(usages: stores.usages, meters: stores.meters)
        let resets = MeterReset(events: stores.events, meters: stores.meters)
        grants = BenefitGrantService(
            grants: stores.grants, benefits: stores.benefits, products: stores.products, subscriptions: stores.subscriptions,
            events: stores.events, usages: stores.usages, meters: stores.meters, customers: stores.customers, webhooks: webhookOutbox,
            resets: resets)
        subscriptions = SubscriptionService(
            database: database, subscriptions: stores.subscriptions, products: stores.products, customers: stores.customers,
            usages: stores.usages, grants: grants, meters: subscriptionMeters, events: stores.events, resets: resets,
            webhooks: webhookOutbox, time: time)
        metering = MeteringService(
            database: database, meters: stores.meters, events: stores.events, usages: stores.usages, customers: stores.customers,
            subscriptions: stores.subscriptions, products: stores.products, benefits: stores.benefits, webhooks: webhookOutbox,
            time: time)
        customerMeters = CustomerMeterService(
            usages: stores.usages, meters: stores.meters, customers: stores.customers, subscriptions: stores.subscriptions,
            grants: stores.grants, benefits: stores.benefits)
        events = EventService(events: stores.events, meters: stores.meters, customers: stores.customers)
        portalSubscriptions = PortalSubscriptionService(
            service: subscriptions, subscriptions: stores.subscriptions, products: stores.products, organizations: stores.organizations,
            paymentMethods: stores.paymentMethods, meters: subscriptionMeters, clock: clock)
        portalGrants = PortalBenefitGrantService(
            grants: stores.grants, benefits: stores.benefits, customers: stores.customers, organizations: stores.organizations)
        states = CustomerStateService(
            customers: stores.customers, usages: stores.usages, meters: stores.meters, subscriptions: stores.subscriptions,
            products: stores.products, grants: stores.grants, benefits: stores.benefits, subscriptionMeters: subscriptionMeters)
        customers = CustomerService(
            database: database, store: stores.customers, subscriptions: subscriptions, metering: metering, changes: customerChanges,
            paymentMethods: stores.paymentMethods, testClocks: stores.clocks, clock: clock)
        customerImport = CustomerImporter(database: database, customers: stores.customers, metering: metering, clock: clock)
        sessions = CustomerSessionService(
            database: database, customers: stores.customers, organizations: stores.organizations, sessions: stores.sessions,
            tokens: context.tokens, links: links, time: time)
        portalCustomers = PortalCustomerService(
            database: database, customers: stores.customers, paymentMethods: stores.paymentMethods, stripe: stripe,
            changes: customerChanges, clock: clock)
        paymentMethods = PaymentMethodService(
            database: database, customers: stores.customers, paymentMethods: stores.paymentMethods,
            subscriptions: stores.subscriptions, stripe: stripe,
            returnURL: ReturnURL(links: links, allowedHosts: Set(configuration.allowedReturnHosts.map { $0.lowercased() })),
            changes: customerChanges, clock: clock)
        emailChange = EmailChangeService(
            database: database, customers: stores.customers, organizations: stores.organizations, verifications: stores.verifications,
            sessions: sessions, outbox: outbox, tokens: context.tokens, links: links, changes: customerChanges, time: time)
        benefits = BenefitService(
            database: database, benefits: stores.benefits, meters: stores.meters, products: stores.products,
            subscriptions: stores.subscriptions, grants: grants, webhooks: webhookOutbox, clock: clock)
        products = ProductService(
            database: database, products: stores.products, meters: stores.meters, benefits: stores.benefits, webhooks: webhookOutbox,
            clock: clock)
        clocks = TestClockService(
            database: database, clocks: stores.clocks, organizations: stores.organizations, customers: customers,
            subscriptions: subscriptions, clock: clock)
        organizations = OrganizationService(
            database: database, store: stores.organizations, products: stores.products, webhooks: webhookOutbox, clock: clock)
        webhooks = WebhookService(
            database: database, store: stores.webhooks, standardSignatures: configuration.webhooks.standardSignatures,
            policy: configuration.webhookURLPolicy ?? .default(hostname: configuration.hostname), clock: clock)
        background = [
            WebhookDispatcher(
                store: stores.webhooks, outbox: webhookOutbox, customers: stores.customers, states: states,
                settings: configuration.webhooks, logger: logger, clock: clock),
            SubscriptionScheduler(subscriptions: subscriptions, clocks: clocks, logger: logger, clock: clock),
            ExpiredCredentialsPurge(sessions: stores.sessions, verifications: stores.verifications, logger: logger, clock: clock),
        ]
    }
}
