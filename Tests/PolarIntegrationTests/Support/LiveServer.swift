import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Polar
import PolarServer
import Testing

/// Our server on its own SQLite file, built by the same `buildApplication` production uses and
/// listening on a real socket, so the SDK talks HTTP to it through AsyncHTTPClient.
struct LiveServer: Sendable {
    let databasePath: String
    let organizationID: UUID
    /// Every scope.
    let token: String
    /// `customers:read` only.
    let readToken: String

    static func make() async throws -> LiveServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("polar-sdk-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("polar.sqlite").path
        let (organizationID, token, readToken) = try await withContext(path) { context in
            let organization = try await context.createOrganization(name: "acme")
            return (
                organization.id, try await context.createToken(organizationID: organization.id),
                try await context.createToken(organizationID: organization.id, scopes: ["customers:read"])
            )
        }
        return LiveServer(databasePath: path, organizationID: organizationID, token: token, readToken: readToken)
    }

    /// Runs `body` with the migrated database, e.g. to add an organization; closes it after.
    static func withContext<T>(_ path: String, _ body: (ServerContext) async throws -> T) async throws -> T {
        try await ServerContext.with(.sqlite(path: path), body)
    }

    /// Another organization with an all-scopes token.
    func otherOrganization() async throws -> (id: UUID, token: String) {
        try await Self.withContext(databasePath) { context in
            let organization = try await context.createOrganization(name: "other-\(UUID().uuidString)")
            return (organization.id, try await context.createToken(organizationID: organization.id))
        }
    }

    /// The `polar_cev_` token of the newest verification email queued for `recipient`.
    func verificationToken(to recipient: String) async throws -> String {
        let body = try await Self.withContext(databasePath) { try await $0.queuedEmails(to: recipient).last?.body }
        let text = try #require(body)
        let range = try #require(text.range(of: #"polar_cev_[A-Za-z0-9]{43}"#, options: .regularExpression))
        return String(text[range])
    }

    /// Starts the server on a free port and runs `body` with an SDK client (all-scopes token,
    /// no retries) pointed at it.
    func run<T: Sendable>(_ body: @Sendable (Polar) async throws -> T) async throws -> T {
        let app = try await buildApplication(
            ServerConfiguration(port: 0, database: .sqlite(path: databasePath), logLevel: .warning))
        let token = token
        return try await app.test(.live) { client in
            let port = try #require(client.port)
            let polar = Polar(
                accessToken: token, server: .custom(URL(string: "http://127.0.0.1:\(port)")!), retryPolicy: .none)
            return try await body(polar)
        }
    }
}

/// A fresh unique email, so tests never collide.
func uniqueEmail(_ prefix: String = "user") -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())@example.com"
}
