import Foundation
import Hummingbird
import PolarCompatibility
import PolarModels

/// The customer portal at Polar's path, `/{organization_slug}/portal`: the page
/// `customer_portal_url` opens. The link's `customer_session_token` signs the browser in and is
/// then dropped from the address bar; the customer sees and edits their profile and billing
/// details, cards, email, subscriptions, benefits and usage. Every read and action is the
/// portal API's, called in process with the customer's session.
struct PortalPages: Sendable {
    let api: InProcessAPI
    let renderer: PageRenderer
    let subject: @Sendable (String) async throws -> AuthSubject?
    let cards: PortalCards
    let secureCookies: Bool

    func addRoutes(to router: Router<AppRequestContext>) {
        let portal = router.group("/:slug/portal")
        portal.get("/", use: home)
        portal.post("/billing", use: updateBilling)
        portal.post("/email", use: requestEmailChange)
        portal.get("/verify-email", use: verifyEmailPage)
        portal.post("/verify-email", use: verifyEmail)
        portal.post("/payment-methods/:id/default", use: makeDefault)
        portal.post("/payment-methods/:id/delete", use: deletePaymentMethod)
        portal.post("/subscriptions/:id/cancel") { try await setCancelAtPeriodEnd(true, $0, $1) }
        portal.post("/subscriptions/:id/uncancel") { try await setCancelAtPeriodEnd(false, $0, $1) }
        portal.post("/sign-out", use: signOut)
        cards.addRoutes(to: portal, portal: self)
    }

    /// A signed-in customer on one organization's portal.
    struct Visit: Sendable {
        let slug: String
        let organization: JSONValue
        let token: String
        var csrf: String { WebSession.csrf(for: token) }
        var home: String { "/\(slug)/portal" }
    }

    /// Where the portal says what happened after a form, by a fixed key (never text from the URL).
    static let notices = [
        "billing-saved": "Your billing details were saved.",
        "email-sent": "Check your new inbox: we sent a link to confirm the address.",
        "email-changed": "Your email address was changed.",
        "card-added": "Your payment method was added.",
        "card-default": "Your default payment method was changed.",
        "card-deleted": "Your payment method was removed.",
        "subscription-canceled": "Your subscription will end at the end of the billing period.",
        "subscription-resumed": "Your subscription will renew as usual.",
    ]

    // MARK: Signing in

    /// The organization the path names, or a 404 page.
    func organization(_ context: AppRequestContext) async throws -> (slug: String, organization: JSONValue) {
        let slug = context.parameters.get("slug") ?? ""
        do {
            let found = try await api.call(.get, "/v1/customer-portal/organizations/\(Py.quotePlus(slug))", token: nil, context: context)
            return (slug, found["organization"] ?? found)
        } catch is InProcessAPI.Failure {
            throw WebPageError(renderer.message("Not found", "There is no customer portal here.", status: .notFound))
        }
    }

    /// The visit of a browser signed in to this organization's portal, or the signed-out page.
    func visit(_ request: Request, _ context: AppRequestContext) async throws -> Visit {
        let (slug, organization) = try await organization(context)
        let session = WebSession.portal(slug: slug, secure: secureCookies)
        guard let token = session.token(request), try await isSession(token, of: organization) else { throw signedOut(slug) }
        return Visit(slug: slug, organization: organization, token: token)
    }

    /// The signed-out page, the cookie of a session that ended cleared.
    private func signedOut(_ slug: String) -> WebPageError {
        var response = renderer.message(
            "Signed out", "Your portal session has ended. Open the portal again from the link you were given.", status: .unauthorized)
        WebSession.portal(slug: slug, secure: secureCookies).signOut(&response)
        return WebPageError(response)
    }

    /// Whether `token` is a live customer session of `organization`.
    private func isSession(_ token: String, of organization: JSONValue) async throws -> Bool {
        guard case .customer(let access)? = try await subject(token) else { return false }
        return organization["id"]?.stringValue == access.organizationID.lowercased
    }

    /// A form's post, from the signed-in browser that was shown the form.
    func post(_ request: Request, _ context: AppRequestContext) async throws -> (Visit, WebForm) {
        let visit = try await visit(request, context)
        let form = try await WebForm.read(request)
        guard form.isGenuine(for: visit.token) else {
            throw WebPageError(renderer.expiredForm())
        }
        return (visit, form)
    }

    // MARK: Pages

