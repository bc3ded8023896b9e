import Foundation
import Hummingbird
import NIOCore
import PolarModels
import Testing

@testable import PolarServer

/// The portal's payment methods against the built-in Stripe emulator, which the server calls in
/// process: no socket (`.router`), and no port for it to find. The emulator's test helpers are
/// reached at `/stripe-emulator`, as a browser would.
@Suite("Payment methods: /v1/customer-portal/customers/me/payment-methods")
struct PaymentMethodTests {
    static let path = "/v1/customer-portal/customers/me/payment-methods"

    /// Mints a `ctoken_…` for a Stripe test fixture through the emulator's test helper.
    static func confirmationToken(_ api: APIClient, _ fixture: String) async throws -> String {
        let response = try await api.client.execute(
            uri: "/stripe-emulator/v1/test_helpers/confirmation_tokens", method: .post,
            headers: [.authorization: "Bearer sk_test_tests", .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "payment_method=\(fixture)")
        ) { String(buffer: $0.body) }
        return try #require(try JSONValue.parse(Array(response.utf8))["id"]?.stringValue)
    }

    static func add(_ api: APIClient, _ token: String, _ confirmation: String, setDefault: Bool = false) async throws -> APIResponse {
        try await api.request(
            .post, path, json: #"{"confirmation_token_id":"\#(confirmation)","set_default":\#(setDefault),"return_url":"/acme/portal"}"#,
            token: token)
    }

