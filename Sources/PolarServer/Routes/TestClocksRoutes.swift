import Foundation
import Hummingbird
import PolarCompatibility
import PolarModels

/// `/v1/test-clocks/…`, this service's extension after Stripe's test clocks: create, list, get,
/// advance, delete. Reading takes `subscriptions:read`, changing `subscriptions:write`.
struct TestClocksRoutes {
    let service: TestClockService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: list)
        group.post("/", use: create)
        group.get("/:id", use: get)
        group.delete("/:id", use: delete)
        group.post("/:id/advance", use: advance)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.subscriptionsReadable)
        var reader = InputReader()
        let pages = PageQuery(QueryParameters(request.uri.query), reader: &reader)
        try reader.check()
        let (items, total) = try await service.list(access: access, pages: pages)
        return try .json(
            ListResource(items: items.map(\.wire), pagination: Pagination(totalCount: total, maxPage: pages.maxPage(total: total))))
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.subscriptionsWritable)
        return try .json(try await service.create(try TestClockCreateInput(body: body), access: access).wire, status: .created)
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.subscriptionsReadable)
        return try .json(try await service.get(try context.pathUUID("id"), access: access).wire)
    }

    func advance(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.subscriptionsWritable)
        let id = try context.pathUUID("id")
        return try .json(try await service.advance(id, to: try TestClockAdvanceInput(body: body).frozenTime, access: access).wire)
    }

    func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.subscriptionsWritable)
        try await service.delete(try context.pathUUID("id"), access: access)
        return Response(status: .noContent)
    }
}
