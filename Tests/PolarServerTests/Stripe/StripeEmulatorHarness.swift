import AsyncHTTPClient
import Hummingbird
import HummingbirdTesting
import Logging
import PolarModels
import StripeEmulator
import Testing

@testable import PolarServer

/// The emulator as a server of its own on a real port, over a database of its own (SQLite, or
/// PostgreSQL under `POLAR_TEST_DATABASE_URL`), and a ``StripeClient`` pointed at it: the
/// tests speak to it only as the server speaks to Stripe.
enum StripeEmulatorHarness {
    static func run<T: Sendable>(
        database: DatabaseURL? = nil, key: String = "sk_test_tests", _ body: @escaping @Sendable (StripeClient) async throws -> T
    ) async throws -> T {
        let url = if let database { database } else { try await TestServer.freshDatabase() }
        var logger = Logger(label: "stripe-emulator")
        logger.logLevel = .warning
        return try await ServerContext.with(url, logger: logger) { context in
            // At the root path, as Stripe serves its API.
            let router = Router()
            StripeEmulator(database: context.database).addRoutes(to: router.group())
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
            return try await app.test(.live) { client in
                let port = try #require(client.port)
                return try await body(
                    StripeClient(api: HTTPStripeAPI(baseURL: "http://127.0.0.1:\(port)", secretKey: key, httpClient: .shared)))
            }
        }
    }
}

extension StripeEmulatorHarness {
    /// A client of the emulator a live test server serves at `/stripe-emulator`, over HTTP.
    static func served(by api: APIClient) throws -> StripeClient {
        let port = try #require(api.client.port)
        return StripeClient(
            api: HTTPStripeAPI(
                baseURL: "http://127.0.0.1:\(port)\(PolarResponderPrefix.stripeEmulator)", secretKey: "sk_test_tests", httpClient: .shared))
    }
}

/// Reads the server never makes, so they live with the tests.
extension StripeClient {
    func retrieveCustomer(id: String) async throws -> StripeCustomer { try await retrieve("/v1/customers/\(id)") }

    func retrievePaymentMethod(id: String) async throws -> StripePaymentMethod { try await retrieve("/v1/payment_methods/\(id)") }

    func retrieveConfirmationToken(id: String) async throws -> StripeConfirmationToken {
        try await retrieve("/v1/confirmation_tokens/\(id)")
    }

    private func retrieve<Object: Decodable>(_ path: String) async throws -> Object {
        try JSONValueDecoder().decode(Object.self, from: try await api.send(.get, path, StripeForm()))
    }

    /// The emulator's 3-D Secure challenge, passed or failed; the SetupIntent comes back expanded.
    func authenticate(setupIntent id: String, passing: Bool = true) async throws -> StripeSetupIntent {
        var form = StripeForm()
        form.add("outcome", passing ? nil : "fail")
        form.add("expand[]", "payment_method")
        return try JSONValueDecoder().decode(
            StripeSetupIntent.self, from: try await api.send(.post, "/v1/test_helpers/setup_intents/\(id)/authenticate", form))
    }

    /// A customer with a SetupIntent confirmed by `confirmationToken`.
    func setUp(_ confirmationToken: String, email: String = "jane@example.com") async throws -> (StripeCustomer, StripeSetupIntent) {
        let customer = try await createCustomer(email: email, name: "Jane", address: nil, metadata: [:])
        let intent = try await createSetupIntent(customer: customer.id, metadata: [:])
        return (customer, try await confirmSetupIntent(id: intent.id, confirmationToken: confirmationToken, returnURL: "https://polar.sh/"))
    }
}
