import Hummingbird
import NIOCore
import PolarCompatibility
import PolarModels

/// `/v1/customer-portal/customers/me…`: the customer's own operations, signed in with a
/// customer session token.
struct CustomerPortalRoutes {
    let customers: PortalCustomerService
    let paymentMethods: PaymentMethodService
    let emailChange: EmailChangeService
    let trustedProxies: TrustedProxies

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/me", use: get)
        group.patch("/me", use: update)
        group.get("/me/payment-methods", use: listPaymentMethods)
        group.post("/me/payment-methods", use: addPaymentMethod)
        group.post("/me/payment-methods/confirm", use: confirmPaymentMethod)
        group.delete("/me/payment-methods/:id", use: deletePaymentMethod)
        let emailUpdate = group.group("/me/email-update").add(middleware: RateLimitMiddleware.emailUpdate(trustedProxies: trustedProxies))
        emailUpdate.post("/request", use: requestEmailUpdate)
        emailUpdate.get("/check", use: checkEmailUpdate)
        emailUpdate.post("/verify", use: verifyEmailUpdate)
    }

    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(try await customers.get(try context.requireCustomer()).portalWire)
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireCustomer()
        return try .json(try await customers.update(try CustomerPortalCustomerUpdate(validating: body), access: access).portalWire)
    }

    /// The customer's saved methods, newest first.
    func listPaymentMethods(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireCustomer()
        var reader = InputReader()
        let pages = PageQuery(QueryParameters(request.uri.query), reader: &reader)
        try reader.check()
        let (items, total) = try await paymentMethods.list(access: access, pages: pages)
        return try .json(
            ListResource(items: items.map(\.wire), pagination: Pagination(totalCount: total, maxPage: pages.maxPage(total: total))))
    }

    /// 201 whether the card is saved or still needs the customer's 3-D Secure challenge.
    func addPaymentMethod(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireCustomer()
        return try .json(try await paymentMethods.add(try PaymentMethodInput.add(body: body), access: access), status: .created)
    }

    func confirmPaymentMethod(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireCustomer()
        return try .json(try await paymentMethods.confirm(try PaymentMethodInput.confirm(body: body), access: access), status: .created)
    }

    func deletePaymentMethod(_ request: Request, context: AppRequestContext) async throws -> Response {
        let access = try context.requireCustomer()
        try await paymentMethods.delete(try context.pathUUID("id"), access: access)
        return Response(status: .noContent, headers: [.contentType: "application/json"])
    }

    /// 202 with the JSON body `null`, as Polar answers.
    func requestEmailUpdate(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonBody(context: context)
        let access = try context.requireCustomer()
        try await emailChange.request(newEmail: try EmailUpdateInput.email(body: body), access: access)
        return Response(status: .accepted, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "null")))
    }

    /// Needs no session: the token is the credential.
    func checkEmailUpdate(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let token = QueryParameters(request.uri.query)["token"] else {
            throw APIError.validation([ValidationError(loc: ["query", "token"], msg: "Field required", type: "missing", input: .null)])
        }
        try await emailChange.check(token: token)
        return Response(status: .noContent, headers: [.contentType: "application/json"])
    }

    func verifyEmailUpdate(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let token = try EmailUpdateInput.token(body: try await request.jsonBody(context: context))
        return try .json(CustomerEmailUpdateVerifyResponse(token: try await emailChange.verify(token: token)))
    }
}
