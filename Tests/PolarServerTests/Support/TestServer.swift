import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PolarModels
import SQLKit
import Testing

@testable import PolarServer

/// A fresh server on a database of its own — an SQLite file, or a new PostgreSQL database when
/// `POLAR_TEST_DATABASE_URL` names a server — with one organization and tokens for it, built by
/// the same `buildApplication` production uses.
struct TestServer {
    let database: DatabaseURL
    let organizationID: UUID
    /// Every scope.
    let token: String
    /// `customers:read` only.
    let readToken: String

    static func make() async throws -> TestServer {
        let database = try await freshDatabase()
        let (organizationID, token, readToken) = try await withContext(database) { context in
            let organization = try await context.createOrganization(name: "acme")
            return (
                organization.id, try await context.createToken(organizationID: organization.id),
                try await context.createToken(organizationID: organization.id, scopes: ["customers:read"])
            )
        }
        return TestServer(database: database, organizationID: organizationID, token: token, readToken: readToken)
    }

    /// A new, empty database: a PostgreSQL database created on the server that
    /// `POLAR_TEST_DATABASE_URL` names, else an SQLite file in a temporary folder.
    static func freshDatabase() async throws -> DatabaseURL {
        guard let admin = ProcessInfo.processInfo.environment["POLAR_TEST_DATABASE_URL"], !admin.isEmpty else {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("polar-tests-\(UUID().uuidString)")
            return .sqlite(path: directory.appendingPathComponent("polar.sqlite").path)
        }
        let name = "polar_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        let server = try Database.open(try DatabaseURL(parsing: admin), poolSize: 1, logger: Logger(label: "test"))
        try await server.sql.raw("CREATE DATABASE \(ident: name)").run()
        try await server.close()
        var components = try #require(URLComponents(string: admin))
        components.path = "/\(name)"
        return .postgres(url: try #require(components.string))
    }

    /// Runs `body` with the migrated database this server uses, e.g. to add another organization.
    static func withContext<T>(_ url: DatabaseURL, _ body: (ServerContext) async throws -> T) async throws -> T {
        try await ServerContext.with(url, body)
    }

    /// Another organization with an all-scopes token: for isolation tests.
    func otherOrganization() async throws -> (id: UUID, token: String) {
        try await Self.withContext(database) { context in
            let organization = try await context.createOrganization(name: "other-\(UUID().uuidString)")
            return (organization.id, try await context.createToken(organizationID: organization.id))
        }
    }

    /// Runs `body` against the server; with `logs`, everything it logs (at every level) goes there.
    func test<T>(
        _ mode: TestingSetup = .router, logs: LogCapture? = nil, configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (APIClient) async throws -> T
    ) async throws -> T {
        var configuration = ServerConfiguration(port: 0, database: database, logLevel: logs == nil ? .warning : .trace)
        // Dozens of suites run at once against one PostgreSQL: two connections per event loop each.
        if case .postgres = database { configuration.databasePoolSize = 2 }
        configure(&configuration)
        func run() async throws -> T {
            let app = try await buildApplication(configuration, logger: logs?.logger() ?? Logger(label: "polar-server"))
            return try await app.test(mode) { client in try await body(APIClient(client: client, token: token)) }
        }
        guard case .postgres = database else { return try await run() }
        return try await TestSlots.postgres.run(run)
    }
}

/// A response as the tests look at it: status, headers, raw body and the body parsed as JSON.
struct APIResponse {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String

    var json: JSONValue { (try? JSONValue.parse(Array(text.utf8))) ?? .null }
}

/// Sends requests with the organization token unless told otherwise.
struct APIClient: Sendable {
    let client: any TestClientProtocol
    let token: String

    @discardableResult
    func request(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token: String?? = .none,
        headers: HTTPFields = [:]
    ) async throws -> APIResponse {
        var headers = headers
        let bearer = token ?? self.token
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(string: json)
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            APIResponse(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    /// Creates a customer and returns its JSON, failing the test unless Polar would answer 201.
    func createCustomer(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let response = try await request(.post, "/v1/customers/", json: json)
        #expect(response.status == .created, "\(response.text)", sourceLocation: sourceLocation)
        return response.json
    }
}

extension JSONValue {
    var arrayValue: [JSONValue] {
        if case .array(let values) = self { return values }
        return []
    }

    var keys: [String] {
        if case .object(let members) = self { return members.map(\.key) }
        return []
    }

    /// An array's element, or `nil` past its end or for anything else.
    subscript(index: Int) -> JSONValue? {
        let values = arrayValue
        return values.indices.contains(index) ? values[index] : nil
    }
}

/// A fresh unique email, so tests never collide.
func uniqueEmail(_ prefix: String = "user") -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())@example.com"
}

extension TestServer {
    /// Inserts `count` plain customers straight into the table, many rows per statement, for
    /// tests that need volume. Emails are `bulk<N>@example.com`; `created_at` is N.
    func seedCustomers(_ count: Int) async throws {
        try await Self.withContext(database) { context in
            try await context.database.transaction { db in
                for start in stride(from: 0, to: count, by: 500) {
                    var insert = db.insert(into: "customers").columns(
                        "id", "organization_id", "created_at", "email", "email_lower", "email_verified", "name",
                        "billing_address", "metadata")
                    for index in start..<min(start + 500, count) {
                        let email = "bulk\(index)@example.com"
                        insert = insert.values(
                            UUID().lowercased, organizationID.lowercased, Int64(index), email, email, false,
                            "Customer \(index)", #"{"line1":"1 Main Street","city":"Springfield","state":"US-IL","country":"US"}"#,
                            #"{"plan":"pro","seats":\#(index)}"#)
                    }
                    try await insert.run()
                }
            }
        }
    }
}
