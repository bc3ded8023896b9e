import Foundation
import Hummingbird
import PolarCompatibility
import PolarModels

/// `GET /v1/benefit-grants/`: every grant of the organization's benefits.
struct BenefitGrantsRoutes {
    let service: BenefitGrantService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: list)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.benefitsReadable)
        var reader = InputReader()
        let query = QueryParameters(request.uri.query)
        let list = OrganizationListQuery(query, reader: &reader)
        var filter = BenefitGrantFilter()
        filter.sorting = reader.sorting(query) ?? filter.sorting
        filter.customerIDs = reader.uuids(query, "customer_id")
        let externalIDs = query.values("external_customer_id")
        filter.externalCustomerIDs = externalIDs.isEmpty ? nil : externalIDs
        filter.isGranted = query["is_granted"].flatMap { reader.bool($0, at: ["query", "is_granted"]) }
        try reader.check()
        let (items, total) = try await service.list(filter, query: list, access: access)
        return try .json(JSONValue.page(items, total: total, pages: list.pages))
    }
}
