import Foundation
import Hummingbird

/// `/v1/organizations/{id}`: the caller's organization, readable and (for its customer portal
/// settings and name) updatable, as Polar's organization endpoints.
struct OrganizationsRoutes {
    let service: OrganizationService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/:id", use: get)
        group.patch("/:id", use: update)
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireOrganization(Scope.organizationsReadable)
        return try .json(try await service.get(try context.pathUUID("id"), access: access).wire)
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.organizationsWritable)
        let id = try context.pathUUID("id")
        let patch = try OrganizationPatchInput(body: body)
        return try .json(try await service.update(id, with: patch, access: access).wire)
    }
}

/// `GET /v1/customer-portal/organizations/{slug}`: public, as the portal's first page needs it.
struct PortalOrganizationsRoutes {
    let service: OrganizationService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/:slug", use: get)
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(try await service.portal(slug: context.parameters.get("slug") ?? ""))
    }
}
