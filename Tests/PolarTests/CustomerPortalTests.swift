import Foundation
import Testing

@testable import Polar

@Suite("Customer portal operations over the in-memory transport")
struct CustomerPortalTests {
    static let paymentMethodID = UUID(uuidString: "0b1e2f3a-4c5d-4e6f-8a9b-0c1d2e3f4a5b")!

    static let portalCustomer = """
        {"created_at":"2026-03-01T10:00:00Z","modified_at":"2026-05-01T09:00:01.500000Z",\
        "id":"8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70","email":"jane@example.org","email_verified":true,"name":"Jane",\
        "billing_name":"Jane","billing_address":{"line1":"1 Main","line2":null,"postal_code":"94107","city":"San Francisco","state":"US-CA","country":"US"},\
        "tax_id":null,"oauth_accounts":{"github:123":{"account_id":"123","account_username":"jane"}},\
        "default_payment_method_id":"0b1e2f3a-4c5d-4e6f-8a9b-0c1d2e3f4a5b","type":"individual","locale":null}
        """

    static let card = """
        {"id":"0b1e2f3a-4c5d-4e6f-8a9b-0c1d2e3f4a5b","created_at":"2026-03-01T10:00:00Z","modified_at":null,\
        "processor":"stripe","customer_id":"8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70","type":"card",\
        "method_metadata":{"brand":"visa","last4":"4242","exp_month":12,"exp_year":2030,"wallet":"apple_pay"}}
        """

    func portal(_ transport: MockTransport) -> Polar.CustomerPortal.Customers {
        makePolar(transport, accessToken: "polar_cst_session").customerPortal.customers
    }

    @Test("get: the portal customer with OAuth accounts, authenticated by the session token")
    func get() async throws {
        let transport = MockTransport(.json(200, Self.portalCustomer))
        let me = try await portal(transport).get()
        #expect(transport.lastPathAndQuery == "/v1/customer-portal/customers/me")
        #expect(transport.lastRequest?.header("Authorization") == "Bearer polar_cst_session")
        #expect(me.email == "jane@example.org")
        #expect(me.emailVerified)
        #expect(me.oauthAccounts["github:123"] == CustomerPortalOAuthAccount(accountID: "123", accountUsername: "jane"))
        #expect(me.defaultPaymentMethodID == Self.paymentMethodID)
        #expect(me.type == .individual)
        #expect(PolarTimestamp.format(try #require(me.modifiedAt)) == "2026-05-01T09:00:01.500000Z")
    }

    @Test("withAccessToken switches a client to the session token")
    func withAccessToken() async throws {
        let transport = MockTransport(.json(200, Self.portalCustomer))
        let polar = makePolar(transport)
        _ = try await polar.withAccessToken("polar_cst_other").customerPortal.customers.get()
        #expect(transport.lastRequest?.header("Authorization") == "Bearer polar_cst_other")
        #expect(polar.configuration.accessToken == "polar_oat_test")
    }

    @Test("update sends only the named fields; null only when asked; UUIDs lower-case")
    func update() async throws {
        let transport = MockTransport(.json(200, Self.portalCustomer))
        let customers = portal(transport)
        _ = try await customers.update(CustomerPortalCustomerUpdate())
        #expect(transport.lastRequest?.method == .patch)
        #expect(transport.lastRequest?.bodyText == "{}")
        _ = try await customers.update(
            CustomerPortalCustomerUpdate(billingName: .value("Acme"), taxID: .null, defaultPaymentMethodID: .value(Self.paymentMethodID)))
        #expect(
            transport.lastRequest?.bodyText
                == #"{"billing_name":"Acme","tax_id":null,"default_payment_method_id":"0b1e2f3a-4c5d-4e6f-8a9b-0c1d2e3f4a5b"}"#)
    }

    @Test("listPaymentMethods decodes card, kr_card and generic shapes")
    func listPaymentMethods() async throws {
        let krCard = #"{"id":"\#(UUID().lowercased)","created_at":"2026-03-01T10:00:00Z","modified_at":null,"processor":"stripe","customer_id":"8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70","type":"kr_card","method_metadata":{"brand":"bc","last4":null}}"#
        let link = #"{"id":"\#(UUID().lowercased)","created_at":"2026-03-01T10:00:00Z","modified_at":null,"processor":"stripe","customer_id":"8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70","type":"link"}"#
        let incompleteCard = #"{"id":"\#(UUID().lowercased)","created_at":"2026-03-01T10:00:00Z","modified_at":null,"processor":"stripe","customer_id":"8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70","type":"card","method_metadata":{"brand":"visa"}}"#
        let transport = MockTransport(.json(200, Fixtures.page([Self.card, krCard, link, incompleteCard], total: 4, maxPage: 1)))
        let page = try await portal(transport).listPaymentMethods(page: 1, limit: 20)
        #expect(transport.lastPathAndQuery == "/v1/customer-portal/customers/me/payment-methods?page=1&limit=20")
        #expect(page.items.count == 4)
        guard case .card(let common, let metadata) = page.items[0] else {
            Issue.record("expected a card")
            return
        }
        #expect(common.id == Self.paymentMethodID)
        #expect(metadata == PaymentMethodCardMetadata(brand: "visa", last4: "4242", expMonth: 12, expYear: 2030, wallet: "apple_pay"))
        guard case .krCard(_, let kr) = page.items[1] else {
            Issue.record("expected a kr_card")
            return
        }
        #expect(kr.brand == "bc")
        guard case .generic = page.items[2], case .generic = page.items[3] else {
            Issue.record("expected generic methods")
            return
        }
        #expect(page.items[2].type == "link")
    }

