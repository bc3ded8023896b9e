import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("Organization access tokens: expiry, revocation, the operator's list", .serialized)
struct TokenLifecycleTests {
    /// Runs the `polar-server` binary built beside the tests; returns its status and output.
    static func cli(_ arguments: [String], database: DatabaseURL) async throws -> (status: Int32, output: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("polar-server")
        return try await PythonTools.run(binary.path, arguments + ["--database", ReplicaTests.Replica.argument(database)])
    }

    @Test("a revoked or expired token is refused at once; a used one shows when")
    func revokeAndExpire() async throws {
        let server = try await TestServer.make()
        let (revocable, expiring) = try await TestServer.withContext(server.database) { context in
            (
                try await context.createToken(organizationID: server.organizationID, comment: "ci"),
                try await context.createToken(organizationID: server.organizationID, comment: "expiring", expiresIn: .seconds(3600))
            )
        }
        try await server.test { api in
            #expect(try await api.request(.get, "/v1/customers/", token: revocable).status == .ok)
            #expect(try await api.request(.get, "/v1/customers/", token: expiring).status == .ok)
            // An hour later, as far as the token is concerned.
            try await TestServer.withContext(server.database) { context in
                try await context.database.sql.raw(
                    "UPDATE organization_access_tokens SET expires_at = \(bind: ServerClock.system.now() - 1) WHERE comment = 'expiring'"
                ).run()
            }
            let expired = try await api.request(.get, "/v1/customers/", token: expiring)
            #expect(expired.status == .unauthorized)
            #expect(expired.json["error"] == "invalid_token")

            let listed = try await TestServer.withContext(server.database) { try await $0.listTokens(organizationID: server.organizationID) }
            let ci = try #require(listed.first { $0.comment == "ci" })
            #expect(ci.expiresAt == nil)
            var used = ci.lastUsedAt
            for _ in 0..<50 where used == nil {
                try await Task.sleep(for: .milliseconds(20))
                used = try await TestServer.withContext(server.database) { try await $0.listTokens(organizationID: server.organizationID) }
                    .first { $0.id == ci.id }?.lastUsedAt
            }
            #expect(used != nil)

            #expect(try await TestServer.withContext(server.database) { try await $0.revokeToken(id: ci.id) })
            let revoked = try await api.request(.get, "/v1/customers/", token: revocable)
            #expect(revoked.status == .unauthorized)
            #expect(revoked.json["error"] == "invalid_token")
            #expect(try await TestServer.withContext(server.database) { try await $0.revokeToken(id: ci.id) } == false)
        }
    }

    @Test("polar-server token create, list and revoke; the list never shows a token")
    func commandLine() async throws {
        let server = try await TestServer.make()
        let created = try await Self.cli(
            ["token", "create", "--organization", "acme", "--expires-in", "90d", "--comment", "deploy", "--scope", "customers:read"],
            database: server.database)
        #expect(created.status == 0, "\(created.output)")
        let token = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("polar_oat_"))
        let list = try await Self.cli(["token", "list", "--organization", "acme"], database: server.database)
        #expect(list.status == 0, "\(list.output)")
        #expect(!list.output.contains("polar_oat_"))
        let row = try #require(list.output.split(separator: "\n").first { $0.contains("deploy") })
        #expect(row.contains("customers:read"))
        let columns = row.split(separator: "\t")
        #expect(columns[2] != "-", "an expiry is listed")
        let id = String(columns[0])
        #expect(try await Self.cli(["token", "revoke", id], database: server.database).status == 0)
        #expect(try await Self.cli(["token", "revoke", id], database: server.database).status != 0)
        #expect(!(try await Self.cli(["token", "list", "--organization", "acme"], database: server.database).output.contains("deploy")))
        #expect(try await Self.cli(["token", "create", "--organization", "acme", "--expires-in", "soon"], database: server.database).status != 0)
    }
}
