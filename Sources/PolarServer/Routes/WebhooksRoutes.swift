import Foundation
import Hummingbird
import PolarCompatibility
import PolarModels

/// `/v1/webhooks/…`: Polar's eight webhook routes (endpoints, deliveries, redelivery).
struct WebhooksRoutes {
    let service: WebhookService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/endpoints", use: list)
        group.post("/endpoints", use: create)
        group.get("/endpoints/:id", use: get)
        group.patch("/endpoints/:id", use: update)
        group.delete("/endpoints/:id", use: delete)
        group.patch("/endpoints/:id/secret", use: resetSecret)
        group.get("/deliveries", use: deliveries)
        group.post("/events/:id/redeliver", use: redeliver)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.webhooksReadable)
        var reader = InputReader()
        let list = OrganizationListQuery(QueryParameters(request.uri.query), reader: &reader)
        try reader.check()
        return try .json(try await service.list(access: access, organizationIDs: list.organizationIDs, pages: list.pages))
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.webhooksWritable)
        let input = try WebhookEndpointCreateInput(body: body, policy: service.policy)
        return try .json(try await service.create(input, access: access), status: .created)
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.webhooksReadable)
        return try .json(try await service.get(try context.pathUUID("id"), access: access))
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.webhooksWritable)
        let id = try context.pathUUID("id")
        let input = try WebhookEndpointUpdateInput(body: body, policy: service.policy)
        return try .json(try await service.update(id, with: input, access: access))
    }

    func resetSecret(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.webhooksWritable)
        return try .json(try await service.resetSecret(try context.pathUUID("id"), access: access))
    }

    func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.webhooksWritable)
        try await service.delete(try context.pathUUID("id"), access: access)
        return Response(status: .noContent)
    }

    func deliveries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.webhooksReadable)
        var reader = InputReader()
        let query = QueryParameters(request.uri.query)
        let pages = PageQuery(query, reader: &reader)
        var filter = WebhookDeliveryFilter()
        filter.endpointIDs = reader.uuids(query, "endpoint_id")
        filter.startTimestamp = query["start_timestamp"].flatMap { reader.awareDatetime(.string($0), at: ["query", "start_timestamp"]) }
        filter.endTimestamp = query["end_timestamp"].flatMap { reader.awareDatetime(.string($0), at: ["query", "end_timestamp"]) }
        filter.succeeded = query["succeeded"].flatMap { reader.bool(.string($0), at: ["query", "succeeded"]) }
        filter.query = query["query"]
        filter.httpCodeClass = query["http_code_class"].flatMap {
            reader.choice(.string($0), at: ["query", "http_code_class"], ["2xx", "3xx", "4xx", "5xx"], type: "literal_error")
        }.flatMap { Int($0.prefix(1)) }
        filter.eventTypes = reader.choices(query, "event_type", WebhookEventType.all)
        try reader.check()
        return try .json(try await service.deliveries(access: access, filter: filter, pages: pages))
    }

    func redeliver(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.webhooksWritable)
        try await service.redeliver(eventID: try context.pathUUID("id"), access: access)
        return try .json(JSONValue.null, status: .accepted)
    }
}
