import Foundation
import Hummingbird
import PolarModels

/// `/v1/customer-portal/customer-session/…`: what a signed-in customer can learn about its own
/// session (`introspect`) and who it is signed in as (`user`).
struct CustomerSessionPortalRoutes {
    let sessions: CustomerSessionService
    let customers: PortalCustomerService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/introspect", use: introspect)
        group.get("/user", use: user)
    }

    /// Polar's `CustomerCustomerSession`: when the session ends and its return URL.
    func introspect(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try await sessions.introspect(try context.requireCustomer())
        return try .json(
            JSONValue.object([
                "expires_at": .string(PolarTimestamp.format(microseconds: session.expiresAt)),
                "return_url": session.returnURL.map(JSONValue.string) ?? .null,
            ]))
    }

    /// Polar's `PortalAuthenticatedUser` for a customer session; a team customer (no email)
    /// needs a member session, which this server does not issue.
    func user(_ request: Request, context: AppRequestContext) async throws -> Response {
        let customer = try await customers.get(try context.requireCustomer())
        guard let email = customer.email else {
            throw APIError.validation(
                [
                    ValidationError(
                        loc: ["body"],
                        msg: "Team customers must use member sessions. Create a customer session via the API with a member_id.",
                        type: "value_error", input: .null)
                ], kind: .business)
        }
        return try .json(
            JSONValue.object([
                "type": "customer", "name": customer.name.map(JSONValue.string) ?? .null, "email": .string(email),
                "customer_id": .string(customer.id.lowercased), "member_id": .null, "role": .null,
            ]))
    }
}
