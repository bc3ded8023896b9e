import Foundation
import Hummingbird
import PolarCompatibility
import PolarModels

/// `/v1/products/…`: create, get and list products, and choose the benefits they grant.
struct ProductsRoutes {
    let service: ProductService
    let grants: BenefitGrantService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: list)
        group.post("/", use: create)
        group.get("/:id", use: get)
        group.patch("/:id", use: update)
        group.post("/:id/benefits", use: setBenefits)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.productsReadable)
        var reader = InputReader()
        let query = QueryParameters(request.uri.query)
        let list = OrganizationListQuery(query, reader: &reader)
        var filter = ProductFilter()
        filter.sorting = reader.sorting(query) ?? filter.sorting
        filter.metadata = query.metadataFilter
        filter.ids = reader.uuids(query, "id")
        filter.query = query["query"]
        filter.isArchived = query["is_archived"].flatMap { reader.bool($0, at: ["query", "is_archived"]) }
        filter.isRecurring = query["is_recurring"].flatMap { reader.bool($0, at: ["query", "is_recurring"]) }
        filter.benefitIDs = reader.uuids(query, "benefit_id")
        let visibility = query.values("visibility")
        if !visibility.isEmpty {
            filter.visibility = visibility.enumerated().compactMap { index, value in
                reader.choice(.string(value), at: ["query", "visibility", .index(index)], ["draft", "private", "public"])
            }
        }
        try reader.check()
        let (items, total) = try await service.list(filter, query: list, access: access)
        return try .json(JSONValue.page(items.map(\.wire), total: total, pages: list.pages))
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.productsWritable)
        return try .json(try await service.create(try ProductInput(body: body), access: access).wire, status: .created)
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.productsReadable)
        return try .json(try await service.get(try context.pathUUID("id"), access: access).wire)
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.productsWritable)
        let id = try context.pathUUID("id")
        return try .json(try await service.update(id, try ProductUpdateInput(body: body), access: access).wire)
    }

    /// `{"benefits": [id, …]}` replaces the product's benefits, in that order.
    func setBenefits(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.productsWritable)
        let id = try context.pathUUID("id")
        var reader = InputReader()
        var ids: [UUID] = []
        if let body, reader.requireObject(body, at: ["body"]),
            let items = reader.required(body, "benefits", at: ["body"]).flatMap({ reader.list($0, at: ["body", "benefits"]) })
        {
            ids = items.enumerated().compactMap { index, item in reader.uuid4(item, at: ["body", "benefits", .index(index)]) }
        } else if body == nil {
            reader.fail(["body"], "missing", "Field required", input: .null)
        }
        try reader.check()
        return try .json(try await service.setBenefits(ids, productID: id, access: access, grants: grants).wire)
    }
}
