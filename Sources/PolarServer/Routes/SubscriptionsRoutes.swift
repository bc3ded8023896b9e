import Foundation
import Hummingbird
import PolarCompatibility
import PolarModels

/// `/v1/subscriptions/…`: create (free products), get, list, export, cancel/uncancel/revoke, delete.
struct SubscriptionsRoutes {
    let service: SubscriptionService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: list)
        group.post("/", use: create)
        group.get("/export", use: export)
        group.get("/:id", use: get)
        group.patch("/:id", use: update)
        group.delete("/:id", use: revoke)
    }

    /// The CSV, streamed: the header row goes out before the rows are read.
    func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.subscriptionsReadable)
        let query = try SubscriptionExportQuery(QueryParameters(request.uri.query))
        let service = self.service
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: SubscriptionCSV.header(query.columns)))
            try await service.export(query, access: access) { rows in try await writer.write(ByteBuffer(string: rows)) }
            try await writer.finish(nil)
        }
        let filename = SubscriptionCSV.filename(
            startedAfter: query.filter.startedAfter, startedBefore: query.filter.startedBefore, timeZone: query.timeZone)
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: #"attachment; filename="\#(filename)""#], body: body)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.subscriptionsReadable)
        var reader = InputReader()
        let query = QueryParameters(request.uri.query)
        let list = OrganizationListQuery(query, reader: &reader)
        var filter = SubscriptionFilter()
        filter.sorting = reader.sorting(query) ?? filter.sorting
        filter.metadata = query.metadataFilter
        filter.productIDs = reader.uuids(query, "product_id")
        filter.customerIDs = reader.uuids(query, "customer_id")
        let external = query.values("external_customer_id")
        filter.externalCustomerIDs = external.isEmpty ? nil : external
        filter.active = query["active"].flatMap { reader.bool($0, at: ["query", "active"]) }
        filter.cancelAtPeriodEnd = query["cancel_at_period_end"].flatMap { reader.bool($0, at: ["query", "cancel_at_period_end"]) }
        filter.statuses = reader.choices(query, "status", SubscriptionRecord.statuses)
        filter.cancellationReasons = reader.choices(query, "customer_cancellation_reason", SubscriptionUpdateInput.reasons)
        filter.canceledAtAfter = reader.datetime(query, "canceled_at_after")
        filter.canceledAtBefore = reader.datetime(query, "canceled_at_before")
        filter.startedAfter = reader.datetime(query, "started_after")
        filter.startedBefore = reader.datetime(query, "started_before")
        let discounts = reader.uuids(query, "discount_id")
        try reader.check()
        let (items, total) = try await service.list(filter, query: list, discountIDs: discounts, access: access)
        return try .json(JSONValue.page(items, total: total, pages: list.pages))
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.subscriptionsWritable)
        let subscription = try await service.create(try SubscriptionCreateInput(body: body), access: access)
        return try .json(try await service.wire([subscription], organizationID: access.organizationID)[0], status: .created)
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.subscriptionsReadable)
        let subscription = try await service.get(try context.pathUUID("id"), access: access)
        return try .json(try await service.wire([subscription], organizationID: access.organizationID)[0])
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.subscriptionsWritable)
        let id = try context.pathUUID("id")
        let subscription = try await service.update(id, try SubscriptionUpdateInput(body: body, now: service.time.clock.now()), access: access)
        return try .json(try await service.wire([subscription], organizationID: access.organizationID)[0])
    }

    func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.subscriptionsWritable)
        let subscription = try await service.revoke(try context.pathUUID("id"), access: access)
        return try .json(try await service.wire([subscription], organizationID: access.organizationID)[0])
    }
}
