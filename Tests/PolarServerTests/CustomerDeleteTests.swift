import Crypto
import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("DELETE /v1/customers/{id} and /external/{external_id}")
struct CustomerDeleteTests {
    /// The stored row, deleted or not.
    func storedCustomer(_ server: TestServer, id: String) async throws -> CustomerRecord? {
        try await TestServer.withContext(server.database) { context in
            try await context.customers.find(
                .id(UUID(uuidString: id)!), organizationID: server.organizationID, includeDeleted: true)
        }
    }

    @Test("soft-deletes: gone from get, list and export; email and external id reusable")
    func delete() async throws {
        let server = try await TestServer.make()
        let id = try await server.test { api in
            let created = try await api.createCustomer(#"{"email":"a@example.com","external_id":"usr_1","metadata":{"k":"v"}}"#)
            let id = try #require(created["id"]?.stringValue)
            let deleted = try await api.request(.delete, "/v1/customers/\(id)")
            #expect(deleted.status == .noContent)
            #expect(deleted.text.isEmpty)
            #expect(try await api.request(.get, "/v1/customers/\(id)").status == .notFound)
            #expect(try await api.request(.patch, "/v1/customers/\(id)", json: "{}").status == .notFound)
            #expect(try await api.request(.delete, "/v1/customers/\(id)").status == .notFound)
            #expect(try await api.request(.get, "/v1/customers/external/usr_1").status == .notFound)
            #expect(try await api.request(.get, "/v1/customers/").json["pagination"]?["total_count"] == 0)
            #expect(!(try await api.request(.get, "/v1/customers/export").text.contains(id)))
            let again = try await api.createCustomer(#"{"email":"A@example.com","external_id":"usr_1"}"#)
            #expect(again["id"] != created["id"])
            return id
        }
        let stored = try #require(try await storedCustomer(server, id: id))
        #expect(stored.deletedAt != nil)
        #expect(stored.externalID == nil)
        // The freed external id is kept in metadata, as Polar intends, and still shows on the record.
        #expect(stored.metadata == ["k": "v", "__external_id": "usr_1"])
        #expect(stored.wire.externalID == "usr_1")
        #expect(stored.email == "a@example.com")
    }

    @Test("delete by external id with anonymize hashes personal data the way Polar does")
    func anonymize() async throws {
        let server = try await TestServer.make()
        let id = try await server.test { api in
            let created = try await api.createCustomer(
                #"{"email":"jane@example.com","name":"Jane","external_id":"usr_2","billing_address":{"country":"FR","line1":"1 rue"}}"#)
            let bad = try await api.request(.delete, "/v1/customers/external/usr_2?anonymize=perhaps")
            #expect(bad.json["detail"]?.arrayValue.first?["loc"] == ["query", "anonymize"])
            #expect(try await api.request(.delete, "/v1/customers/external/usr_2?anonymize=true").status == .noContent)
            #expect(try await api.request(.get, "/v1/customers/external/usr_2").status == .notFound)
            return try #require(created["id"]?.stringValue)
        }
        let stored = try #require(try await storedCustomer(server, id: id))
        let salt = PolarTimestamp.format(microseconds: stored.createdAt, suffix: "+00:00")
        func hash(_ value: String) -> String {
            SHA256.hash(data: Data((salt + value).utf8)).map { String(format: "%02x", $0) }.joined()
        }
        #expect(stored.email == "\(hash("jane@example.com"))@anonymized.polar.sh")
        #expect(stored.name == hash("Jane"))
        #expect(stored.billingAddress == nil)
        #expect(stored.emailVerified == false)
        #expect(stored.metadata["__external_id"] == "usr_2")
        #expect(stored.metadata["__anonymized_at"] != nil)
    }

    @Test("anonymizing keeps a business's name when it has a tax id")
    func anonymizeBusiness() {
        var customer = CustomerRecord(
            id: UUID(), organizationID: UUID(), createdAt: 1_700_000_000_000_000, email: "ceo@acme.io", emailVerified: true,
            name: "Acme SAS", billingName: "Acme Billing", billingAddress: Address(country: "FR"),
            taxID: TaxID(value: "FR61954506077", format: .euVat), metadata: [:])
        Anonymizer.anonymize(&customer, now: 1_800_000_000_000_000)
        #expect(customer.name == "Acme SAS")
        #expect(customer.billingName != "Acme Billing")
        #expect(customer.taxID != nil)
        #expect(customer.metadata["__anonymized_at"] == "2027-01-15T08:00:00+00:00")
        let once = customer
        Anonymizer.anonymize(&customer, now: 1_900_000_000_000_000)
        #expect(customer == once)
    }
}
