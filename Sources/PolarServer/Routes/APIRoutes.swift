import Foundation
import Hummingbird
import NIOCore
import PolarModels

/// Every route of the API, each group with the service behind it: the one place that says
/// which path is served by what.
func buildRouter(_ services: Services, configuration: ServerConfiguration) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RouteNotFoundMiddleware())
    // Requests by route template, method and status, and their durations (swift-metrics).
    router.add(middleware: MetricsMiddleware())
    if let perMinute = configuration.apiRateLimit {
        router.add(middleware: RateLimitMiddleware.api(perMinute: perMinute, trustedProxies: configuration.trustedProxies))
    }
    CustomersRoutes(service: services.customers, states: services.states).addRoutes(to: router.group("v1/customers"))
    CustomerSessionsRoutes(service: services.sessions).addRoutes(to: router.group("v1/customer-sessions"))
    CustomerPortalRoutes(
        customers: services.portalCustomers, paymentMethods: services.paymentMethods, emailChange: services.emailChange,
        trustedProxies: configuration.trustedProxies
    ).addRoutes(to: router.group("v1/customer-portal/customers"))
    CustomerSessionPortalRoutes(sessions: services.sessions, customers: services.portalCustomers)
        .addRoutes(to: router.group("v1/customer-portal/customer-session"))
    MetersRoutes(service: services.metering, events: services.events).addRoutes(to: router.group("v1/meters"))
    CustomerMetersRoutes(service: services.customerMeters).addRoutes(to: router.group("v1/customer-meters"))
    PortalMetersRoutes(service: services.customerMeters).addRoutes(to: router.group("v1/customer-portal/meters"))
    EventsRoutes(metering: services.metering, events: services.events).addRoutes(to: router.group("v1/events"))
    BenefitsRoutes(service: services.benefits).addRoutes(to: router.group("v1/benefits"))
    BenefitGrantsRoutes(service: services.grants).addRoutes(to: router.group("v1/benefit-grants"))
    ProductsRoutes(service: services.products, grants: services.grants).addRoutes(to: router.group("v1/products"))
    SubscriptionsRoutes(service: services.subscriptions).addRoutes(to: router.group("v1/subscriptions"))
    PortalSubscriptionsRoutes(service: services.portalSubscriptions).addRoutes(to: router.group("v1/customer-portal/subscriptions"))
    PortalBenefitGrantsRoutes(service: services.portalGrants).addRoutes(to: router.group("v1/customer-portal/benefit-grants"))
    TestClocksRoutes(service: services.clocks).addRoutes(to: router.group("v1/test-clocks"))
    OrganizationsRoutes(service: services.organizations).addRoutes(to: router.group("v1/organizations"))
    PortalOrganizationsRoutes(service: services.organizations).addRoutes(to: router.group("v1/customer-portal/organizations"))
    WebhooksRoutes(service: services.webhooks).addRoutes(to: router.group("v1/webhooks"))

    // Liveness (the process answers) and readiness (the database answers, fully migrated).
    let database = services.customers.database
    router.get("/health") { _, _ in try Response.json(JSONValue.object(["status": "ok"])) }
    router.get("/ready") { _, _ in
        let ready = (try? await Migrations.isCurrent(on: database)) ?? false
        return try Response.json(JSONValue.object(["status": ready ? "ready" : "unavailable"]), status: ready ? .ok : .serviceUnavailable)
    }
    router.get("/openapi.json") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
    }
    router.get("/:version/openapi.json") { _, context in
        guard let bytes = OpenAPIDocument.bytes(version: context.parameters.get("version") ?? "") else { throw APIError.routeNotFound }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
    return router
}
