import Foundation
import NIOConcurrencyHelpers
import Logging
import PolarModels
import Testing

@testable import PolarServer

@Suite("Expired customer sessions and email-change links are purged")
struct PurgeTests {
    @Test("what has expired in the customer's time goes; what is live, or live on a test clock, stays")
    func purge() async throws {
        let server = try await TestServer.make()
        let offset = NIOLockedValueBox<Int64>(0)
        try await server.test(configure: { $0.clock = ServerClock { ServerClock.system.now() + offset.withLockedValue { $0 } } }) { api in
            let settings = #"{"customer_portal_settings":{"usage":{"show":true},"subscription":{"update_seats":true,"update_plan":true},"customer":{"allow_email_change":true}}}"#
            #expect(try await api.request(.patch, "/v1/organizations/\(server.organizationID.lowercased)", json: settings).status == .ok)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            let token = try await PortalSubscriptionTests.session(api, ada)
            let change = try await api.request(
                .post, "/v1/customer-portal/customers/me/email-update/request", json: #"{"email":"ada@newmail.com"}"#, token: token)
            #expect(change.status == .accepted, "\(change.text)")
            // Grace, on a test clock from a year ago: its session is live on the clock's time.
            let clock = try await api.request(.post, "/v1/test-clocks/", json: #"{"frozen_time":"2025-12-01T00:00:00Z"}"#)
            let clockID = try #require(clock.json["id"]?.stringValue)
            let grace = try #require(
                try await api.createCustomer(#"{"email":"grace@example.com","test_clock_id":"\#(clockID)"}"#)["id"]?.stringValue)
            let graceToken = try await PortalSubscriptionTests.session(api, grace)

            func counts() async throws -> (sessions: Int, links: Int) {
                try await TestServer.withContext(server.database) { context in
                    let sql = context.database.sql
                    return (
                        try await sql.raw("SELECT COUNT(*) AS n FROM customer_sessions").first(decodingColumn: "n", as: Int.self) ?? 0,
                        try await sql.raw("SELECT COUNT(*) AS n FROM customer_email_verifications").first(decodingColumn: "n", as: Int.self) ?? 0
                    )
                }
            }
            func purge() async throws -> (sessions: Int, links: Int) {
                try await TestServer.withContext(server.database) { context in
                    try await ExpiredCredentialsPurge(
                        sessions: CustomerSessionStore(database: context.database),
                        verifications: EmailVerificationStore(database: context.database), logger: Logger(label: "test"),
                        clock: ServerClock { ServerClock.system.now() + offset.withLockedValue { $0 } }
                    ).purge()
                }
            }
            #expect(try await counts() == (2, 1))
            #expect(try await purge() == (0, 0))
            // Two days on, Ada's session and link have expired; Grace's clock has not moved.
            offset.withLockedValue { $0 = 2 * 86_400 * 1_000_000 }
            #expect(try await purge() == (1, 1))
            #expect(try await counts() == (1, 0))
            #expect(try await api.request(.get, "/v1/customer-portal/customers/me", token: graceToken).status == .ok)
            #expect(try await api.request(.get, "/v1/customer-portal/customers/me", token: token).status == .unauthorized)
        }
    }
}
