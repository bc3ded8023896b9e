import Hummingbird

/// `/v1/customer-portal/customers/me…`: the customer's own operations, signed in with a
/// customer session token.
struct CustomerPortalRoutes {
    let customers: PortalCustomerService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/me", use: get)
        group.patch("/me", use: update)
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(try await customers.get(try context.requireCustomer()).portalWire)
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireCustomer()
        return try .json(try await customers.update(try PortalCustomerPatchInput(body: body), access: access).portalWire)
    }
}
