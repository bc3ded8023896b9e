import Foundation
import Hummingbird
import PolarCompatibility
import PolarModels

/// `/v1/customer-portal/benefit-grants/…`: what a customer holds.
struct PortalBenefitGrantsRoutes {
    let service: PortalBenefitGrantService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: list)
        group.get("/:id", use: get)
        group.patch("/:id", use: update)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireCustomer()
        var reader = InputReader()
        let query = QueryParameters(request.uri.query)
        let pages = PageQuery(query, reader: &reader)
        var filter = PortalBenefitGrantFilter()
        filter.sorting = reader.sorting(query) ?? filter.sorting
        filter.query = query["query"]
        let types = query.values("type").enumerated().compactMap { index, value in
            reader.choice(.string(value), at: ["query", "type", .index(index)], BenefitType.allKnown)
        }
        filter.types = types.isEmpty ? nil : types
        filter.benefitIDs = reader.uuids(query, "benefit_id")
        filter.subscriptionIDs = reader.uuids(query, "subscription_id")
        for key in ["checkout_id", "order_id", "member_id"] where reader.uuids(query, key) != nil { filter.matchesNone = true }
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
        return try .json(try await service.update(id, try PortalBenefitGrantUpdateInput(body: body), access: access))
    }
}
