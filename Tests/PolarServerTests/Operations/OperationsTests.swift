import Foundation
import HTTPTypes
import PolarModels
import Testing

@testable import PolarServer

@Suite("Health, readiness, request ids and the request log")
struct OperationsTests {
    @Test("/health answers while the process runs; /ready only with the database migrated")
    func healthAndReadiness() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let health = try await api.request(.get, "/health", token: .some(nil))
            #expect(health.status == .ok)
            #expect(health.json == .object(["status": "ok"]))
            #expect(try await api.request(.get, "/ready", token: .some(nil)).json == .object(["status": "ready"]))
            try await TestServer.withContext(server.database) { context in
                try await context.database.sql.raw("DELETE FROM schema_migrations WHERE version = \(bind: Migrations.steps.last!.version)").run()
            }
            let notReady = try await api.request(.get, "/ready", token: .some(nil))
            #expect(notReady.status == .serviceUnavailable)
            #expect(notReady.json == .object(["status": "unavailable"]))
            #expect(try await api.request(.get, "/health", token: .some(nil)).status == .ok)
        }
    }

    @Test("X-Request-ID is taken or made and echoed; one log line per request names method, route, status, duration and id, never the query")
    func requestLog() async throws {
        let server = try await TestServer.make()
        let logs = LogCapture()
        try await server.test(logs: logs) { api in
            let given = try await api.request(.get, "/v1/customers/?query=secret-ish", headers: [.requestID: "req-42"])
            #expect(given.headers[.requestID] == "req-42")
            let made = try await api.request(.get, "/v1/customers/\(UUID().lowercased)")
            #expect(made.status == .notFound)
            let id = try #require(made.headers[.requestID])
            #expect(UUID(uuidString: id) != nil)
            _ = try await api.request(.get, "/v1/customer-portal/customers/me/email-update/check?token=polar_cev_abcdef", token: .some(nil))
        }
        let lines = logs.entries.filter { $0.hasPrefix("info request ") }
        #expect(lines.count == 3)
        let first = try #require(lines.first)
        #expect(first.contains("method=GET") && first.contains("route=/v1/customers ") && first.contains("status=200"))
        #expect(first.contains("request_id=req-42") && first.contains("duration_ms="))
        #expect(lines[1].contains("route=/v1/customers/{id}") && lines[1].contains("status=404"))
        #expect(!logs.text.contains("secret-ish"))
        #expect(!logs.text.contains("polar_cev_abcdef"))
    }
}
