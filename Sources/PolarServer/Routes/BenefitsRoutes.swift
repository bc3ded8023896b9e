import Foundation
import Hummingbird
import PolarCompatibility
import PolarModels

/// `/v1/benefits/…`: Polar's benefit endpoints for the kinds this server grants.
struct BenefitsRoutes {
    let service: BenefitService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: list)
        group.post("/", use: create)
        group.get("/:id", use: get)
        group.patch("/:id", use: update)
        group.delete("/:id", use: delete)
        group.get("/:id/grants", use: grants)
    }

    func grants(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.benefitsReadable)
        let id = try context.pathUUID("id")
        var reader = InputReader()
        let query = QueryParameters(request.uri.query)
        let pages = PageQuery(query, reader: &reader)
        var filter = BenefitGrantFilter()
        filter.isGranted = query["is_granted"].flatMap { reader.bool($0, at: ["query", "is_granted"]) }
        filter.customerIDs = reader.uuids(query, "customer_id")
        filter.matchesNone = reader.uuids(query, "member_id") != nil
        try reader.check()
        let (items, total) = try await service.grants(of: id, filter: filter, pages: pages, access: access)
        return try .json(JSONValue.page(items, total: total, pages: pages))
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.benefitsReadable)
        var reader = InputReader()
        let query = QueryParameters(request.uri.query)
        let list = OrganizationListQuery(query, reader: &reader)
        var filter = BenefitListFilter()
        filter.sorting = reader.sorting(query) ?? filter.sorting
        filter.metadata = query.metadataFilter
        let typeValues = query.values("type")
        let types = typeValues.enumerated().compactMap { index, value in
            reader.choice(.string(value), at: ["query", "type", .index(index)], BenefitType.allKnown)
        }
        filter.types = typeValues.isEmpty ? nil : types
        filter.ids = reader.uuids(query, "id")
        filter.excludedIDs = reader.uuids(query, "exclude_id")
        filter.query = query["query"]
        try reader.check()
        let (items, total) = try await service.list(filter, query: list, access: access)
        return try .json(JSONValue.page(items.map(\.wire), total: total, pages: list.pages))
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.benefitsWritable)
        return try .json(try await service.create(try BenefitInput(body: body), access: access).wire, status: .created)
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.benefitsReadable)
        return try .json(try await service.get(try context.pathUUID("id"), access: access).wire)
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.benefitsWritable)
        let id = try context.pathUUID("id")
        return try .json(try await service.update(id, try BenefitUpdateInput(body: body), access: access).wire)
    }

    func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.benefitsWritable)
        try await service.delete(try context.pathUUID("id"), access: access)
        return Response(status: .noContent)
    }
}

extension BenefitType {
    /// Every kind Polar knows, as its list filter accepts them.
    static let allKnown = [
        "custom", "discord", "github_repository", "downloadables", "license_keys", "meter_credit", "feature_flag",
        "slack_shared_channel",
    ]
}

extension JSONValue {
    /// Polar's `ListResource`: the items and the pagination.
    static func page(_ items: [JSONValue], total: Int, pages: PageQuery) -> JSONValue {
        .object([
            "items": .array(items),
            "pagination": .object(["total_count": .integer(total), "max_page": .integer(pages.maxPage(total: total))]),
        ])
    }
}
