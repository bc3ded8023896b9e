import Foundation
import PolarModels
import SQLKit
import Testing

@testable import PolarServer

@Suite("Concurrent requests")
struct ConcurrencyTests {
    @Test("racing creates with one email and external id: exactly one wins, the rest get Polar's 422")
    func racingCreates() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let statuses = try await withThrowingTaskGroup(of: APIResponse.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        try await api.request(
                            .post, "/v1/customers/", json: #"{"email":"Race@example.com","external_id":"race","name":"\#(index)"}"#)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0.status == .created }.count == 1)
            for response in statuses where response.status != .created {
                #expect(response.status == .unprocessableContent, "\(response.text)")
                #expect(response.json["error"] == "PolarRequestValidationError")
            }
            #expect(try await api.request(.get, "/v1/customers/").json["pagination"]?["total_count"] == 1)
        }
    }

    @Test("concurrent updates of different fields all land; a racing delete leaves a consistent row")
    func racingUpdates() async throws {
        let server = try await TestServer.make()
        let id = try await server.test { api in
            let created = try await api.createCustomer(#"{"email":"a@example.com"}"#)
            let id = try #require(created["id"]?.stringValue)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await api.request(.patch, "/v1/customers/\(id)", json: #"{"name":"Named"}"#) }
                group.addTask { _ = try await api.request(.patch, "/v1/customers/\(id)", json: #"{"locale":"fr"}"#) }
                group.addTask { _ = try await api.request(.patch, "/v1/customers/\(id)", json: #"{"metadata":{"k":"v"}}"#) }
                group.addTask { _ = try await api.request(.patch, "/v1/customers/\(id)", json: #"{"external_id":"late"}"#) }
                try await group.waitForAll()
            }
            let customer = try await api.request(.get, "/v1/customers/\(id)").json
            #expect(customer["name"] == "Named")
            #expect(customer["locale"] == "fr")
            #expect(customer["metadata"] == .object(["k": "v"]))
            #expect(customer["external_id"] == "late")

            let outcomes = try await withThrowingTaskGroup(of: APIResponse.self) { group in
                group.addTask { try await api.request(.delete, "/v1/customers/\(id)") }
                for _ in 0..<4 { group.addTask { try await api.request(.patch, "/v1/customers/\(id)", json: #"{"name":"After"}"#) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.allSatisfy { [.ok, .noContent, .notFound].contains($0.status) })
            #expect(try await api.request(.get, "/v1/customers/\(id)").status == .notFound)
            return id
        }
        // No update that raced the delete undid any part of it.
        let stored = try await TestServer.withContext(server.database) { context in
            try await context.customers.find(.id(UUID(uuidString: id)!), organizationID: server.organizationID, includeDeleted: true)
        }
        #expect(stored?.deletedAt != nil)
        #expect(stored?.externalID == nil)
        #expect(stored?.metadata["__external_id"] == "late")
    }

    @Test(
        "PostgreSQL answers email lookups and substring search from indexes",
        .enabled(if: ProcessInfo.processInfo.environment["POLAR_TEST_DATABASE_URL"] != nil))
    func searchUsesIndexes() async throws {
        let server = try await TestServer.make()
        try await TestServer.withContext(server.database) { context in
            let plans = try await context.database.sql.withSession { db in
                // With so few rows a sequential scan would win; forbid it to see what the indexes allow.
                try await db.raw("SET enable_seqscan = off").run()
                var plans: [String] = []
                for query: SQLQueryString in [
                    "EXPLAIN SELECT id FROM customers WHERE organization_id = 'x' AND email_lower = 'a@b.co' AND deleted_at IS NULL",
                    """
                    EXPLAIN SELECT id FROM customers WHERE organization_id = 'x' AND (email_lower LIKE '%jan%' \
                    OR lower(name) LIKE '%jan%' OR lower(billing_name) LIKE '%jan%' OR lower(external_id) LIKE 'jan%')
                    """,
                    // Without the organization's own index to narrow by, the trigram indexes carry the search.
                    """
                    EXPLAIN SELECT id FROM customers WHERE email_lower LIKE '%jan%' \
                    OR lower(name) LIKE '%jan%' OR lower(billing_name) LIKE '%jan%' OR lower(external_id) LIKE 'jan%'
                    """,
                ] {
                    let rows = try await db.raw(query).all()
                    plans.append(try rows.map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n"))
                }
                return plans
            }
            #expect(plans[0].contains("customers_organization_email"), "\(plans[0])")
            #expect(!plans[1].contains("Seq Scan"), "\(plans[1])")
            for index in ["customers_search_email", "customers_search_name", "customers_search_billing_name", "customers_search_external_id"] {
                #expect(plans[2].contains(index), "\(plans[2])")
            }
        }
    }
}
