import Foundation
import PolarModels
import StripeEmulator
import Testing

@testable import PolarServer

@Suite("Stripe emulator: customers, keys and missing objects")
struct StripeCustomerTests {
    @Test("a customer is created, updated field by field, and read back")
    func createAndUpdate() async throws {
        try await StripeEmulatorHarness.run { stripe in
            let created = try await stripe.createCustomer(
                email: "jane@example.com", name: "Jane", address: Address(line1: "1 rue de Rivoli", city: "Paris", country: "FR"),
                metadata: ["customer_id": "c1", "organization_id": "o1"])
            #expect(created.id.hasPrefix("cus_"))
            #expect(created.email == "jane@example.com" && created.name == "Jane")
            #expect(
                created.address
                    == StripeAddress(line1: "1 rue de Rivoli", line2: nil, postalCode: nil, city: "Paris", state: nil, country: "FR"))
            #expect(created.metadata == ["customer_id": "c1", "organization_id": "o1"])
            #expect(created.defaultPaymentMethod == nil)

            let updated = try await stripe.updateCustomer(
                id: created.id, email: "new@example.com", name: "Jane Doe", address: nil, defaultPaymentMethod: nil)
            #expect(updated.email == "new@example.com" && updated.name == "Jane Doe")
            #expect(updated.address == created.address)
            #expect(updated.metadata == created.metadata)
            let moved = try await stripe.updateCustomer(
                id: created.id, email: nil, address: Address(state: "US-NY", country: "US"), defaultPaymentMethod: nil)
            #expect(moved.address == StripeAddress(line1: nil, line2: nil, postalCode: nil, city: nil, state: "US-NY", country: "US"))

            let read = try await stripe.retrieveCustomer(id: created.id)
            #expect(read.email == "new@example.com" && read.name == "Jane Doe" && read.address?.country == "US")
        }
    }

    @Test("an unknown id is Stripe's 404 resource_missing, whatever the object")
    func missing() async throws {
        try await StripeEmulatorHarness.run { stripe in
            let calls: [(String, @Sendable () async throws -> Void)] = [
                ("cus_missing", { _ = try await stripe.retrieveCustomer(id: "cus_missing") }),
                ("cus_missing", { try await stripe.updateCustomer(id: "cus_missing", email: "a@b.io", address: nil, defaultPaymentMethod: nil) }),
                ("seti_missing", { _ = try await stripe.retrieveSetupIntent(id: "seti_missing") }),
                (
                    "seti_missing",
                    { _ = try await stripe.confirmSetupIntent(id: "seti_missing", confirmationToken: "pm_card_visa", returnURL: "https://polar.sh/") }
                ),
                ("pm_missing", { _ = try await stripe.retrievePaymentMethod(id: "pm_missing") }),
                ("pm_missing", { try await stripe.detachPaymentMethod(id: "pm_missing") }),
                ("ctoken_missing", { _ = try await stripe.retrieveConfirmationToken(id: "ctoken_missing") }),
            ]
            for (id, call) in calls {
                let error = await #expect(throws: StripeError.self) { try await call() }
                #expect(error?.status == 404, "\(id)")
                #expect(error?.type == "invalid_request_error" && error?.code == "resource_missing" && error?.param == "id")
                #expect(error?.message?.hasSuffix("'\(id)'") == true)
                #expect(error?.isInvalidRequest == true && error?.isCardError == false)
            }
            // An object of another kind is just as missing.
            let customer = try await stripe.createCustomer(email: nil, name: nil, address: nil, metadata: [:])
            let error = await #expect(throws: StripeError.self) { _ = try await stripe.retrieveSetupIntent(id: customer.id) }
            #expect(error?.status == 404)
            // A SetupIntent for a customer that does not exist names the parameter, with a 400.
            let unknownCustomer = await #expect(throws: StripeError.self) {
                _ = try await stripe.createSetupIntent(customer: "cus_missing", metadata: [:])
            }
            #expect(unknownCustomer?.status == 400 && unknownCustomer?.code == "resource_missing")
            #expect(unknownCustomer?.param == "customer")
        }
    }

    @Test(
        "a key that is not a test-mode secret key is Stripe's 401, which is no invalid request",
        arguments: ["sk_live_abc123", "pk_test_abc123", ""])
    func authentication(key: String) async throws {
        try await StripeEmulatorHarness.run(key: key) { stripe in
            let error = await #expect(throws: StripeError.self) {
                _ = try await stripe.createCustomer(email: nil, name: nil, address: nil, metadata: [:])
            }
            #expect(error?.status == 401 && error?.type == "invalid_request_error")
            #expect(error?.isInvalidRequest == false && error?.isCardError == false)
        }
    }

    @Test("the server embeds the emulator at /stripe-emulator, outside Polar's middleware")
    func embedded() async throws {
        let server = try await TestServer.make()
        try await server.test(.live) { api in
            let stripe = try StripeEmulatorHarness.served(by: api)
            let customer = try await stripe.createCustomer(email: "jane@example.com", name: nil, address: nil, metadata: [:])
            #expect(try await stripe.retrieveCustomer(id: customer.id).email == "jane@example.com")
        }
    }

    @Test("called in process, the emulator answers as its HTTP routes do: the same objects, the same errors")
    func inProcess() async throws {
        let server = try await TestServer.make()
        try await server.test(.live) { api in
            let http = try StripeEmulatorHarness.served(by: api)
            try await TestServer.withContext(server.database) { context in
                let embedded = StripeClient(api: EmbeddedStripeAPI(emulator: StripeEmulator(database: context.database)))
                var form = StripeForm()
                form.add("email", "jane@example.com")
                form.add(metadata: ["k": "v"])
                let customer = try await embedded.api.send(.post, "/v1/customers", form)
                let id = try #require(customer["id"]?.stringValue)
                #expect(customer["metadata"] == .object(["k": "v"]))
                #expect(try await http.api.send(.get, "/v1/customers/\(id)", StripeForm()) == customer)
                var fixture = StripeForm()
                fixture.add("payment_method", "pm_card_visa")
                let token = try await embedded.api.send(.post, "/v1/test_helpers/confirmation_tokens", fixture)
                #expect(token["_fixture"] == nil, "the emulator's bookkeeping stays inside")
                #expect(try await http.api.send(.get, "/v1/confirmation_tokens/\(token["id"]?.stringValue ?? "")", StripeForm()) == token)

                for client in [embedded, http] {
                    let missing = await #expect(throws: StripeError.self) { try await client.retrievePaymentMethod(id: "pm_nope") }
                    #expect(missing?.status == 404 && missing?.code == "resource_missing" && missing?.message == "No such PaymentMethod: 'pm_nope'")
                }
                let unknown = await #expect(throws: StripeError.self) {
                    try await embedded.api.send(.get, "/v1/charges/ch_1", StripeForm())
                }
                #expect(unknown?.status == 404 && unknown?.type == "invalid_request_error")
            }
        }
    }
}
