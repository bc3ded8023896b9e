import Foundation
import PolarModels
import Testing

@Suite("System events: what Polar records itself, as the events list shows it")
struct SystemEventTests {
    /// The system events recorded since the last call, by name (several of a name in the order listed).
    final class Recorder {
        let api: APIClient
        var seen: Set<String> = []
        init(_ api: APIClient) { self.api = api }

        func new() async throws -> [String: [JSONValue]] {
            let items = try await api.request(.get, "/v1/events/?source=system&sorting=timestamp&limit=100").json["items"]?.arrayValue ?? []
            var found: [String: [JSONValue]] = [:]
            for item in items {
                guard let id = item["id"]?.stringValue, seen.insert(id).inserted, let name = item["name"]?.stringValue else { continue }
                found[name, default: []].append(item)
            }
            return found
        }
    }

    @Test("customer.created, .updated with the fields that changed, .deleted with the external ID kept")
    func customers() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let recorder = Recorder(api)
            let ada = try await api.createCustomer(#"{"email":"ada@example.com","name":"Ada","external_id":"ada"}"#)
            let id = try #require(ada["id"]?.stringValue)
            let created = try await recorder.new()
            #expect(created.keys.sorted() == ["customer.created"])
            let event = try #require(created["customer.created"]?.first)
            #expect(event["timestamp"] == ada["created_at"])
            #expect(event["customer_id"] == .string(id))
            #expect(event["label"] == "Customer Created")
            #expect(
                event["metadata"] == .object([
                    "customer_id": .string(id), "customer_email": "ada@example.com", "customer_name": "Ada", "customer_external_id": "ada",
                ]))

            let patch = #"{"name":"Ada L","metadata":{"tier":"gold"},"billing_address":{"country":"fr","city":"Paris"},"email":"ada@example.com"}"#
            #expect(try await api.request(.patch, "/v1/customers/\(id)", json: patch).status == .ok)
            let updated = try #require(try await recorder.new()["customer.updated"]?.first)
            // Only what changed (not the email), each with its new value, in Polar's order.
            #expect(
                updated["metadata"]?["updated_fields"] == .object([
                    "name": "Ada L", "billing_address": .object(["city": "Paris", "country": "FR"]), "metadata": .object(["tier": "gold"]),
                ]))
            #expect(updated["metadata"]?["customer_name"] == "Ada L")
            #expect(updated["metadata"]?["updated_fields"]?.keys == ["name", "billing_address", "metadata"])

            // Polar announces a write that changed nothing too, with nothing in updated_fields.
            #expect(try await api.request(.patch, "/v1/customers/\(id)", json: patch).status == .ok)
            #expect(try await recorder.new()["customer.updated"]?.first?["metadata"]?["updated_fields"] == .object([]))

            #expect(try await api.request(.delete, "/v1/customers/\(id)").status == .noContent)
            let deleted = try await recorder.new()
            #expect(deleted.keys.sorted() == ["customer.deleted"])
            #expect(deleted["customer.deleted"]?.first?["metadata"]?["customer_external_id"] == "ada")
            #expect(deleted["customer.deleted"]?.first?["customer"]?["deleted_at"] != .null)

            // A change that fails records nothing.
            let bob = try #require(try await api.createCustomer(#"{"email":"bob@example.com"}"#)["id"]?.stringValue)
            _ = try await recorder.new()
            let taken = try await api.request(.patch, "/v1/customers/\(bob)", json: #"{"email":"bob@example.com","tax_id":"nope"}"#)
            #expect(taken.status == .unprocessableContent)
            #expect(try await recorder.new().isEmpty)
        }
    }

    @Test("subscription and grant events: created with its grants, canceled, uncanceled, revoked with its grants")
    func subscriptions() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            let recorder = Recorder(api)
            _ = try await recorder.new()

            let subscription = try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)
            let id = try #require(subscription["id"]?.stringValue)
            let created = try await recorder.new()
            #expect(created.mapValues(\.count) == ["subscription.created": 1, "benefit.granted": 2, "meter.credited": 1])
            let standard: [String: JSONValue] = [
                "subscription_id": .string(id), "product_id": .string(catalog.product), "amount": 0, "currency": "usd",
                "recurring_interval": "month", "recurring_interval_count": 1,
            ]
            let started = try #require(created["subscription.created"]?.first)
            #expect(started["timestamp"] == subscription["created_at"])
            #expect(started["customer_id"] == .string(ada))
            #expect(started["metadata"]?.keys == Array(standard.keys.sorted { a, b in Self.order(a) < Self.order(b) }) + ["started_at"])
            for (key, value) in standard { #expect(started["metadata"]?[key] == value, "\(key)") }
            #expect(started["metadata"]?["started_at"]?.stringValue?.hasSuffix("+00:00") == true)
            let granted = Set(created["benefit.granted"]?.compactMap { $0["metadata"]?["benefit_id"]?.stringValue } ?? [])
            #expect(granted == [catalog.flag, catalog.credit])
            #expect(created["benefit.granted"]?.first?["metadata"]?.keys == ["benefit_id", "benefit_grant_id", "benefit_type"])

            let cancel = try await api.request(
                .patch, "/v1/subscriptions/\(id)", json: #"{"cancel_at_period_end":true,"customer_cancellation_reason":"too_expensive"}"#)
            #expect(cancel.status == .ok)
            let canceled = try await recorder.new()
            #expect(canceled.keys.sorted() == ["subscription.canceled"])
            let canceledMetadata = try #require(canceled["subscription.canceled"]?.first?["metadata"])
            #expect(Array(canceledMetadata.keys.suffix(4)) == ["canceled_at", "customer_cancellation_reason", "ends_at", "cancel_at_period_end"])
            #expect(canceledMetadata["customer_cancellation_reason"] == "too_expensive")
            #expect(canceledMetadata["cancel_at_period_end"] == true)

            #expect(try await api.request(.patch, "/v1/subscriptions/\(id)", json: #"{"cancel_at_period_end":false}"#).status == .ok)
            #expect(try await recorder.new().keys.sorted() == ["subscription.uncanceled"])

            // A metadata update is only a webhook in Polar.
            #expect(try await api.request(.patch, "/v1/subscriptions/\(id)", json: #"{"metadata":{"a":"b"}}"#).status == .ok)
            #expect(try await recorder.new().isEmpty)

            #expect(try await api.request(.delete, "/v1/subscriptions/\(id)").status == .ok)
            let revoked = try await recorder.new()
            #expect(revoked.mapValues(\.count) == ["subscription.canceled": 1, "subscription.revoked": 1, "benefit.revoked": 2, "meter.credited": 1])
            #expect(revoked["subscription.canceled"]?.first?["metadata"]?["cancel_at_period_end"] == false)
            #expect(revoked["meter.credited"]?.first?["metadata"]?["units"] == -100)
        }
    }

    @Test("a deleted customer's subscriptions end without benefit.revoked, as Polar deletes their grants")
    func customerDeletion() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            _ = try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)
            let recorder = Recorder(api)
            _ = try await recorder.new()
            #expect(try await api.request(.delete, "/v1/customers/\(ada)").status == .noContent)
            let recorded = try await recorder.new()
            #expect(recorded["benefit.revoked"] == nil)
            #expect(recorded["subscription.revoked"]?.count == 1)
            #expect(recorded["customer.deleted"]?.count == 1)
        }
    }

    /// Polar's order of the standard subscription metadata.
    static func order(_ key: String) -> Int {
        ["subscription_id", "product_id", "amount", "currency", "recurring_interval", "recurring_interval_count"].firstIndex(of: key) ?? 99
    }
}
