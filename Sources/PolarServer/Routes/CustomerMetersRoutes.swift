import Foundation
import Hummingbird
import PolarCompatibility
import PolarModels

/// `/v1/customer-meters/…`: every customer's usage of every meter, for the organization.
struct CustomerMetersRoutes {
    let service: CustomerMeterService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: list)
        group.get("/:id", use: get)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.customerMetersReadable)
        var reader = InputReader()
        let parameters = QueryParameters(request.uri.query)
        let query = OrganizationListQuery(parameters, reader: &reader)
        var filter = CustomerMeterFilter()
        // Polar reports the sorting's errors before the filters'.
        filter.sorting = reader.sorting(parameters) ?? filter.sorting
        filter.customerIDs = reader.uuids(parameters, "customer_id")
        let externalIDs = parameters.values("external_customer_id")
        filter.externalCustomerIDs = externalIDs.isEmpty ? nil : externalIDs
        filter.meterIDs = reader.uuids(parameters, "meter_id")
        try reader.check()
        let (items, total) = try await service.list(filter, query: query, access: access)
        return try .json(JSONValue.page(items, total: total, pages: query.pages))
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.customerMetersReadable)
        return try .json(try await service.get(try context.pathUUID("id"), access: access))
    }
}

/// `/v1/customer-portal/meters/…`: the signed-in customer's meters.
struct PortalMetersRoutes {
    let service: CustomerMeterService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: list)
        group.get("/:id", use: get)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireCustomer()
        var reader = InputReader()
        let parameters = QueryParameters(request.uri.query)
        let pages = PageQuery(parameters, reader: &reader)
        var filter = CustomerMeterFilter()
        let sorting: [PortalCustomerMeterSortProperty]? = reader.sorting(parameters)
        filter.sorting = sorting?.map(\.sort) ?? filter.sorting
        filter.meterIDs = reader.uuids(parameters, "meter_id")
        filter.meterName = parameters["query"]
        try reader.check()
        let (items, total) = try await service.portalList(filter, pages: pages, access: access)
        return try .json(JSONValue.page(items, total: total, pages: pages))
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireCustomer()
        return try .json(try await service.portalGet(try context.pathUUID("id"), access: access))
    }
}
