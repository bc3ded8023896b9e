import Foundation
import Hummingbird
import PolarCompatibility
import PolarModels

/// `/v1/meters/…`: Polar's meter endpoints (create, get, list, update, quantities).
struct MetersRoutes {
    let service: MeteringService
    let events: EventService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: list)
        group.post("/", use: create)
        group.get("/:id", use: get)
        group.patch("/:id", use: update)
        group.get("/:id/quantities", use: quantities)
    }

    func quantities(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.metersReadable)
        let id = try context.pathUUID("id")
        let query = try MeterQuantitiesQuery(QueryParameters(request.uri.query))
        return try .json(try await events.quantities(meterID: id, query, access: access))
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.metersReadable)
        var reader = InputReader()
        let parameters = QueryParameters(request.uri.query)
        let query = OrganizationListQuery(parameters, reader: &reader)
        var filter = MeterListFilter()
        filter.sorting = reader.sorting(parameters) ?? filter.sorting
        filter.metadata = parameters.metadataFilter
        filter.query = parameters["query"]
        filter.isArchived = parameters["is_archived"].flatMap { reader.bool($0, at: ["query", "is_archived"]) }
        try reader.check()
        let (items, total) = try await service.listMeters(filter, query: query, access: access)
        return try .json(JSONValue.page(items.map(\.wire), total: total, pages: query.pages))
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.metersWritable)
        return try .json(try await service.createMeter(try MeterInput(body: body), access: access).wire, status: .created)
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.metersReadable)
        return try .json(try await service.getMeter(try context.pathUUID("id"), access: access).wire)
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.metersWritable)
        let id = try context.pathUUID("id")
        return try .json(try await service.updateMeter(id, try MeterUpdateInput(body: body), access: access).wire)
    }
}

/// `/v1/events/…`: ingesting events, and reading them back.
struct EventsRoutes {
    let metering: MeteringService
    let events: EventService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: list)
        group.post("/ingest", use: ingest)
        group.get("/names", use: names)
        group.get("/:id", use: get)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.eventsReadable)
        let query = try EventListQuery(QueryParameters(request.uri.query))
        let (items, total) = try await events.list(query, access: access)
        return try .json(JSONValue.page(items, total: total, pages: query.pages))
    }

    func names(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.eventsReadable)
        let query = try EventNamesQuery(QueryParameters(request.uri.query))
        let (items, total) = try await events.names(query, access: access)
        return try .json(JSONValue.page(items, total: total, pages: query.pages))
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.eventsReadable)
        return try .json(try await events.get(try context.pathUUID("id"), access: access))
    }

    func ingest(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.eventsWritable)
        let input = try EventsIngestInput(body: body, now: metering.time.clock.now())
        let (inserted, duplicates) = try await metering.ingest(input, access: access)
        return try .json(JSONValue.object(["inserted": .integer(inserted), "duplicates": .integer(duplicates)]))
    }
}
