import Hummingbird
import PolarCompatibility
import PolarModels
import SQLKit

/// A Stripe test-mode emulator: the parts of Stripe's REST API that Polar's payment-method
/// flow calls, with Stripe's JSON shapes, ids, errors and published test payment methods
/// (``StripeFixture``), kept in the server's database so a restart loses nothing the
/// customers table points at.
///
/// The server calls it in process (its `EmbeddedStripeAPI`); its HTTP routes, mounted by
/// ``responder(prefix:)`` under `/stripe-emulator`, serve browsers, curl and the SDK tests with
/// Stripe's own rules (any `Bearer sk_test_…` key, Stripe's error envelope). Both run the same
/// ``endpoints``. Beyond Stripe's API it has one test helper of its own:
/// `POST /v1/test_helpers/setup_intents/{id}/authenticate` completes the 3-D Secure challenge
/// of a SetupIntent in `requires_action` (or, with `outcome=fail`, fails it).
package struct StripeEmulator: Sendable {
    let database: any StripeEmulatorDatabase
    let store = StripeEmulatorStore()

    /// An emulator keeping its objects in `database`, which must hold its table
    /// (``StripeEmulatorStore/schema``).
    package init(database: any StripeEmulatorDatabase) { self.database = database }

    /// One of Stripe's endpoints: its method, its path (`:id` names the object), what it does.
    struct Endpoint: Sendable {
        let method: HTTPRequest.Method
        let path: String
        let handle: @Sendable (StripeEmulatorCall, any SQLDatabase) async throws -> JSONValue
    }

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .post, path: "/v1/customers") { try await createCustomer($0, $1) },
            Endpoint(method: .get, path: "/v1/customers/:id") { try await fetch("customer", $0, $1) },
            Endpoint(method: .post, path: "/v1/customers/:id") { try await updateCustomer($0, $1) },
            Endpoint(method: .post, path: "/v1/setup_intents") { try await createSetupIntent($0, $1) },
            Endpoint(method: .get, path: "/v1/setup_intents/:id") { try await expand(try await fetch("setup_intent", $0, $1), $0, $1) },
            Endpoint(method: .post, path: "/v1/setup_intents/:id/confirm") { try await confirmSetupIntent($0, $1) },
            Endpoint(method: .post, path: "/v1/test_helpers/setup_intents/:id/authenticate") { try await authenticate($0, $1) },
            Endpoint(method: .get, path: "/v1/payment_methods/:id") { try await fetch("payment_method", $0, $1) },
            Endpoint(method: .post, path: "/v1/payment_methods/:id/detach") { try await detach($0, $1) },
            Endpoint(method: .get, path: "/v1/confirmation_tokens/:id") { try await fetch("confirmation_token", $0, $1) },
            Endpoint(method: .post, path: "/v1/test_helpers/confirmation_tokens") { try await createConfirmationToken($0, $1) },
        ]
    }

    /// Mounts every endpoint on `group`, behind Stripe's key check.
    package func addRoutes<Context: RequestContext>(to group: RouterGroup<Context>) {
        for endpoint in endpoints {
            group.on(RouterPath(endpoint.path), method: endpoint.method, use: route(endpoint))
        }
    }

    /// The emulator for requests whose path starts with `prefix`: how the server embeds it
    /// beside Polar's API, outside Polar's middleware.
    package func responder<Context: RequestContext>(prefix: String, context: Context.Type) -> some HTTPResponder<Context> {
        let router = Router(context: Context.self)
        addRoutes(to: router.group(RouterPath(prefix)))
        return router.buildResponder()
    }

    /// One call, as Stripe answers it: the endpoint matching `method` and `path` runs in one
    /// transaction and its object comes back as Stripe shows it.
    package func call(_ method: HTTPRequest.Method, _ path: String, _ params: QueryParameters) async throws(StripeEmulatorError) -> JSONValue {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for endpoint in endpoints where endpoint.method == method {
            let pattern = endpoint.path.split(separator: "/", omittingEmptySubsequences: false)
            guard pattern.count == segments.count else { continue }
            var id = ""
            let matches = zip(pattern, segments).allSatisfy { expected, segment in
                guard expected == ":id" else { return expected == segment }
                id = String(segment)
                return !segment.isEmpty
            }
            if matches { return try await run(endpoint, StripeEmulatorCall(id: id, params: params)) }
        }
        throw StripeEmulatorError(
            status: .notFound, type: "invalid_request_error", message: "Unrecognized request URL (\(method.rawValue): \(path)).")
    }

    /// Runs the endpoint in one transaction, which a failure rolls back unless it keeps its
    /// changes (a declined card is recorded on its SetupIntent).
    func run(_ endpoint: Endpoint, _ call: StripeEmulatorCall) async throws(StripeEmulatorError) -> JSONValue {
        do {
            let outcome = try await database.transaction { db -> Result<JSONValue, StripeEmulatorError> in
                do {
                    return .success(try await endpoint.handle(call, db))
                } catch let error as StripeEmulatorError where error.keepsChanges {
                    return .failure(error)
                }
            }
            return StripeEmulatorStore.publicView(try outcome.get())
        } catch let error as StripeEmulatorError {
            throw error
        } catch {
            throw StripeEmulatorError(status: .internalServerError, type: "api_error", message: "The emulator failed: \(error)")
        }
    }
}

/// Where the emulator keeps its objects: a SQL database that runs a body in one transaction,
/// committed when it returns and rolled back when it throws. The server passes its own.
package protocol StripeEmulatorDatabase: Sendable {
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
}