    @Test("addPaymentMethod: succeeded and requires_action responses")
    func add() async throws {
        let transport = MockTransport { _, index in
            index == 0
                ? .json(201, #"{"status":"succeeded","payment_method":\#(Self.card)}"#)
                : .json(201, #"{"status":"requires_action","client_secret":"seti_1_secret_2"}"#)
        }
        let customers = portal(transport)
        let body = CustomerPaymentMethodCreate(confirmationTokenID: "ctoken_1", setDefault: true, returnURL: "/acme/portal")
        guard case .succeeded(let method) = try await customers.addPaymentMethod(body) else {
            Issue.record("expected succeeded")
            return
        }
        #expect(method.id == Self.paymentMethodID)
        #expect(transport.lastRequest?.method == .post)
        #expect(transport.lastPathAndQuery == "/v1/customer-portal/customers/me/payment-methods")
        #expect(transport.lastRequest?.bodyText == #"{"confirmation_token_id":"ctoken_1","set_default":true,"return_url":"/acme/portal"}"#)
        #expect(try await customers.addPaymentMethod(body) == .requiresAction(clientSecret: "seti_1_secret_2"))
    }

    @Test("addPaymentMethod: a declined card is .paymentMethodSetupFailed")
    func addDeclined() async throws {
        let transport = MockTransport(.json(400, #"{"error":"PaymentMethodSetupFailed","detail":"Could not add this payment method: Your card was declined. Please try again with a different card."}"#))
        await #expect {
            _ = try await portal(transport).addPaymentMethod(.init(confirmationTokenID: "c", setDefault: false, returnURL: ""))
        } throws: { error in
            guard let error = error as? PolarError, error.code == .paymentMethodSetupFailed, let body = error.body else { return false }
            return body.detail?.hasPrefix("Could not add this payment method") == true
        }
    }

    @Test("confirmPaymentMethod: body, and .customerNotReady on 403")
    func confirm() async throws {
        let transport = MockTransport { _, index in
            index == 0
                ? .json(201, #"{"status":"succeeded","payment_method":\#(Self.card)}"#)
                : .json(403, #"{"error":"CustomerNotReady","detail":"Customer is not ready for this operation."}"#)
        }
        let customers = portal(transport)
        let body = CustomerPaymentMethodConfirm(setupIntentID: "seti_1", setDefault: false)
        _ = try await customers.confirmPaymentMethod(body)
        #expect(transport.lastPathAndQuery == "/v1/customer-portal/customers/me/payment-methods/confirm")
        #expect(transport.lastRequest?.bodyText == #"{"setup_intent_id":"seti_1","set_default":false}"#)
        await #expect {
            _ = try await customers.confirmPaymentMethod(body)
        } throws: { error in
            guard (error as? PolarError)?.code == .customerNotReady else { return false }
            return true
        }
    }

    @Test("deletePaymentMethod: 204, .paymentMethodInUse on 400, .notFound on 404")
    func delete() async throws {
        let transport = MockTransport { _, index in
            switch index {
            case 0: .empty(204)
            case 1: .json(400, #"{"error":"PaymentMethodInUseByActiveSubscription","detail":"This payment method is still needed to bill a subscription. Add another one or cancel the subscription first."}"#)
            default: .json(404, #"{"error":"ResourceNotFound","detail":"Not found"}"#)
            }
        }
        let customers = portal(transport)
        try await customers.deletePaymentMethod(id: Self.paymentMethodID)
        #expect(transport.lastRequest?.method == .delete)
        #expect(transport.lastPathAndQuery == "/v1/customer-portal/customers/me/payment-methods/0b1e2f3a-4c5d-4e6f-8a9b-0c1d2e3f4a5b")
        await #expect {
            try await customers.deletePaymentMethod(id: Self.paymentMethodID)
        } throws: { error in
            guard (error as? PolarError)?.code == .paymentMethodInUse else { return false }
            return true
        }
        await #expect {
            try await customers.deletePaymentMethod(id: Self.paymentMethodID)
        } throws: { error in
            guard (error as? PolarError)?.code == .notFound else { return false }
            return true
        }
    }

    @Test("requestEmailUpdate: 202 with a null body; 403 when changes are off")
    func requestEmailUpdate() async throws {
        let transport = MockTransport { _, index in
            index == 0
                ? .json(202, "null")
                : .json(403, #"{"error":"NotPermitted","detail":"Email changes are not enabled for this organization."}"#)
        }
        let customers = portal(transport)
        try await customers.requestEmailUpdate(CustomerEmailUpdateRequest(email: "new@example.org"))
        #expect(transport.lastPathAndQuery == "/v1/customer-portal/customers/me/email-update/request")
        #expect(transport.lastRequest?.bodyText == #"{"email":"new@example.org"}"#)
        await #expect {
            try await customers.requestEmailUpdate(CustomerEmailUpdateRequest(email: "new@example.org"))
        } throws: { error in
            guard let error = error as? PolarError, error.code == .forbidden, let body = error.body else { return false }
            return body.error == "NotPermitted"
        }
    }

    @Test("checkEmailUpdate: true on 204, false on InvalidCustomerEmailUpdate, sent without a bearer token")
    func check() async throws {
        let transport = MockTransport { _, index in
            switch index {
            case 0: .empty(204)
            case 1: .json(401, #"{"error":"InvalidCustomerEmailUpdate","detail":"This email update request is invalid or has expired."}"#)
            default: .json(422, #"{"error":"RequestValidationError","detail":[{"type":"missing","loc":["query","token"],"msg":"Field required","input":null}]}"#)
            }
        }
        let customers = portal(transport)
        #expect(try await customers.checkEmailUpdate(token: "polar_cev_abc+/="))
        #expect(transport.lastPathAndQuery == "/v1/customer-portal/customers/me/email-update/check?token=polar_cev_abc%2B%2F%3D")
        #expect(transport.lastRequest?.header("Authorization") == nil)
        #expect(try await customers.checkEmailUpdate(token: "polar_cev_old") == false)
        await #expect(throws: PolarError.self) { _ = try await customers.checkEmailUpdate(token: "") }
    }

    @Test("verifyEmailUpdate: returns the new session token; 401 and 422 map to errors")
    func verify() async throws {
        let transport = MockTransport { _, index in
            switch index {
            case 0: .json(200, #"{"token":"polar_cst_new"}"#)
            case 1: .json(401, #"{"error":"InvalidCustomerEmailUpdate","detail":"This email update request is invalid or has expired."}"#)
            default: .json(422, #"{"error":"PolarRequestValidationError","detail":[{"type":"value_error","loc":["body","token"],"msg":"This email address is already in use.","input":"new@example.org"}]}"#)
            }
        }
        let customers = portal(transport)
        let response = try await customers.verifyEmailUpdate(CustomerEmailUpdateVerifyRequest(token: "polar_cev_abc"))
        #expect(response.token == "polar_cst_new")
        #expect(transport.lastRequest?.header("Authorization") == nil)
        #expect(transport.lastRequest?.bodyText == #"{"token":"polar_cev_abc"}"#)
        await #expect {
            _ = try await customers.verifyEmailUpdate(CustomerEmailUpdateVerifyRequest(token: "polar_cev_abc"))
        } throws: { error in
            guard let error = error as? PolarError, error.code == .unauthorized, let body = error.body else { return false }
            return body.error == "InvalidCustomerEmailUpdate"
        }
        await #expect {
            _ = try await customers.verifyEmailUpdate(CustomerEmailUpdateVerifyRequest(token: "polar_cev_abc"))
        } throws: { error in
            guard let error = error as? PolarError, error.code == .validation, let body = error.validation else { return false }
            return body.detail.first?.loc == ["body", "token"]
        }
    }

    @Test("a wrong kind of token on a portal route is .unauthorized")
    func wrongToken() async throws {
        let transport = MockTransport(.json(401, #"{"error":"Unauthorized","detail":"Unauthorized"}"#))
        await #expect {
            _ = try await makePolar(transport).customerPortal.customers.get()
        } throws: { error in
            guard let error = error as? PolarError, error.code == .unauthorized, let body = error.body else { return false }
            return body.error == "Unauthorized"
        }
    }

    @Test("portal wire types round-trip with every key in Polar's order")
    func roundTrip() throws {
        let customer = try JSONValueDecoder().decode(CustomerPortalCustomer.self, from: Array(Self.portalCustomer.utf8))
        #expect(String(decoding: try JSONValueEncoder.serialize(customer), as: UTF8.self) == Self.portalCustomer)
        let method = try JSONValueDecoder().decode(CustomerPaymentMethod.self, from: Array(Self.card.utf8))
        #expect(String(decoding: try JSONValueEncoder.serialize(method), as: UTF8.self) == Self.card)
    }
}
