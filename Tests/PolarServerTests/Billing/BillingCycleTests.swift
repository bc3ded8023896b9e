import Foundation
import PolarModels
import SQLKit
import Testing

@testable import PolarServer

@Suite("Billing in time: renewals, period-end cancellations, test clocks and catch-up", .serialized)
struct BillingCycleTests {
    static func clock(_ api: APIClient, at time: String) async throws -> String {
        let created = try await api.request(.post, "/v1/test-clocks/", json: #"{"frozen_time":"\#(time)","name":"billing"}"#)
        #expect(created.status == .created)
        #expect(created.json.keys == ["created_at", "modified_at", "id", "name", "frozen_time", "status"])
        #expect(created.json["status"] == "ready")
        return try #require(created.json["id"]?.stringValue)
    }

    static func advance(_ api: APIClient, _ clock: String, to time: String) async throws {
        let advanced = try await api.request(.post, "/v1/test-clocks/\(clock)/advance", json: #"{"frozen_time":"\#(time)"}"#)
        #expect(advanced.status == .ok, "\(advanced.text)")
        #expect(advanced.json["frozen_time"] == .string(time))
        #expect(advanced.json["status"] == "ready")
    }

    /// A customer on `clock` subscribed to the catalogue's product (a metered price on the
    /// meter, a feature flag and 100 non-rollover credits on the same meter).
    static func subscribe(
        _ api: APIClient, clock: String, email: String, catalog: SubscriptionTests.Catalog? = nil
    ) async throws -> (catalog: SubscriptionTests.Catalog, customer: String, subscription: String) {
        let catalog = if let catalog { catalog } else { try await SubscriptionTests.catalog(api) }
        let customer = try await api.createCustomer(#"{"email":"\#(email)","test_clock_id":"\#(clock)"}"#)
        let customerID = try #require(customer["id"]?.stringValue)
        let created = try await api.request(
            .post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customerID)","product_id":"\#(catalog.product)"}"#)
        #expect(created.status == .created)
        return (catalog, customerID, try #require(created.json["id"]?.stringValue))
    }

    /// What polar-sdk 1.x and 0.32 read of the subscription and the customer's state.
    static func readWithPolarSDKs(_ api: APIClient, subscription: String, customer: String) async throws -> [String: JSONValue] {
        let port = try #require(api.client.port)
        var read: [String: JSONValue] = [:]
        for (generation, python) in [("1.x", try await PythonTools.python()), ("0.32", try await PythonTools.python032())] {
            let run = try await PythonTools.run(
                python, ["Tests/Compatibility/read_billing.py", "http://127.0.0.1:\(port)", api.token, subscription, customer])
            #expect(run.status == 0, "\(generation): \(run.output.suffix(3000))")
            read[generation] = run.output.split(separator: "\n").last.flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? .null
        }
        return read
    }

    @Test("a monthly subscription advanced across three periods: three renewals, meters reset, credits again, Polar's events")
    func renewals() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let server = try await TestServer.make()
        try await server.test(.live, configure: WebhookDeliveryTests.configure) { api in
            let clock = try await Self.clock(api, at: "2026-01-31T10:00:00Z")
            let (catalog, customer, subscription) = try await Self.subscribe(api, clock: clock, email: "renewals@example.com")
            let started = try await api.request(.get, "/v1/subscriptions/\(subscription)").json
            // On the clock's time; Jan 31 renews on the last day of shorter months.
            #expect(started["current_period_start"] == "2026-01-31T10:00:00Z")
            #expect(started["current_period_end"] == "2026-02-28T10:00:00Z")
            #expect(started["started_at"] == "2026-01-31T10:00:00Z")
            let (_, secret) = try await WebhookDeliveryTests.subscribe(
                api, receiver, events: ["subscription.cycled", "subscription.updated", "benefit_grant.cycled"])
            try await SubscriptionTests.ingest(api, customer: customer, count: 30)
            var state = try await api.request(.get, "/v1/customers/\(customer)/state").json
            #expect(state["active_meters"]?.arrayValue.first?["consumed_units"] == .number(30))
            #expect(state["active_meters"]?.arrayValue.first?["balance"] == .number(70))

            let periods = [
                ("2026-03-01T00:00:00Z", "2026-02-28T10:00:00Z", "2026-03-31T10:00:00Z"),
                ("2026-04-15T00:00:00Z", "2026-03-31T10:00:00Z", "2026-04-30T10:00:00Z"),
                ("2026-05-01T00:00:00Z", "2026-04-30T10:00:00Z", "2026-05-31T10:00:00Z"),
            ]
            for (index, (to, start, end)) in periods.enumerated() {
                try await Self.advance(api, clock, to: to)
                let renewed = try await api.request(.get, "/v1/subscriptions/\(subscription)").json
                #expect(renewed["status"] == "active")
                #expect(renewed["current_period_start"] == .string(start))
                #expect(renewed["current_period_end"] == .string(end))
                #expect(renewed["modified_at"] == .string(start))
                #expect(renewed["meters"]?.arrayValue.first?["consumed_units"] == .number(0))
                #expect(renewed["meters"]?.arrayValue.first?["credited_units"] == 100)
                state = try await api.request(.get, "/v1/customers/\(customer)/state").json
                let stateSubscription = try #require(state["active_subscriptions"]?.arrayValue.first)
                #expect(stateSubscription["current_period_start"] == .string(start))
                #expect(stateSubscription["current_period_end"] == .string(end))
                #expect(stateSubscription["meters"]?.arrayValue.first?["consumed_units"] == .number(0))
                let meter = try #require(state["active_meters"]?.arrayValue.first)
                #expect(meter["meter_id"] == .string(catalog.meter))
                #expect(meter["consumed_units"] == .number(0))
                #expect(meter["credited_units"] == 100, "non-rollover credits do not pile up")
                #expect(meter["balance"] == .number(100))
                #expect(state["granted_benefits"]?.arrayValue.count == 2)

                let sent = try await receiver.wait(for: 4 * (index + 1)).suffix(4).map { $0.json }
                #expect(
                    sent.compactMap { $0["type"]?.stringValue } == [
                        "subscription.cycled", "subscription.updated", "benefit_grant.cycled", "benefit_grant.cycled",
                    ])
                #expect(sent[0]["data"]?["id"] == .string(subscription))
                #expect(sent[0]["data"]?["current_period_start"] == .string(start))
                #expect(sent[1]["data"]?["current_period_end"] == .string(end))
                let credit = try #require(sent.dropFirst(2).first { $0["data"]?["benefit_id"] == .string(catalog.credit) })
                #expect(credit["data"]?["properties"]?["last_credited_units"] == 100)
                #expect(credit["data"]?["properties"]?["last_credited_at"] == .string(start.replacingOccurrences(of: "Z", with: "+00:00")))
                #expect(credit["data"]?["previous_properties"]?["last_credited_meter_id"] == .string(catalog.meter))
                // Polar's SDKs read it all; 1.x cannot load a state with an active subscription.
                for (generation, read) in try await Self.readWithPolarSDKs(api, subscription: subscription, customer: customer) {
                    #expect(read["status"] == "active", "\(generation)")
                    #expect(read["current_period_start"] == .string(start), "\(generation)")
                    #expect(read["current_period_end"] == .string(end), "\(generation)")
                    #expect(read["meters"] == [[.number(0), 100]], "\(generation)")
                    if generation == "0.32" {
                        #expect(read["state"]?["subscriptions"] == [.string(subscription)])
                        #expect(read["state"]?["meters"] == [[.number(0), 100, .number(100)]])
                    }
                }
                // Usage in the new period counts from zero.
                try await SubscriptionTests.ingest(api, customer: customer, count: index + 1)
            }
            let events = try await server.systemEvents(customer: customer)
            #expect(events.filter { $0 == "subscription.cycled" }.count == 3)
            #expect(events.filter { $0 == "meter.reset" }.count == 3, "the credit's meter is the price's: reset once a renewal")
            #expect(try await receiver.wait(for: 12).count == 12)
            try await receiver.expectPolarSDKsAccept(secret: secret)
        }
    }

    @Test("rollover credits carry what is left, at most the rolled-over credits")
    func rollover() async throws {
        let server = try await TestServer.make()
        try await server.test(.live) { api in
            let clock = try await Self.clock(api, at: "2026-03-10T00:00:00Z")
            let meter = try await EventIngestTests.meter(api, name: "Tokens", aggregation: #"{"func":"count"}"#)
            let credit = try await api.request(
                .post, "/v1/benefits/",
                json: #"{"type":"meter_credit","description":"50 tokens","properties":{"units":50,"rollover":true,"meter_id":"\#(meter)"}}"#)
            let product = try await ProductTests.product(
                api, #"{"name":"Tokens","recurring_interval":"month","prices":[{"amount_type":"fixed","price_amount":0}]}"#)
            let productID = try #require(product["id"]?.stringValue)
            let creditID = try #require(credit.json["id"]?.stringValue)
            #expect(try await api.request(.post, "/v1/products/\(productID)/benefits", json: #"{"benefits":["\#(creditID)"]}"#).status == .ok)
            let customer = try #require(
                try await api.createCustomer(#"{"email":"rollover@example.com","test_clock_id":"\#(clock)"}"#)["id"]?.stringValue)
            #expect(
                try await api.request(.post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customer)","product_id":"\#(productID)"}"#)
                    .status == .created)
            let events = (0..<20).map { _ in #"{"name":"api_call","customer_id":"\#(customer)"}"# }.joined(separator: ",")
            #expect(try await api.request(.post, "/v1/events/ingest", json: #"{"events":[\#(events)]}"#).status == .ok)
            try await Self.advance(api, clock, to: "2026-04-11T00:00:00Z")
            var meterState = try #require(try await api.request(.get, "/v1/customers/\(customer)/state").json["active_meters"]?.arrayValue.first)
            // 30 left over rolls over, then 50 more.
            #expect(meterState["consumed_units"] == .number(0))
            #expect(meterState["credited_units"] == 80)
            try await Self.advance(api, clock, to: "2026-05-11T00:00:00Z")
            meterState = try #require(try await api.request(.get, "/v1/customers/\(customer)/state").json["active_meters"]?.arrayValue.first)
            // 80 unused; only the 50 + 30 rolled-over credits roll, and all of them are left.
            #expect(meterState["credited_units"] == 130)
        }
    }

    @Test("cancel at period end, then the period ends: canceled, ended_at, benefits revoked, out of state and the active filter")
    func cancellationTakesEffect() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let server = try await TestServer.make()
        try await server.test(.live, configure: WebhookDeliveryTests.configure) { api in
            let clock = try await Self.clock(api, at: "2026-06-01T12:00:00Z")
            let (catalog, customer, subscription) = try await Self.subscribe(api, clock: clock, email: "ends@example.com")
            let (_, keeper, kept) = try await Self.subscribe(api, clock: clock, email: "keeps@example.com", catalog: catalog)
            let path = "/v1/subscriptions/\(subscription)"
            let canceled = try await api.request(.patch, path, json: #"{"cancel_at_period_end":true}"#).json
            #expect(canceled["canceled_at"] == "2026-06-01T12:00:00Z", "the clock's time")
            #expect(canceled["ends_at"] == "2026-07-01T12:00:00Z")
            // Cancelled and taken back before the end: it keeps renewing.
            #expect(try await api.request(.patch, "/v1/subscriptions/\(kept)", json: #"{"cancel_at_period_end":true}"#).status == .ok)
            #expect(try await api.request(.patch, "/v1/subscriptions/\(kept)", json: #"{"cancel_at_period_end":false}"#).status == .ok)
            _ = try await WebhookDeliveryTests.subscribe(
                api, receiver,
                events: ["subscription.updated", "subscription.canceled", "subscription.revoked", "subscription.cycled", "benefit_grant.revoked"])

            try await Self.advance(api, clock, to: "2026-07-02T00:00:00Z")
            let ended = try await api.request(.get, path).json
            #expect(ended["status"] == "canceled")
            #expect(ended["ended_at"] == "2026-07-01T12:00:00Z")
            #expect(ended["ends_at"] == "2026-07-01T12:00:00Z")
            #expect(ended["current_period_end"] == "2026-07-01T12:00:00Z", "an ended subscription keeps its last period")
            let state = try await api.request(.get, "/v1/customers/\(customer)/state").json
            #expect(state["active_subscriptions"] == [])
            #expect(state["granted_benefits"] == [])
            let active = try await api.request(.get, "/v1/customers/?active=true").json["items"]?.arrayValue.compactMap { $0["id"]?.stringValue }
            #expect(active == [keeper])
            for (generation, read) in try await Self.readWithPolarSDKs(api, subscription: subscription, customer: customer) {
                #expect(read["status"] == "canceled", "\(generation)")
                #expect(read["ended_at"] == "2026-07-01T12:00:00Z", "\(generation)")
                #expect(read["state"]?["subscriptions"] == [], "\(generation)")
                #expect(read["state"]?["benefits"] == 0, "\(generation)")
            }
            let renewed = try await api.request(.get, "/v1/subscriptions/\(kept)").json
            #expect(renewed["status"] == "active")
            #expect(renewed["current_period_start"] == "2026-07-01T12:00:00Z")

            let sent = try await receiver.wait(for: 7).map { $0.json }
            let forEnded = sent.filter { $0["data"]?["id"] == .string(subscription) || $0["data"]?["subscription_id"] == .string(subscription) }
            #expect(
                forEnded.compactMap { $0["type"]?.stringValue } == [
                    "subscription.updated", "subscription.canceled", "subscription.revoked", "benefit_grant.revoked", "benefit_grant.revoked",
                ])
            #expect(forEnded[0]["data"] == ended)
            let forKept = sent.filter { $0["data"]?["id"] == .string(kept) }.compactMap { $0["type"]?.stringValue }
            #expect(forKept == ["subscription.cycled", "subscription.updated"])
        }
    }

    @Test("a clock ahead of real time: usage sent without a time happens on the clock, so it counts in the period")
    func usageOnTheClock() async throws {
        let server = try await TestServer.make()
        try await server.test(.live) { api in
            let clock = try await Self.clock(api, at: "2027-06-01T00:00:00Z")
            let (_, customer, subscription) = try await Self.subscribe(api, clock: clock, email: "future@example.com")
            try await SubscriptionTests.ingest(api, customer: customer, count: 5)
            var read = try await api.request(.get, "/v1/subscriptions/\(subscription)").json
            #expect(read["meters"]?.arrayValue.first?["consumed_units"] == .number(5))
            try await Self.advance(api, clock, to: "2027-07-02T00:00:00Z")
            try await SubscriptionTests.ingest(api, customer: customer, count: 2)
            read = try await api.request(.get, "/v1/subscriptions/\(subscription)").json
            #expect(read["current_period_start"] == "2027-07-01T00:00:00Z")
            #expect(read["meters"]?.arrayValue.first?["consumed_units"] == .number(2))
            let stamps = try await TestServer.withContext(server.database) { context in
                try await context.database.sql.raw(
                    "SELECT timestamp FROM events WHERE customer_id = \(bind: customer) AND source = 'user' ORDER BY timestamp"
                ).all().map { try $0.decode(column: "timestamp", as: Int64.self) }
            }
            #expect(Set(stamps.map { PolarTimestamp.format(microseconds: $0) }) == ["2027-06-01T00:00:00Z", "2027-07-02T00:00:00Z"])
        }
    }

    @Test("events timed ahead of real time: allowed up to the customer's clock, refused beyond it or without a clock, as Polar words it")
    func timedEventsOnTheClock() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let clock = try await Self.clock(api, at: "2030-06-01T00:00:00Z")
            let onClock = try #require(
                try await api.createCustomer(#"{"email":"clock@example.com","test_clock_id":"\#(clock)"}"#)["id"]?.stringValue)
            _ = try await api.createCustomer(#"{"email":"real@example.com","external_id":"real"}"#)
            func ingest(_ events: String) async throws -> APIResponse {
                try await api.request(.post, "/v1/events/ingest", json: #"{"events":[\#(events)]}"#)
            }
            let fine = try await ingest(#"{"name":"ahead","customer_id":"\#(onClock)","timestamp":"2030-05-31T12:00:00Z"}"#)
            #expect(fine.status == .ok, "\(fine.text)")
            let stored = try await api.request(.get, "/v1/events/?name=ahead").json["items"]?.arrayValue.first
            #expect(stored?["timestamp"] == "2030-05-31T12:00:00Z")
            // Beyond the clock, or for a customer on real time: Polar's error, at the event's timestamp, nothing stored.
            let beyond = try await ingest(
                #"{"name":"late","customer_id":"\#(onClock)","timestamp":"2030-06-02T00:00:00Z"},"#
                    + #"{"name":"late","external_customer_id":"real","timestamp":"2030-05-01T00:00:00Z"},"#
                    + #"{"name":"late","customer_id":"\#(onClock)","timestamp":"2030-05-01T00:00:00Z"}"#)
            #expect(beyond.status == .unprocessableContent)
            #expect(beyond.json["error"] == "RequestValidationError")
            // Each refused event with both union members' errors, as for any other future timestamp.
            let locations = beyond.json["detail"]?.arrayValue.map { $0["loc"] ?? .null } ?? []
            #expect(Set(locations.map { $0[2] }) == [0, 1])
            let timestamps: [JSONValue] = [
                ["body", "events", 0, "EventCreateCustomer", "timestamp"], ["body", "events", 0, "EventCreateExternalCustomer", "timestamp"],
                ["body", "events", 1, "EventCreateCustomer", "timestamp"], ["body", "events", 1, "EventCreateExternalCustomer", "timestamp"],
            ]
            #expect(locations.filter { $0[4] == "timestamp" } == timestamps)
            #expect(beyond.json["detail"]?[0]?["msg"] == "Value error, Timestamp must be in the past.")
            #expect(try await api.request(.get, "/v1/events/?name=late").json["items"] == [])
        }
    }

    @Test("only an organization in test mode may create test clocks")
    func testMode() async throws {
        let server = try await TestServer.make()
        try await TestServer.withContext(server.database) { try await $0.setTestMode(organizationID: server.organizationID, false) }
        try await server.test { api in
            let refused = try await api.request(.post, "/v1/test-clocks/", json: "{}")
            #expect(refused.status == .forbidden)
            #expect(
                refused.json == .object([
                    "error": "NotPermitted", "detail": "Test clocks are available to organizations in test mode only.",
                ]))
            #expect(try await api.request(.get, "/v1/test-clocks/").json["pagination"]?["total_count"] == 0)
        }
        try await TestServer.withContext(server.database) { try await $0.setTestMode(organizationID: server.organizationID, true) }
        try await server.test { api async throws in
            #expect(try await api.request(.post, "/v1/test-clocks/", json: "{}").status == .created)
        }
    }

    @Test("a customer on a clock: its sessions start and expire on the clock's time")
    func sessionsOnTheClock() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let clock = try await Self.clock(api, at: "2026-01-31T10:00:00Z")
            let customer = try #require(
                try await api.createCustomer(#"{"email":"portal@example.com","test_clock_id":"\#(clock)"}"#)["id"]?.stringValue)
            let session = try await api.request(.post, "/v1/customer-sessions/", json: #"{"customer_id":"\#(customer)"}"#).json
            #expect(session["created_at"] == "2026-01-31T10:00:00Z")
            #expect(session["expires_at"] == "2026-01-31T11:00:00Z")
            let token = try #require(session["token"]?.stringValue)
            // Long past in real time, but not on the clock: the session works.
            #expect(try await api.request(.get, "/v1/customer-portal/customers/me", token: token).status == .ok)
            try await Self.advance(api, clock, to: "2026-01-31T10:59:00Z")
            #expect(try await api.request(.get, "/v1/customer-portal/customers/me", token: token).status == .ok)
            try await Self.advance(api, clock, to: "2026-01-31T11:00:01Z")
            #expect(try await api.request(.get, "/v1/customer-portal/customers/me", token: token).status == .unauthorized)
        }
    }

    @Test("test clocks: bad input is refused, other organizations see 404, delete takes its customers")
    func clockAPI() async throws {
        let server = try await TestServer.make()
        let other = try await server.otherOrganization()
        try await server.test { api in
            let clock = try await Self.clock(api, at: "2026-01-01T00:00:00Z")
            let back = try await api.request(.post, "/v1/test-clocks/\(clock)/advance", json: #"{"frozen_time":"2025-12-31T00:00:00Z"}"#)
            #expect(back.status == .unprocessableContent)
            #expect(back.json["detail"]?.arrayValue.first?["loc"] == ["body", "frozen_time"])
            let naive = try await api.request(.post, "/v1/test-clocks/\(clock)/advance", json: #"{"frozen_time":"2026-02-01T00:00:00"}"#)
            #expect(naive.json["detail"]?.arrayValue.first?["type"] == "timezone_aware")
            let missing = try await api.request(.post, "/v1/test-clocks/\(clock)/advance", json: #"{}"#)
            #expect(missing.json["detail"]?.arrayValue.first?["type"] == "missing")
            #expect(try await api.request(.get, "/v1/test-clocks/\(clock)", token: other.token).status == .notFound)
            #expect(
                try await api.request(.post, "/v1/test-clocks/\(clock)/advance", json: #"{"frozen_time":"2026-02-01T00:00:00Z"}"#, token: other.token)
                    .status == .notFound)
            let foreign = try await api.request(
                .post, "/v1/customers/", json: #"{"email":"foreign@example.com","test_clock_id":"\#(clock)"}"#, token: other.token)
            #expect(foreign.status == .unprocessableContent)
            #expect(foreign.json["detail"]?.arrayValue.first?["loc"] == ["body", "test_clock_id"])
            #expect(try await api.request(.get, "/v1/customers/?email=foreign@example.com", token: other.token).json["items"] == [])
            #expect(try await api.request(.get, "/v1/test-clocks/").json["pagination"]?["total_count"] == 1)
            #expect(try await api.request(.get, "/v1/test-clocks/", token: other.token).json["pagination"]?["total_count"] == 0)
            // Clocks take the subscription scopes; a customers:read token has neither.
            #expect(try await api.request(.get, "/v1/test-clocks/", token: server.readToken).status == .forbidden)
            #expect(try await api.request(.post, "/v1/test-clocks/", json: "{}", token: server.readToken).status == .forbidden)

            let customer = try #require(
                try await api.createCustomer(#"{"email":"clocked@example.com","test_clock_id":"\#(clock)"}"#)["id"]?.stringValue)
            // Stripe's name for the key works too.
            let stripeStyle = try #require(
                try await api.createCustomer(#"{"email":"stripe-style@example.com","test_clock":"\#(clock)"}"#)["id"]?.stringValue)
            let unknown = try await api.request(.post, "/v1/customers/", json: #"{"email":"u@example.com","test_clock":"\#(UUID().lowercased)"}"#)
            #expect(unknown.json["detail"]?.arrayValue.first?["loc"] == ["body", "test_clock"])
            #expect(try await api.request(.delete, "/v1/test-clocks/\(clock)").status == .noContent)
            #expect(try await api.request(.get, "/v1/test-clocks/\(clock)").status == .notFound)
            #expect(try await api.request(.get, "/v1/customers/\(customer)").status == .notFound)
            #expect(try await api.request(.get, "/v1/customers/\(stripeStyle)").status == .notFound)
        }
    }

    @Test("the configuration's clock is every service's now: a server 32 days ahead renews a month-old subscription")
    func injectedClock() async throws {
        let server = try await TestServer.make()
        let (subscription, end) = try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let customer = try #require(try await api.createCustomer(#"{"email":"ahead@example.com"}"#)["id"]?.stringValue)
            let created = try await api.request(
                .post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customer)","product_id":"\#(catalog.product)"}"#).json
            return (try #require(created["id"]?.stringValue), try #require(created["current_period_end"]?.stringValue))
        }
        let ahead = ServerClock { ServerClock.system.now() + 32 * 86_400_000_000 }
        try await server.test(.live, configure: { $0.clock = ahead }) { api in
            var renewed = JSONValue.null
            for _ in 0..<100 {
                renewed = try await api.request(.get, "/v1/subscriptions/\(subscription)").json
                if renewed["current_period_start"] == .string(end) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(renewed["current_period_start"] == .string(end))
            let modified = try #require(renewed["modified_at"]?.stringValue.flatMap(PolarTimestamp.parseMicroseconds))
            #expect(modified > ServerClock.system.now() + 31 * 86_400_000_000, "stamped with the server's clock")
        }
    }

    @Test("a server stopped across two period ends catches up on start, in order, each step once")
    func catchUp() async throws {
        let server = try await TestServer.make()
        let subscription = try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let customer = try #require(try await api.createCustomer(#"{"email":"catchup@example.com"}"#)["id"]?.stringValue)
            let created = try await api.request(
                .post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customer)","product_id":"\#(catalog.product)"}"#)
            return try #require(created.json["id"]?.stringValue)
        }
        // As if the server had been down since a period that began in mid-January.
        let start = try #require(PolarTimestamp.parseMicroseconds("2026-01-15T08:00:00Z"))
        let now = ServerClock.system.now()
        var periodStart = start
        var periodEnd = SubscriptionRecord.periodEnd(from: start, interval: "month", count: 1, anchorDay: 15)
        var expectedSteps = 0
        while periodEnd <= now {
            (periodStart, periodEnd) = (periodEnd, SubscriptionRecord.periodEnd(from: periodEnd, interval: "month", count: 1, anchorDay: 15))
            expectedSteps += 1
        }
        try await TestServer.withContext(server.database) { context in
            try await context.database.sql.raw(
                """
                UPDATE subscriptions SET started_at = \(bind: start), current_period_start = \(bind: start), \
                current_period_end = \(bind: SubscriptionRecord.periodEnd(from: start, interval: "month", count: 1, anchorDay: 15)) \
                WHERE id = \(bind: subscription)
                """
            ).run()
        }
        let (lastStart, lastEnd) = (PolarTimestamp.format(microseconds: periodStart), PolarTimestamp.format(microseconds: periodEnd))
        try await server.test(.live) { api in
            var renewed = JSONValue.null
            for _ in 0..<100 {
                renewed = try await api.request(.get, "/v1/subscriptions/\(subscription)").json
                if renewed["current_period_start"] == .string(lastStart) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(renewed["current_period_start"] == .string(lastStart))
            #expect(renewed["current_period_end"] == .string(lastEnd))
        }
        let cycled = try await TestServer.withContext(server.database) { context in
            try await context.database.sql.raw(
                "SELECT timestamp FROM events WHERE name = 'subscription.cycled' ORDER BY timestamp"
            ).all().map { try $0.decode(column: "timestamp", as: Int64.self) }
        }
        #expect(cycled.count == expectedSteps)
        #expect(cycled == cycled.sorted())
    }
}

extension TestServer {
    /// The names of the customer's system events, oldest first.
    func systemEvents(customer: String) async throws -> [String] {
        try await TestServer.withContext(database) { context in
            try await context.database.sql.raw(
                "SELECT name FROM events WHERE customer_id = \(bind: customer) AND source = 'system' ORDER BY timestamp, ingested_at"
            ).all().map { try $0.decode(column: "name", as: String.self) }
        }
    }
}
