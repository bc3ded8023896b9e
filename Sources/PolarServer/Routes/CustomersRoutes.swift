import Foundation
import Hummingbird
import NIOCore
import PolarCompatibility
import PolarModels

/// `/v1/customers/…`: Polar's organization-side customer operations. Each handler reads its
/// input, checks the caller, and hands one call to ``CustomerService``.
struct CustomersRoutes {
    let service: CustomerService
    let states: CustomerStateService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: list)
        group.post("/", use: create)
        // Declared before `:id` so the literal path wins.
        group.get("/export", use: export)
        group.get("/external/:external_id/state", use: stateExternal)
        group.get("/external/:external_id/payment-methods", use: paymentMethodsExternal)
        group.get("/external/:external_id", use: getExternal)
        group.patch("/external/:external_id", use: updateExternal)
        group.delete("/external/:external_id", use: deleteExternal)
        group.get("/:id/state", use: state)
        group.get("/:id/payment-methods", use: paymentMethods)
        group.get("/:id", use: get)
        group.patch("/:id", use: update)
        group.delete("/:id", use: delete)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.customersReadable)
        let query = try CustomerListQuery(QueryParameters(request.uri.query))
        let (items, total) = try await service.list(query, access: access)
        let page = ListResource(
            items: items.map(\.wire),
            pagination: Pagination(totalCount: total, maxPage: query.pages.maxPage(total: total)))
        return try .json(page)
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.customersWritable)
        let customer = try await service.create(
            try CustomerCreate(validating: body), testClockKey: CustomerCreate.testClockKey(in: body), access: access)
        return try .json(customer.wire, status: .created)
    }

    func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.customersReadable)
        var reader = InputReader()
        let organizationIDs = reader.organizationIDs(QueryParameters(request.uri.query))
        try reader.check()
        let service = self.service
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: CustomerCSV.header))
            try await service.export(organizationIDs: organizationIDs, access: access) { batch in
                var chunk = ""
                for customer in batch { chunk += CustomerCSV.row(for: customer) }
                try await writer.write(ByteBuffer(string: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: #"attachment; filename="polar-customers.csv""#,
            ], body: body)
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.customersReadable)
        return try .json(try await service.get(try Self.idKey(context), access: access).wire)
    }

    func getExternal(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.customersReadable)
        return try .json(try await service.get(try Self.externalKey(context), access: access).wire)
    }

    func state(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.customersReadable)
        return try .json(try await states.state(try Self.idKey(context), access: access))
    }

    func stateExternal(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.customersReadable)
        return try .json(try await states.state(try Self.externalKey(context), access: access))
    }

    func paymentMethods(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await listPaymentMethods(request, context: context, key: Self.idKey)
    }

    func paymentMethodsExternal(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await listPaymentMethods(request, context: context, key: Self.externalKey)
    }

    /// The customer's saved methods, newest first, each saying whether it is the default.
    private func listPaymentMethods(
        _ request: Request, context: AppRequestContext, key: (AppRequestContext) throws -> CustomerStore.Key
    ) async throws -> Response {
        let access = try context.requireOrganization(Scope.customersReadable)
        let key = try key(context)
        var reader = InputReader()
        let pages = PageQuery(QueryParameters(request.uri.query), reader: &reader)
        try reader.check()
        let (items, total) = try await service.paymentMethods(key, access: access, pages: pages)
        return try .json(JSONValue.page(items, total: total, pages: pages))
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await patch(request, context: context, byExternalID: false)
    }

    func updateExternal(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await patch(request, context: context, byExternalID: true)
    }

    func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await remove(request, context: context, key: Self.idKey)
    }

    func deleteExternal(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await remove(request, context: context, key: Self.externalKey)
    }

    private func patch(_ request: Request, context: AppRequestContext, byExternalID: Bool) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.customersWritable)
        let key = try byExternalID ? Self.externalKey(context) : Self.idKey(context)
        let patch = try CustomerUpdate(validating: body, byExternalID: byExternalID)
        return try .json(try await service.update(key, with: patch, access: access).wire)
    }

    private func remove(
        _ request: Request, context: AppRequestContext, key: (AppRequestContext) throws -> CustomerStore.Key
    ) async throws -> Response {
        let access = try context.requireOrganization(Scope.customersWritable)
        var reader = InputReader()
        let key = try key(context)
        let anonymize = QueryParameters(request.uri.query)["anonymize"].flatMap { reader.bool($0, at: ["query", "anonymize"]) }
        try reader.check()
        try await service.delete(key, anonymize: anonymize ?? false, access: access)
        return Response(status: .noContent)
    }

    private static func idKey(_ context: AppRequestContext) throws -> CustomerStore.Key {
        .id(try context.pathUUID("id"))
    }

    /// The external id from the path, percent-decoded as Starlette decodes path segments.
    private static func externalKey(_ context: AppRequestContext) throws -> CustomerStore.Key {
        let raw = context.parameters.get("external_id") ?? ""
        return .externalID(raw.removingPercentEncoding ?? raw)
    }
}
