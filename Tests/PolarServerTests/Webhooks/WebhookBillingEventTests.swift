import Foundation
import NIOConcurrencyHelpers
import PolarModels
import Testing

@testable import PolarServer

@Suite("Webhook events of the catalogue, subscriptions, grants and usage", .serialized)
struct WebhookBillingEventTests {
    static let everything = [
        "benefit.created", "product.created", "product.updated", "subscription.created", "subscription.active", "subscription.updated",
        "subscription.canceled", "subscription.uncanceled", "subscription.revoked", "benefit_grant.created", "benefit_grant.revoked",
        "customer.state_changed", "organization.updated",
    ]

    @Test("each change fires Polar's events in Polar's order, with the data its GET returns")
    func lifecycle() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let server = try await TestServer.make()
        try await server.test(.live, configure: WebhookDeliveryTests.configure) { api in
            let (_, secret) = try await WebhookDeliveryTests.subscribe(api, receiver, events: Self.everything)
            func types(after count: Int, expecting: Int) async throws -> [String] {
                try await receiver.wait(for: count + expecting).dropFirst(count).compactMap { $0.json["type"]?.stringValue }
            }

            let catalog = try await SubscriptionTests.catalog(api)
            // Two benefits, the product, then the product again with its benefits.
            #expect(try await types(after: 0, expecting: 4) == ["benefit.created", "benefit.created", "product.created", "product.updated"])
            let product = try await api.request(.get, "/v1/products/\(catalog.product)").json
            #expect(receiver.requests[3].json["data"] == product)

            let customer = try await api.createCustomer(#"{"email":"billing@example.com"}"#)
            let customerID = try #require(customer["id"]?.stringValue)
            // The new customer's own state_changed first, so what follows comes in a known order.
            #expect(try await types(after: 4, expecting: 1) == ["customer.state_changed"])
            let created = try await api.request(
                .post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customerID)","product_id":"\#(catalog.product)"}"#)
            #expect(created.status == .created)
            let subscriptionID = try #require(created.json["id"]?.stringValue)
            let afterCreate = try await types(after: 5, expecting: 5)
            #expect(
                afterCreate == [
                    "benefit_grant.created", "benefit_grant.created", "subscription.created", "subscription.active",
                    "customer.state_changed",
                ])
            let subscriptionCreated = try #require(receiver.requests.first { $0.json["type"] == "subscription.created" })
            #expect(subscriptionCreated.json["data"] == created.json)
            let grant = try #require(receiver.requests.first { $0.json["type"] == "benefit_grant.created" }?.json["data"])
            #expect(
                grant.keys == [
                    "created_at", "modified_at", "id", "granted_at", "is_granted", "revoked_at", "is_revoked", "subscription_id",
                    "order_id", "customer_id", "member_id", "benefit_id", "error", "customer", "member", "benefit", "properties",
                    "previous_properties", "user_id",
                ])
            #expect(grant["is_granted"] == true)
            #expect(grant["customer"] == customer)
            let state = try await api.request(.get, "/v1/customers/\(customerID)/state").json
            #expect(receiver.requests[9].json["data"] == state)

