import Foundation
import Hummingbird
import PolarCompatibility
import PolarModels

/// `/v1/customer-portal/subscriptions/…`: a customer's own subscriptions.
struct PortalSubscriptionsRoutes {
    let service: PortalSubscriptionService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: list)
        group.get("/:id", use: get)
        group.patch("/:id", use: update)
        group.delete("/:id", use: cancel)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireCustomer()
        var reader = InputReader()
        let parameters = QueryParameters(request.uri.query)
        let pages = PageQuery(parameters, reader: &reader)
        var filter = SubscriptionFilter()
        let sorting: [PortalSubscriptionSortProperty]? = reader.sorting(parameters)
        filter.sorting = sorting.map { $0.compactMap(\.sort) } ?? filter.sorting
        filter.productIDs = reader.uuids(parameters, "product_id")
        // Polar's portal: active is trialing or active, inactive is canceled or unpaid.
        filter.statuses = parameters["active"].flatMap { reader.bool($0, at: ["query", "active"]) }
            .map { $0 ? SubscriptionRecord.activeStatuses : ["canceled", "unpaid"] }
        filter.productNameContains = parameters["query"]
        try reader.check()
        let (items, total) = try await service.list(filter, pages: pages, access: access)
        return try .json(JSONValue.page(items, total: total, pages: pages))
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireCustomer()
        return try .json(try await service.get(try context.pathUUID("id"), access: access))
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireCustomer()
        let id = try context.pathUUID("id")
        let input = try PortalSubscriptionUpdateInput(body: body, now: service.clock.now())
        return try .json(try await service.update(id, input, access: access))
    }

    func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireCustomer()
        return try .json(try await service.cancel(try context.pathUUID("id"), access: access))
    }
}

/// The portal's subscription sort keys: most recently started first unless told otherwise.
enum PortalSubscriptionSortProperty: String, CaseIterable, Sendable {
    case startedAt = "started_at"
    case startedAtDescending = "-started_at"
    case amount
    case amountDescending = "-amount"
    case status
    case statusDescending = "-status"
    case organization
    case organizationDescending = "-organization"
    case product
    case productDescending = "-product"

    /// The organization's order is no order: a customer's subscriptions all share one.
    var sort: SubscriptionSortProperty? {
        switch self {
        case .organization, .organizationDescending: nil
        default: SubscriptionSortProperty(rawValue: rawValue)
        }
    }
}