    @Test("a card is saved at once: Polar's card shape, listed newest first, default when asked")
    func addCard() async throws {
        let server = try await TestServer.make()
        try await server.test(.router) { api in
            let (customer, token) = try await api.signIn()
            let visa = try await Self.add(api, token, try await Self.confirmationToken(api, "pm_card_visa"), setDefault: true)
            #expect(visa.status == .created, "\(visa.text)")
            #expect(visa.json.keys == ["status", "payment_method"])
            #expect(visa.json["status"] == "succeeded")
            let method = try #require(visa.json["payment_method"])
            #expect(method.keys == ["id", "created_at", "modified_at", "processor", "customer_id", "type", "method_metadata"])
            #expect(method["processor"] == "stripe")
            #expect(method["customer_id"] == customer["id"])
            #expect(method["type"] == "card")
            #expect(
                method["method_metadata"]
                    == .object(["brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2034, "wallet": nil]))

            // A fixture name works directly as a confirmation token, and without set_default
            // the method is not the default.
            let mastercard = try await Self.add(api, token, "pm_card_mastercard")
            #expect(mastercard.json["payment_method"]?["method_metadata"]?["brand"] == "mastercard")

            let list = try await api.request(.get, Self.path, token: token)
            #expect(list.json["pagination"] == .object(["total_count": 2, "max_page": 1]))
            #expect(list.json["items"]?.arrayValue.map { $0["id"] } == [mastercard.json["payment_method"]?["id"], method["id"]])
            let me = try await api.request(.get, "/v1/customer-portal/customers/me", token: token)
            #expect(me.json["default_payment_method_id"] == method["id"])
            let paged = try await api.request(.get, Self.path + "?limit=1&page=2", token: token)
            #expect(paged.json["items"]?.arrayValue.count == 1)
            #expect(paged.json["pagination"]?["max_page"] == 2)
            let invalid = try await api.request(.get, Self.path + "?limit=0", token: token)
            #expect(invalid.json["detail"]?.arrayValue.first?["type"] == "greater_than")

            // The PATCH picks another default, at Stripe too.
            let mastercardID = try #require(mastercard.json["payment_method"]?["id"]?.stringValue)
            let patched = try await api.request(
                .patch, "/v1/customer-portal/customers/me", json: #"{"default_payment_method_id":"\#(mastercardID)"}"#, token: token)
            #expect(patched.json["default_payment_method_id"]?.stringValue == mastercardID)
        }
    }

    @Test("Korean cards keep brand and last4; other types have no method_metadata at all")
    func shapes() async throws {
        let server = try await TestServer.make()
        try await server.test(.router) { api in
            let (_, token) = try await api.signIn()
            let korean = try await Self.add(api, token, "pm_card_kr")
            #expect(korean.json["payment_method"]?["type"] == "kr_card")
            #expect(korean.json["payment_method"]?["method_metadata"] == .object(["brand": "bc", "last4": "4444"]))
            let sepa = try await Self.add(api, token, "pm_sepa_debit")
            #expect(sepa.json["payment_method"]?["type"] == "sepa_debit")
            #expect(sepa.json["payment_method"]?.keys == ["id", "created_at", "modified_at", "processor", "customer_id", "type"])
        }
    }

    @Test("3-D Secure: requires_action, nothing saved, then confirm after the challenge saves it")
    func threeDSecure() async throws {
        let server = try await TestServer.make()
        try await server.test(.router) { api in
            let (_, token) = try await api.signIn()
            let pending = try await Self.add(api, token, try await Self.confirmationToken(api, "pm_card_threeDSecure2Required"))
            #expect(pending.status == .created)
            #expect(pending.json.keys == ["status", "client_secret"])
            #expect(pending.json["status"] == "requires_action")
            let secret = try #require(pending.json["client_secret"]?.stringValue)
            let intent = String(try #require(secret.components(separatedBy: "_secret_").first))
            #expect(intent.hasPrefix("seti_"))
            #expect(try await api.request(.get, Self.path, token: token).json["items"] == [])

            let early = try await api.request(
                .post, Self.path + "/confirm", json: #"{"setup_intent_id":"\#(intent)","set_default":true}"#, token: token)
            #expect(early.json["status"] == "requires_action")

            _ = try await api.client.execute(
                uri: "/stripe-emulator/v1/test_helpers/setup_intents/\(intent)/authenticate", method: .post,
                headers: [.authorization: "Bearer sk_test_tests"], body: nil) { _ in }
            let confirmed = try await api.request(
                .post, Self.path + "/confirm", json: #"{"setup_intent_id":"\#(intent)","set_default":true}"#, token: token)
            #expect(confirmed.status == .created)
            #expect(confirmed.json["status"] == "succeeded")
            let id = confirmed.json["payment_method"]?["id"]
            #expect(try await api.request(.get, "/v1/customer-portal/customers/me", token: token).json["default_payment_method_id"] == id)
            // Confirming again returns the same row.
            let again = try await api.request(
                .post, Self.path + "/confirm", json: #"{"setup_intent_id":"\#(intent)","set_default":false}"#, token: token)
            #expect(again.json["payment_method"]?["id"] == id)
            #expect(try await api.request(.get, Self.path, token: token).json["pagination"]?["total_count"] == 1)
        }
    }

    @Test("declined cards, unknown tokens, and confirm's CustomerNotReady and invalid setup intents")
    func errors() async throws {
        let server = try await TestServer.make()
        try await server.test(.router) { api in
            let (_, token) = try await api.signIn()
            let confirmBody = #"{"setup_intent_id":"seti_unknown","set_default":false}"#
            let notReady = try await api.request(.post, Self.path + "/confirm", json: confirmBody, token: token)
            #expect(notReady.status == .forbidden)
            #expect(notReady.json == .object(["error": "CustomerNotReady", "detail": "Customer is not ready for this operation."]))

            let declined = try await Self.add(api, token, try await Self.confirmationToken(api, "pm_card_chargeDeclined"))
            #expect(declined.status == .badRequest)
            #expect(
                declined.json
                    == .object([
                        "error": "PaymentMethodSetupFailed",
                        "detail": "Could not add this payment method: Your card was declined. Please try again with a different card.",
                    ]))
            #expect(try await api.request(.get, Self.path, token: token).json["items"] == [])

            // The decline created the Stripe customer, so confirm now looks the intent up.
            let unknown = try await api.request(.post, Self.path + "/confirm", json: confirmBody, token: token)
            #expect(
                unknown.json["detail"]
                    == [.object(["type": "invalid", "loc": ["body", "setup_intent_id"], "msg": "Invalid setup_intent_id.", "input": "seti_unknown"])])
            let badToken = try await Self.add(api, token, "ctoken_nope")
            #expect(badToken.status == .unprocessableContent)
            #expect(badToken.json["detail"]?.arrayValue.first?["loc"] == ["body", "confirmation_token_id"])

            // Another customer's SetupIntent is not this customer's to confirm.
            let (_, otherToken) = try await api.signIn(#"{"email":"other@example.com"}"#)
            let theirs = try await Self.add(api, otherToken, "pm_card_threeDSecure2Required")
            let theirIntent = String(try #require(theirs.json["client_secret"]?.stringValue?.components(separatedBy: "_secret_").first))
            let crossing = try await api.request(
                .post, Self.path + "/confirm", json: #"{"setup_intent_id":"\#(theirIntent)","set_default":false}"#, token: token)
            #expect(crossing.status == .unprocessableContent)

            let missing = try await api.request(.post, Self.path, json: "{}", token: token)
            #expect(
                missing.json["detail"]?.arrayValue.compactMap { $0["loc"] }
                    == [["body", "confirmation_token_id"], ["body", "set_default"], ["body", "return_url"]])
            let anonymous = try await api.request(.get, Self.path, token: .some(nil))
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test("delete detaches and soft-deletes, clears the default, and never reaches another customer's method")
    func delete() async throws {
        let server = try await TestServer.make()
        try await server.test(.router) { api in
            let (_, token) = try await api.signIn()
            let saved = try await Self.add(api, token, "pm_card_visa", setDefault: true)
            let id = try #require(saved.json["payment_method"]?["id"]?.stringValue)
            let (_, otherToken) = try await api.signIn(#"{"email":"other@example.com"}"#)
            let foreign = try await api.request(.delete, Self.path + "/\(id)", token: otherToken)
            #expect(foreign.status == .notFound)
            #expect(foreign.json == .object(["error": "ResourceNotFound", "detail": "Not found"]))

            let deleted = try await api.request(.delete, Self.path + "/\(id)", token: token)
            #expect(deleted.status == .noContent)
            #expect(deleted.text.isEmpty)
            #expect(try await api.request(.get, Self.path, token: token).json["items"] == [])
            #expect(try await api.request(.get, "/v1/customer-portal/customers/me", token: token).json["default_payment_method_id"] == .null)
            #expect(try await api.request(.delete, Self.path + "/\(id)", token: token).status == .notFound)
            #expect(try await api.request(.delete, Self.path + "/not-a-uuid", token: token).status == .unprocessableContent)
            let gone = try await api.request(
                .patch, "/v1/customer-portal/customers/me", json: #"{"default_payment_method_id":"\#(id)"}"#, token: token)
            #expect(gone.json["detail"]?.arrayValue.first?["msg"] == "Payment method not found.")
        }
    }

    @Test("a method billing a live subscription hands it to another (the default first), or stays with Polar's 400")
    func inUseBySubscription() async throws {
        let server = try await TestServer.make()
        try await server.test(.router) { api in
            let (customer, token) = try await api.signIn()
            let customerID = try #require(customer["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            let visa = try #require(try await Self.add(api, token, "pm_card_visa", setDefault: true).json["payment_method"]?["id"]?.stringValue)
            let product = try await ProductTests.product(
                api, #"{"name":"Paid","recurring_interval":"month","prices":[{"amount_type":"fixed","price_amount":900}]}"#)
            let productID = try #require(product["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            let subscriptionID = try await TestServer.withContext(server.database) { context in
                try await context.createSubscription(customerID: customerID, productID: productID)
            }
            let billing: @Sendable () async throws -> UUID? = {
                try await TestServer.withContext(server.database) { context in
                    try await SubscriptionStore(database: context.database).find(subscriptionID, organizationID: server.organizationID)?.paymentMethodID
                }
            }
            #expect(try await billing()?.lowercased == visa)

            let refused = try await api.request(.delete, Self.path + "/\(visa)", token: token)
            #expect(refused.status == .badRequest)
            #expect(
                refused.json
                    == .object([
                        "error": "PaymentMethodInUseByActiveSubscription",
                        "detail": "This payment method is still needed to bill a subscription. Add another one or cancel the subscription first.",
                    ]))
            #expect(try await api.request(.get, Self.path, token: token).json["items"]?.arrayValue.count == 1)

            let mastercard = try #require(try await Self.add(api, token, "pm_card_mastercard").json["payment_method"]?["id"]?.stringValue)
            #expect(try await api.request(.delete, Self.path + "/\(visa)", token: token).status == .noContent)
            #expect(try await billing()?.lowercased == mastercard)

            // Cancelled at period end with nothing metered, it no longer needs a method.
            let cancel = try await api.request(
                .patch, "/v1/subscriptions/\(subscriptionID.uuidString.lowercased())", json: #"{"cancel_at_period_end":true}"#)
            #expect(cancel.status == .ok)
            #expect(try await api.request(.delete, Self.path + "/\(mastercard)", token: token).status == .noContent)
            // The subscription no longer names the deleted method, as Polar clears it everywhere.
            #expect(try await billing() == nil)
        }
    }

    @Test("the organization lists a customer's methods by id and external id, each saying whether it is the default")
    func organizationList() async throws {
        let server = try await TestServer.make()
        let other = try await server.otherOrganization()
        try await server.test(.router) { api in
            let (customer, token) = try await api.signIn(#"{"email":"pm@example.com","external_id":"pm-1"}"#)
            let id = try #require(customer["id"]?.stringValue)
            #expect(try await Self.add(api, token, try await Self.confirmationToken(api, "pm_card_visa"), setDefault: true).status == .created)
            #expect(try await Self.add(api, token, try await Self.confirmationToken(api, "pm_card_mastercard")).status == .created)
            let portal = try await api.request(.get, Self.path, token: token).json
            let list = try await api.request(.get, "/v1/customers/\(id)/payment-methods")
            #expect(list.status == .ok)
            let items = list.json["items"]?.arrayValue ?? []
            #expect(items.count == 2)
            #expect(items.map { $0["is_default"] } == [false, true], "newest first; the visa is the default")
            #expect(items.first?.keys.last == "is_default")
            // The portal's shape, plus is_default.
            for (item, shown) in zip(items, portal["items"]?.arrayValue ?? []) {
                guard case .object(var members) = item else { continue }
                members.removeLast()
                #expect(JSONValue.object(members) == shown)
            }
            #expect(list.json["pagination"] == .object(["total_count": 2, "max_page": 1]))
            #expect(try await api.request(.get, "/v1/customers/external/pm-1/payment-methods?limit=1").json["pagination"] == .object(["total_count": 2, "max_page": 2]))
            #expect(try await api.request(.get, "/v1/customers/\(id)/payment-methods", token: other.token).status == .notFound)
            #expect(try await api.request(.get, "/v1/customers/external/nobody/payment-methods").status == .notFound)
            #expect(try await api.request(.get, "/v1/customers/\(id)/payment-methods?page=0").status == .unprocessableContent)
        }
    }

    @Test("return URLs are sanitised, never rejected, and name the SetupIntent")
    func returnURL() {
        let url = ReturnURL(links: PortalLinks(configuration: ServerConfiguration(portalBaseURL: "https://polar.sh")), allowedHosts: [])
        #expect(url.sanitized("https://polar.sh/acme/portal?x=1&empty=", setupIntent: "seti_1") == "https://polar.sh/acme/portal?x=1&polar_setup_intent=seti_1")
        #expect(url.sanitized("/acme/portal", setupIntent: "seti_1") == "https://polar.sh/acme/portal?polar_setup_intent=seti_1")
        for foreign in ["https://example.com/back", "//evil.com", "javascript:alert(1)", "", "acme/portal", "https://polar.sh:443/x"] {
            #expect(url.sanitized(foreign, setupIntent: "seti_1") == "https://polar.sh/?polar_setup_intent=seti_1", "\(foreign)")
        }
        #expect(
            url.sanitized("https://polar.sh/a?polar_setup_intent=old&b=2", setupIntent: "seti_2") == "https://polar.sh/a?b=2&polar_setup_intent=seti_2")
    }
}