            let path = "/v1/subscriptions/\(subscriptionID)"
            #expect(try await api.request(.patch, path, json: #"{"cancel_at_period_end":true}"#).status == .ok)
            #expect(try await types(after: 10, expecting: 3) == ["subscription.updated", "subscription.canceled", "customer.state_changed"])
            #expect(try await api.request(.patch, path, json: #"{"cancel_at_period_end":false}"#).status == .ok)
            #expect(try await types(after: 13, expecting: 3) == ["subscription.updated", "subscription.uncanceled", "customer.state_changed"])
            let revoked = try await api.request(.delete, path)
            #expect(revoked.status == .ok)
            #expect(
                try await types(after: 16, expecting: 6) == [
                    "subscription.updated", "subscription.canceled", "subscription.revoked", "benefit_grant.revoked",
                    "benefit_grant.revoked", "customer.state_changed",
                ])
            #expect(receiver.requests[18].json["data"] == revoked.json)
            #expect(receiver.requests[21].json["data"]?["active_subscriptions"] == [])

            let organization = try await api.request(
                .patch, "/v1/organizations/\(server.organizationID.lowercased)", json: #"{"name":"Acme Inc"}"#)
            #expect(try await types(after: 22, expecting: 1) == ["organization.updated"])
            #expect(receiver.requests[22].json["data"] == organization.json)

            // Every one verifies with the endpoint's secret, in both SDK generations.
            try await receiver.expectPolarSDKsAccept(secret: secret)
        }
    }

    @Test("a customer's delete: its subscription's end, then its grants' revocation, then customer.deleted, as Polar's jobs run")
    func customerDelete() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let server = try await TestServer.make()
        try await server.test(.live, configure: WebhookDeliveryTests.configure) { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let customer = try #require(try await api.createCustomer(#"{"email":"leaving@example.com"}"#)["id"]?.stringValue)
            _ = try await SubscriptionTests.subscribe(api, customer: customer, to: catalog.product)
            _ = try await WebhookDeliveryTests.subscribe(
                api, receiver,
                events: ["customer.deleted", "customer.state_changed", "subscription.updated", "subscription.canceled", "subscription.revoked", "benefit_grant.revoked"])
            #expect(try await api.request(.delete, "/v1/customers/\(customer)").status == .noContent)
            let types = try await receiver.wait(for: 7).compactMap { $0.json["type"]?.stringValue }
            #expect(
                types == [
                    "subscription.updated", "subscription.canceled", "subscription.revoked", "benefit_grant.revoked", "benefit_grant.revoked",
                    "customer.deleted", "customer.state_changed",
                ])
            // Then, as Polar's debounced job sends it, the state_changed for the subscription and
            // grant changes.
            #expect(try await receiver.wait(for: 8).last?.json["type"] == "customer.state_changed")
            try await Task.sleep(for: .milliseconds(1500))
            #expect(receiver.requests.count == 8)
        }
    }

    @Test("Discord and Slack get Polar's Full subscription messages; Discord gets subscription.updated only for a cancellation")
    func chat() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let server = try await TestServer.make()
        try await server.test(.live, configure: WebhookDeliveryTests.configure) { api in
            let discord = try await api.request(
                .post, "/v1/webhooks/endpoints", json: #"{"url":"\#(receiver.url)","format":"discord","events":["subscription.updated"]}"#)
            #expect(discord.status == .created)
            let slack = try await api.request(
                .post, "/v1/webhooks/endpoints", json: #"{"url":"\#(receiver.url)","format":"slack","events":["subscription.created"]}"#)
            #expect(slack.status == .created)
            let catalog = try await SubscriptionTests.catalog(api)
            let customer = try #require(try await api.createCustomer(#"{"email":"discord@example.com"}"#)["id"]?.stringValue)
            let subscription = try await SubscriptionTests.subscribe(api, customer: customer, to: catalog.product)
            let created = try #require(try await receiver.wait(for: 1).first?.body)
            #expect(
                created.hasPrefix(
                    #"{"text": "New Subscription", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "New subscription has been made to acme."}, "fields": [{"type": "mrkdwn", "text": "*Product*\nPro"}, {"type": "mrkdwn", "text": "*Amount*\nFree"}, {"type": "mrkdwn", "text": "*Customer*\ndiscord@example.com"}]}, {"type": "context""#
                ), "\(created)")
            let path = "/v1/subscriptions/\(try #require(subscription["id"]?.stringValue))"
            #expect(try await api.request(.patch, path, json: #"{"metadata":{"note":"renewal-like"}}"#).status == .ok)
            try await Task.sleep(for: .milliseconds(800))
            #expect(receiver.requests.count == 1, "a plain update is skipped for Discord")
            let canceled = try await api.request(.patch, path, json: #"{"cancel_at_period_end":true}"#)
            let endsAt = try #require(canceled.json["ends_at"]?.stringValue.flatMap(PolarTimestamp.parseMicroseconds))
            let body = try #require(try await receiver.wait(for: 2).last?.body)
            #expect(body.hasPrefix(#"{"content": "Subscription has been canceled.", "embeds": [{"color": 25343, "#))
            let day = PolarTimestamp.date(microseconds: endsAt).formatted(
                Date.FormatStyle(timeZone: TimeZone(identifier: "UTC")!).month(.abbreviated).day().year().locale(Locale(identifier: "en_US")))
            #expect(
                body.hasSuffix(
                    #""title": "Canceled Subscription", "description": "Subscription has been canceled.", "fields": [{"name": "Product", "value": "Pro"}, {"name": "Amount", "value": "Free"}, {"name": "Customer", "value": "discord@example.com"}, {"name": "Status", "value": "active"}, {"name": "Ends At", "value": "\#(day)"}]}]}"#
                ), "\(body)")
        }
    }

    @Test("a burst of usage gives one or two debounced customer.state_changed, not one per event")
    func debounce() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let server = try await TestServer.make()
        // The server's clock stands still during the burst, however slowly a loaded machine
        // answers, then moves past the debounce delay.
        let time = NIOLockedValueBox(ServerClock.system.now())
        let configure: (inout ServerConfiguration) -> Void = {
            WebhookDeliveryTests.configure(&$0)
            $0.clock = ServerClock { time.withLockedValue { $0 } }
        }
        try await server.test(.live, configure: configure) { api in
            let meter = try await EventIngestTests.meter(api, name: "Calls", aggregation: #"{"func":"count"}"#)
            _ = meter
            let customer = try await api.createCustomer(#"{"email":"burst@example.com"}"#)
            let customerID = try #require(customer["id"]?.stringValue)
            _ = try await WebhookDeliveryTests.subscribe(api, receiver, events: ["customer.state_changed"])
            // The customer's own creation is announced first (at once, not debounced).
            time.withLockedValue { $0 += 2_000_000 }
            try await Task.sleep(for: .milliseconds(500))
            let before = receiver.requests.count
            for _ in 0..<10 { try await SubscriptionTests.ingest(api, customer: customerID, count: 1) }
            time.withLockedValue { $0 += 1_500_000 }
            let changes = try await receiver.wait(for: before + 1).dropFirst(before)
            try await Task.sleep(for: .seconds(2))
            let all = receiver.requests.dropFirst(before)
            #expect((1...2).contains(all.count), "\(all.count) state_changed for ten events")
            #expect(changes.first?.json["data"]?["active_meters"]?[0]?["consumed_units"] != nil)
            let state = try await api.request(.get, "/v1/customers/\(customerID)/state").json
            #expect(all.last?.json["data"] == state)
        }
    }
}