    /// The portal. Opened from a session link, it signs the browser in and sends it on to the
    /// same page without the token in its address.
    func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let token = QueryParameters(request.uri.query)["customer_session_token"] {
            let (slug, organization) = try await organization(context)
            guard try await isSession(token, of: organization) else {
                return renderer.message(
                    "Link expired", "This portal link has expired or was already replaced. Ask for a new one.", status: .unauthorized)
            }
            var response = PageRenderer.redirect("/\(slug)/portal")
            WebSession.portal(slug: slug, secure: secureCookies).signIn(&response, token: token)
            return response
        }
        let visit = try await visit(request, context)
        return try await render(visit, context: context, notice: QueryParameters(request.uri.query)["notice"].flatMap { Self.notices[$0] })
    }

    /// The portal page, with what a failed form said when there was one.
    func render(
        _ visit: Visit, context: AppRequestContext, notice: String? = nil, failure: InProcessAPI.Failure? = nil,
        form: WebForm? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        async let customer = call(.get, "/v1/customer-portal/customers/me", visit, context)
        async let methods = call(.get, "/v1/customer-portal/customers/me/payment-methods", query: ["limit": "100"], visit, context)
        async let subscriptions = call(.get, "/v1/customer-portal/subscriptions/", query: ["limit": "100"], visit, context)
        async let grants = call(.get, "/v1/customer-portal/benefit-grants/", query: ["limit": "100"], visit, context)
        async let meters = call(.get, "/v1/customer-portal/meters/", query: ["limit": "100"], visit, context)
        let me = try await customer
        var values = PortalView.page(
            visit: visit, customer: me, paymentMethods: try await methods, subscriptions: try await subscriptions,
            grants: try await grants, meters: try await meters)
        values["notice"] = notice
        if let failure {
            values["errors"] = Dictionary(failure.fieldErrors.map { ($0.key.replacingOccurrences(of: ".", with: "_"), $0.value) }, uniquingKeysWith: { $1 })
            if failure.fieldErrors.isEmpty { values["failure"] = failure.message }
        }
        if let form { values["form"] = PortalView.billingForm(form) }
        return renderer.page("portal", values, status: status)
    }

    /// A portal API call as the visiting customer; a session that ended meanwhile signs out.
    func call(
        _ method: HTTPRequest.Method, _ path: String, query: KeyValuePairs<String, String?> = [:], json: JSONValue? = nil,
        _ visit: Visit, _ context: AppRequestContext
    ) async throws -> JSONValue {
        do {
            return try await api.call(method, path, query: query, json: json, token: visit.token, context: context)
        } catch let failure as InProcessAPI.Failure where failure.status == .unauthorized {
            throw signedOut(visit.slug)
        }
    }

    /// Runs a form's action: on success back to the portal with `notice`, on refusal the portal
    /// again with the API's messages next to the fields.
    func act(
        _ request: Request, _ context: AppRequestContext, notice: String, keepsForm: Bool = false,
        _ action: (Visit, WebForm) async throws -> Void
    ) async throws -> Response {
        let (visit, form) = try await post(request, context)
        do {
            try await action(visit, form)
        } catch let failure as InProcessAPI.Failure {
            return try await render(
                visit, context: context, failure: failure, form: keepsForm ? form : nil,
                status: failure.status == .unprocessableContent ? .unprocessableContent : .badRequest)
        }
        return PageRenderer.redirect("\(visit.home)?notice=\(notice)")
    }

    // MARK: Actions

    func updateBilling(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context, notice: "billing-saved", keepsForm: true) { visit, form in
            _ = try await call(.patch, "/v1/customer-portal/customers/me", json: PortalView.billingPatch(form), visit, context)
        }
    }

    func requestEmailChange(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context, notice: "email-sent") { visit, form in
            _ = try await call(
                .post, "/v1/customer-portal/customers/me/email-update/request", json: .object(["email": .string(form["email"] ?? "")]),
                visit, context)
        }
    }

    func makeDefault(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        return try await act(request, context, notice: "card-default") { visit, _ in
            _ = try await call(.patch, "/v1/customer-portal/customers/me", json: .object(["default_payment_method_id": .string(id)]), visit, context)
        }
    }

    func deletePaymentMethod(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = Py.quotePlus(context.parameters.get("id") ?? "")
        return try await act(request, context, notice: "card-deleted") { visit, _ in
            _ = try await call(.delete, "/v1/customer-portal/customers/me/payment-methods/\(id)", visit, context)
        }
    }

    func setCancelAtPeriodEnd(_ cancel: Bool, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let id = Py.quotePlus(context.parameters.get("id") ?? "")
        return try await act(request, context, notice: cancel ? "subscription-canceled" : "subscription-resumed") { visit, _ in
            _ = try await call(.patch, "/v1/customer-portal/subscriptions/\(id)", json: .object(["cancel_at_period_end": .bool(cancel)]), visit, context)
        }
    }

    func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (visit, _) = try await post(request, context)
        var response = renderer.message("Signed out", "You signed out of the portal.", status: .ok)
        WebSession.portal(slug: visit.slug, secure: secureCookies).signOut(&response)
        return response
    }

    // MARK: Email change

    /// The page the email-change link opens: a button, so a mail scanner that fetches links
    /// does not change the address. The token is the credential; no session is needed.
    func verifyEmailPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (slug, _) = try await organization(context)
        let token = QueryParameters(request.uri.query)["token"] ?? ""
        do {
            _ = try await api.call(.get, "/v1/customer-portal/customers/me/email-update/check", query: ["token": token], token: nil, context: context)
        } catch let failure as InProcessAPI.Failure {
            return renderer.message("Link expired", failure.message, status: failure.status == .tooManyRequests ? .tooManyRequests : .badRequest)
        }
        return renderer.page("verify-email", ["slug": slug, "token": token])
    }

    /// Changes the address, and signs the browser in with the session the change hands back.
    func verifyEmail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (slug, _) = try await organization(context)
        let form = try await WebForm.read(request)
        let answer: JSONValue
        do {
            answer = try await api.call(
                .post, "/v1/customer-portal/customers/me/email-update/verify", json: .object(["token": .string(form["token"] ?? "")]),
                token: nil, context: context)
        } catch let failure as InProcessAPI.Failure {
            return renderer.message("Link expired", failure.message, status: failure.status == .tooManyRequests ? .tooManyRequests : .badRequest)
        }
        var response = PageRenderer.redirect("/\(slug)/portal?notice=email-changed")
        if let token = answer["token"]?.stringValue {
            WebSession.portal(slug: slug, secure: secureCookies).signIn(&response, token: token)
        }
        return response
    }
}

/// A page answered in place of the one asked for (signed out, not found, expired form).
struct WebPageError: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}
