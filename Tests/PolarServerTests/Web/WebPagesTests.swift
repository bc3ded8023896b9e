import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PolarModels
import Testing

@testable import PolarServer

/// The portal's and dashboard's HTTP rules, without a browser: sign-in by link and cookie,
/// headers that keep tokens private, CSRF, escaping, and isolation between customers and
/// organizations. `BrowserTests` drives the same pages in Chromium.
@Suite("Web pages over HTTP")
struct WebPagesTests {
    @Test("a session link signs in with an HttpOnly cookie and leaves no token in the address or referrer")
    func signInByLink() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (customer, token) = try await api.signIn(#"{"email":"link@example.com","name":"<script>alert(1)</script>"}"#)
            let slug = try await api.slug()
            let link = try await api.request(.post, "/v1/customer-sessions/", json: #"{"customer_id":"\#(customer["id"]!.stringValue!)"}"#)
            let url = try #require(link.json["customer_portal_url"]?.stringValue)
            let path = String(url.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })
            #expect(path.hasPrefix("/\(slug)/portal?customer_session_token=polar_cst_"))

            let landing = try await api.page(.get, path)
            #expect(landing.status == .seeOther)
            #expect(landing.headers[.location] == "/\(slug)/portal")
            #expect(landing.headers[.referrerPolicy] == "no-referrer")
            let cookie = try #require(landing.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/\(slug)/portal"))

            let page = try await api.page(.get, "/\(slug)/portal", cookie: "polar_portal=\(token)")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.cacheControl] == "no-store")
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.text.contains("<script>alert"))
            #expect(!page.text.contains(token))
        }
    }

    @Test("an unknown, expired or other organization's session is refused and sets nothing")
    func refusedSessions() async throws {
        let server = try await TestServer.make()
        let other = try await server.otherOrganization()
        try await server.test { api in
            let (_, token) = try await api.signIn()
            let slug = try await api.slug()
            let otherSlug = try await api.slug(other.id, token: other.token)

            let unknown = try await api.page(.get, "/\(slug)/portal?customer_session_token=polar_cst_unknown")
            #expect(unknown.status == .unauthorized && unknown.headers[.setCookie] == nil)
            let elsewhere = try await api.page(.get, "/\(otherSlug)/portal?customer_session_token=\(token)")
            #expect(elsewhere.status == .unauthorized && elsewhere.headers[.setCookie] == nil)
            let cookieElsewhere = try await api.page(.get, "/\(otherSlug)/portal", cookie: "polar_portal=\(token)")
            #expect(cookieElsewhere.status == .unauthorized && cookieElsewhere.text.contains("Signed out"))
            let noSuchPortal = try await api.page(.get, "/no-such-organization/portal")
            #expect(noSuchPortal.status == .notFound && noSuchPortal.headers[.contentType] == "text/html; charset=utf-8")
        }
    }

    @Test("a form without the page's CSRF token, or with refused input, changes nothing")
    func formsChangeNothingWhenRefused() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (customer, token) = try await api.signIn()
            let slug = try await api.slug()
            let id = try #require(customer["id"]?.stringValue)

            let forged = try await api.page(.post, "/\(slug)/portal/billing", form: "billing_name=Forged", cookie: "polar_portal=\(token)")
            #expect(forged.status == .forbidden)
            let invalid = try await api.page(
                .post, "/\(slug)/portal/billing", form: "csrf=\(WebSession.csrf(for: token))&billing_name=Ok&line1=1+Main&country=ZZ",
                cookie: "polar_portal=\(token)")
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains(#"id="country-error""#) && invalid.text.contains("Input should be"))
            #expect(try await api.request(.get, "/v1/customers/\(id)").json["billing_name"] == "Jane")

            let saved = try await api.page(
                .post, "/\(slug)/portal/billing", form: "csrf=\(WebSession.csrf(for: token))&billing_name=Jane+Ltd&line1=&country=",
                cookie: "polar_portal=\(token)")
            #expect(saved.status == .seeOther && saved.headers[.location] == "/\(slug)/portal?notice=billing-saved")
            #expect(try await api.request(.get, "/v1/customers/\(id)").json["billing_name"] == "Jane Ltd")
        }
    }

    @Test("the dashboard takes only an organization token, in a Strict cookie, and shows only its organization")
    func dashboard() async throws {
        let server = try await TestServer.make()
        let other = try await server.otherOrganization()
        try await server.test { api in
            let (customer, sessionToken) = try await api.signIn()
            let id = try #require(customer["id"]?.stringValue)

            #expect(try await api.page(.get, "/dashboard").status == .unauthorized)
            #expect(try await api.page(.get, "/dashboard", cookie: "polar_dashboard=\(sessionToken)").status == .unauthorized)
            let refused = try await api.page(.post, "/dashboard/sign-in", form: "token=\(sessionToken)")
            #expect(refused.status == .unauthorized && refused.headers[.setCookie] == nil)
            let signedIn = try await api.page(.post, "/dashboard/sign-in", form: "token=\(server.token)")
            #expect(signedIn.status == .seeOther)
            let cookie = try #require(signedIn.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/dashboard"))

            let list = try await api.page(.get, "/dashboard?query=portal%40example", cookie: "polar_dashboard=\(server.token)")
            #expect(list.status == .ok && list.text.contains("/dashboard/customers/\(id)"))
            let page = try await api.page(.get, "/dashboard/customers/\(id)", cookie: "polar_dashboard=\(server.token)")
            #expect(page.status == .ok && page.text.contains("portal@example.com"))
            let otherOrganization = try await api.page(.get, "/dashboard/customers/\(id)", cookie: "polar_dashboard=\(other.token)")
            #expect(otherOrganization.status == .notFound && !otherOrganization.text.contains("portal@example.com"))
        }
    }

    @Test("with a publishable key the card form is Stripe.js's, and the confirmation token it posts saves the card")
    func stripeJSCardForm() async throws {
        let server = try await TestServer.make()
        // Live: the server reaches its embedded Stripe emulator over its own port.
        try await server.test(.live, configure: { $0.stripePublishableKey = "pk_test_page" }) { api in
            let (_, token) = try await api.signIn()
            let slug = try await api.slug()
            let form = try await api.page(.get, "/\(slug)/portal/payment-methods/new", cookie: "polar_portal=\(token)")
            #expect(form.status == .ok)
            #expect(form.text.contains(#"<script src="https://js.stripe.com/v3/"></script>"#))
            #expect(form.text.contains(#"data-stripe-key="pk_test_page""#) && !form.text.contains("pm_card_visa"))
            #expect(form.headers[.contentSecurityPolicy]?.contains("script-src 'self' https://js.stripe.com") == true)

            // What Stripe.js would post: a confirmation token (here the emulator's test helper's).
            let ctoken = try await api.page(
                .post, "/stripe-emulator/v1/test_helpers/confirmation_tokens", form: "payment_method=pm_card_mastercard",
                authorization: "Bearer sk_test_page")
            let id = try #require(ctoken.json["id"]?.stringValue)
            let added = try await api.page(
                .post, "/\(slug)/portal/payment-methods", form: "csrf=\(WebSession.csrf(for: token))&confirmation_token_id=\(id)&set_default=on",
                cookie: "polar_portal=\(token)")
            #expect(added.status == .seeOther && added.headers[.location] == "/\(slug)/portal?notice=card-added")
            let methods = try await api.request(.get, "/v1/customer-portal/customers/me/payment-methods", token: token)
            #expect(methods.json["items"]?[0]?["method_metadata"]?["last4"] == "4444")
        }
    }

    @Test("assets are served by name only")
    func assets() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let css = try await api.page(.get, "/assets/site.css")
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(try await api.page(.get, "/assets/..%2FPackage.swift").status == .notFound)
            #expect(try await api.page(.get, "/assets/missing.js").status == .notFound)
        }
    }
}

extension APIClient {
    /// A browser's request: no bearer token, an optional cookie and form body.
    func page(
        _ method: HTTPRequest.Method, _ uri: String, form: String? = nil, cookie: String? = nil, authorization: String? = nil
    ) async throws -> APIResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        if let authorization { headers[.authorization] = authorization }
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: form.map { ByteBuffer(string: $0) }) { response in
            APIResponse(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    /// The slug of the token's organization (the test organization by default).
    func slug(_ organizationID: UUID? = nil, token: String? = nil) async throws -> String {
        let id: String
        if let organizationID {
            id = organizationID.lowercased
        } else {
            let probe = try await createCustomer(#"{"email":"slug-probe@example.com"}"#)
            id = try #require(probe["organization_id"]?.stringValue)
        }
        return try #require(try await request(.get, "/v1/organizations/\(id)", token: token ?? self.token).json["slug"]?.stringValue)
    }
}
