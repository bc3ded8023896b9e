import Foundation
import Logging
import PolarModels
import StripeEmulator

/// What the command line does through the API's own services, so an operator's change follows
/// the same rules and sends the same events and webhooks as a request.
extension ServerContext {
    /// The services on this context's database, with the default configuration (the command
    /// line sends no email, and its Stripe is the embedded emulator).
    func services() -> Services {
        let configuration = ServerConfiguration()
        var logger = Logger(label: "polar-server")
        logger.logLevel = .warning
        let stripe = StripeClient(api: EmbeddedStripeAPI(emulator: StripeEmulator(database: database)))
        return Services(
            context: self, configuration: configuration, links: PortalLinks(configuration: configuration), stripe: stripe,
            outbox: EmailOutbox(database: database, logger: logger, showsBodies: false), logger: logger)
    }

    /// Starts a subscription to a recurring product, paid or free, for a customer of the
    /// product's organization: what a completed checkout does on Polar. Returns its id.
    public func createSubscription(customerID: UUID, productID: UUID) async throws -> UUID {
        let services = services()
        guard let product = try await services.stores.products.find([productID]).first else {
            throw OperatorError("No product with id \(productID.lowercased)")
        }
        let access = OrganizationAccess(organizationID: product.organizationID, scopes: [])
        let input = SubscriptionCreateInput(productID: productID, customer: .id(customerID))
        do {
            return try await services.subscriptions.create(input, access: access, requireFree: false).id
        } catch let error as APIError {
            throw OperatorError(error.summary)
        }
    }

    /// Creates a test clock in the organization, at `frozenTime` (now when `nil`).
    public func createTestClock(organizationID: UUID, frozenTime: Date?, name: String?) async throws -> TestClock {
        let input = TestClockCreateInput(frozenTime: frozenTime.map(PolarTimestamp.microseconds(of:)), name: name)
        return try await services().clocks.create(input, access: OrganizationAccess(organizationID: organizationID, scopes: [])).wire
    }

    /// Moves a test clock to `time`, running every renewal and ending that falls due on the way.
    public func advanceTestClock(_ id: UUID, to time: Date) async throws -> TestClock {
        let services = services()
        guard let clock = try await services.stores.clocks.find(id, organizationID: nil) else {
            throw OperatorError("No test clock with id \(id.lowercased)")
        }
        let access = OrganizationAccess(organizationID: clock.organizationID, scopes: [])
        do {
            return try await services.clocks.advance(id, to: PolarTimestamp.microseconds(of: time), access: access).wire
        } catch let error as APIError {
            throw OperatorError(error.summary)
        }
    }

    /// The organization's test clocks, newest first.
    public func testClocks(organizationID: UUID) async throws -> [TestClock] {
        var pages = PageQuery()
        pages.limit = 1000
        let access = OrganizationAccess(organizationID: organizationID, scopes: [])
        return try await services().clocks.list(access: access, pages: pages).items.map(\.wire)
    }

    /// What an import did: rows read, imported, already present, and the rows refused (by line).
    public struct ImportSummary: Sendable {
        public let rows: Int
        public let imported: Int
        public let alreadyPresent: Int
        public let rejected: [(line: Int, reason: String)]
    }

    /// Reads Polar's customer export CSV into the organization (see ``CustomerImporter``);
    /// `progress` hears each pass (`"checking"`, then `"importing"`) with rows done of all rows.
    public func importCustomers(
        organizationID: UUID, file: URL, skipInvalid: Bool, progress: (_ phase: String, _ done: Int, _ total: Int) -> Void
    ) async throws -> ImportSummary {
        let report = try await services().customerImport.run(file: file, organizationID: organizationID, skipInvalid: skipInvalid) {
            progress($0.rawValue, $1, $2)
        }
        return ImportSummary(
            rows: report.rows, imported: report.imported, alreadyPresent: report.alreadyPresent,
            rejected: report.rejected.map { ($0.line, $0.reason) })
    }
}
