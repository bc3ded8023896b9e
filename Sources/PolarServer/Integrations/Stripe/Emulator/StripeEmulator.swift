import Hummingbird
import Logging

/// A Stripe test-mode emulator: the parts of Stripe's REST API that Polar's payment-method
/// flow calls, with Stripe's JSON shapes, ids, errors and published test payment methods
/// (``StripeFixture``), kept in the server's database so a restart loses nothing the
/// customers table points at. ``StripeClient`` speaks to it exactly as to Stripe.
///
/// Mount it on any router group; the client's base URL is then the server's address plus
/// the group's path:
///
/// ```swift
/// StripeEmulator(database: database).addRoutes(to: router.group("stripe-emulator"))
/// // StripeClient(baseURL: { "http://127.0.0.1:\(port)/stripe-emulator" }, secretKey: "sk_test_…", …)
/// ```
///
/// Its routes answer with Stripe's own rules (any `Bearer sk_test_…` key, Stripe's error
/// envelope), so mount them where Polar's middleware does not run, as ``responder(prefix:)``
/// does for the embedded default. Beyond Stripe's API it has one test helper of its own:
/// `POST /v1/test_helpers/setup_intents/{id}/authenticate` completes the 3-D Secure challenge
/// of a SetupIntent in `requires_action` (or, with `outcome=fail`, fails it).
struct StripeEmulator: Sendable {
    let database: Database
    let store = StripeEmulatorStore()

    func addRoutes<Context: RequestContext>(to group: RouterGroup<Context>) {
        group.post("/v1/customers", use: route { try await createCustomer($0, $1) })
        group.get("/v1/customers/:id", use: route { try await fetch("customer", $0, $1) })
        group.post("/v1/customers/:id", use: route { try await updateCustomer($0, $1) })
        group.post("/v1/setup_intents", use: route { try await createSetupIntent($0, $1) })
        group.get("/v1/setup_intents/:id", use: route { try await expand(try await fetch("setup_intent", $0, $1), $0, $1) })
        group.post("/v1/setup_intents/:id/confirm", use: route { try await confirmSetupIntent($0, $1) })
        group.post("/v1/test_helpers/setup_intents/:id/authenticate", use: route { try await authenticate($0, $1) })
        group.get("/v1/payment_methods/:id", use: route { try await fetch("payment_method", $0, $1) })
        group.post("/v1/payment_methods/:id/detach", use: route { try await detach($0, $1) })
        group.get("/v1/confirmation_tokens/:id", use: route { try await fetch("confirmation_token", $0, $1) })
        group.post("/v1/test_helpers/confirmation_tokens", use: route { try await createConfirmationToken($0, $1) })
    }

    /// The emulator for requests whose path starts with `prefix`: how the server embeds it
    /// beside Polar's API, outside Polar's middleware.
    func responder(prefix: String) -> some HTTPResponder<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        addRoutes(to: router.group(RouterPath(prefix)))
        return router.buildResponder()
    }

    /// The emulator as a server of its own, at the root path as Stripe serves its API.
    func application(configuration: ApplicationConfiguration, logger: Logger) -> some ApplicationProtocol {
        let router = Router()
        addRoutes(to: router.group())
        return Application(router: router, configuration: configuration, logger: logger)
    }
}
