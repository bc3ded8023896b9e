import Hummingbird

/// `POST /v1/customer-sessions/`: an organization signs one of its customers in to the portal.
struct CustomerSessionsRoutes {
    let service: CustomerSessionService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("/", use: create)
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireOrganization(Scope.customerSessionsWritable)
        let session = try await service.create(try CustomerSessionInput(body: body), access: access)
        return try .json(session, status: .created)
    }
}
