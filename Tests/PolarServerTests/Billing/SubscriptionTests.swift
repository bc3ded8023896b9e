import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("Subscriptions, benefit grants and customer state")
struct SubscriptionTests {
    /// A monthly product, free with a metered price, granting a feature flag and 100 credited calls.
    struct Catalog {
        let meter: String
        let product: String
        let flag: String
        let credit: String
    }

    static func catalog(_ api: APIClient, unitAmount: String = "0.5", fixedAmount: Int = 0) async throws -> Catalog {
        let meter = try await EventIngestTests.meter(api, name: "API calls", aggregation: #"{"func":"count"}"#)
        let flag = try await api.request(.post, "/v1/benefits/", json: #"{"type":"feature_flag","description":"Pro features","properties":{},"metadata":{"plan":"pro"}}"#)
        let credit = try await api.request(
            .post, "/v1/benefits/",
            json: #"{"type":"meter_credit","description":"100 calls","properties":{"units":100,"rollover":false,"meter_id":"\#(meter)"}}"#)
        let product = try await ProductTests.product(
            api,
            #"{"name":"Pro","recurring_interval":"month","prices":[{"amount_type":"fixed","price_amount":\#(fixedAmount)},{"amount_type":"metered_unit","meter_id":"\#(meter)","unit_amount":"\#(unitAmount)","cap_amount":5000}]}"#
        )
        let catalog = Catalog(
            meter: meter, product: try #require(product["id"]?.stringValue), flag: try #require(flag.json["id"]?.stringValue),
            credit: try #require(credit.json["id"]?.stringValue))
        let attached = try await api.request(
            .post, "/v1/products/\(catalog.product)/benefits", json: #"{"benefits":["\#(catalog.flag)","\#(catalog.credit)"]}"#)
        #expect(attached.status == .ok)
        return catalog
    }

    /// Subscribes the customer to a free product through the API, and answers the subscription.
    static func subscribe(
        _ api: APIClient, customer: String, to product: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        let response = try await api.request(.post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customer)","product_id":"\#(product)"}"#)
        #expect(response.status == .created, "\(response.text)", sourceLocation: sourceLocation)
        return response.json
    }

    static func ingest(_ api: APIClient, customer: String, count: Int) async throws {
        let events = (0..<count).map { _ in #"{"name":"api_call","customer_id":"\#(customer)"}"# }.joined(separator: ",")
        #expect(try await api.request(.post, "/v1/events/ingest", json: #"{"events":[\#(events)]}"#).status == .ok)
    }

    @Test("subscribe, use, and read the exact state: subscription with its meter, both grants, the customer's meter")
    func state() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await Self.catalog(api)
            let customer = try await api.createCustomer(#"{"email":"ada@example.com","external_id":"ada"}"#)
            let customerID = try #require(customer["id"]?.stringValue)
            let created = try await api.request(
                .post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customerID)","product_id":"\#(catalog.product)","metadata":{"source":"api"}}"#)
            #expect(created.status == .created)
            let subscription = created.json
            let id = try #require(subscription["id"]?.stringValue)
            #expect(subscription["status"] == "active")
            #expect(subscription["amount"] == 0)
            #expect(subscription["currency"] == "usd")
            #expect(subscription["recurring_interval"] == "month")
            #expect(subscription["cancel_at_period_end"] == false)
            #expect(subscription["customer"]?["id"] == .string(customerID))
            #expect(subscription["product"]?["id"] == .string(catalog.product))
            #expect(subscription["product"]?["is_deletable"] == false)
            #expect(subscription["metadata"] == .object(["source": "api"]))
            let start = try #require(subscription["current_period_start"]?.stringValue.flatMap(PolarTimestamp.parseMicroseconds))
            let end = try #require(subscription["current_period_end"]?.stringValue.flatMap(PolarTimestamp.parseMicroseconds))
            #expect(end == SubscriptionRecord.periodEnd(from: start, interval: "month", count: 1))
            #expect(subscription["started_at"] == subscription["current_period_start"])
            #expect(subscription["meters"]?[0]?["meter"]?["name"] == "API calls")
            // Deprecated, absent from Polar's schema, but in its JSON.
            #expect(subscription["price_id"] == subscription["prices"]?[0]?["id"] && subscription["price"] == subscription["prices"]?[0])
            #expect(subscription["user_id"] == .string(customerID))
            #expect(
                subscription["user"]
                    == .object([
                        "id": .string(customerID), "email": "ada@example.com", "public_name": "a",
                        "avatar_url": customer["avatar_url"] ?? .null, "github_username": .null,
                    ]))

            try await Self.ingest(api, customer: customerID, count: 250)
            let state = try await api.request(.get, "/v1/customers/\(customerID)/state").json
            let active = try #require(state["active_subscriptions"]?[0])
            #expect(state["active_subscriptions"]?.arrayValue.count == 1)
            #expect(
                active.keys == [
                    "id", "created_at", "modified_at", "custom_field_data", "metadata", "status", "amount", "currency",
                    "recurring_interval", "current_period_start", "current_period_end", "trial_start", "trial_end",
                    "cancel_at_period_end", "canceled_at", "started_at", "ends_at", "product_id", "discount_id", "price_id", "seats",
                    "units", "meters",
                ])
            #expect(active["id"] == .string(id))
            #expect(active["current_period_end"] == subscription["current_period_end"])
            let meter = try #require(active["meters"]?[0])
            #expect(meter["consumed_units"] == .number(250))
            #expect(meter["credited_units"] == 100)
            // 150 calls beyond the credit at 0.5 cents.
            #expect(meter["amount"] == 75)
            #expect(meter["meter_id"] == .string(catalog.meter))

            let grants = try #require(state["granted_benefits"]?.arrayValue)
            #expect(Set(grants.compactMap { $0["benefit_id"]?.stringValue }) == [catalog.flag, catalog.credit])
            let flag = try #require(grants.first { $0["benefit_type"] == "feature_flag" })
            #expect(flag.keys == ["id", "created_at", "modified_at", "granted_at", "benefit_id", "benefit_type", "benefit_metadata", "properties"])
            #expect(flag["benefit_metadata"] == .object(["plan": "pro"]))
            #expect(flag["properties"] == .object([]))
            // Polar's state reads grant properties through a union with no member for meter
            // credits, which drops what they record (webhooks show it).
            let credit = try #require(grants.first { $0["benefit_type"] == "meter_credit" })
            #expect(credit["properties"] == .object([]))

            #expect(
                state["active_meters"]?[0]?["consumed_units"] == .number(250) && state["active_meters"]?[0]?["credited_units"] == 100
                    && state["active_meters"]?[0]?["balance"] == .number(-150))
            #expect(try await api.request(.get, "/v1/customers/external/ada/state").json == state)
            // The Swift SDK's own types read it.
            let typed = try JSONValueDecoder().decode(CustomerState.self, from: state)
            #expect(typed.activeSubscriptions.first?.meters.first?.amount == 75)
            #expect(typed.grantedBenefits.count == 2)
            #expect(try await api.request(.get, "/v1/customers/?active=true").json["items"]?[0]?["id"] == .string(customerID))
            #expect(try await api.request(.get, "/v1/customers/?active=false").json["items"] == [])
        }
    }

    @Test("cancel at period end and uncancel; revoke ends it and its benefits leave the state, credits taken back")
    func lifecycle() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await Self.catalog(api)
            let customer = try await api.createCustomer(#"{"email":"bob@example.com","external_id":"bob"}"#)
            let customerID = try #require(customer["id"]?.stringValue)
            let created = try await api.request(
                .post, "/v1/subscriptions/", json: #"{"external_customer_id":"bob","product_id":"\#(catalog.product)"}"#)
            let id = try #require(created.json["id"]?.stringValue)

            let canceled = try await api.request(
                .patch, "/v1/subscriptions/\(id)", json: #"{"cancel_at_period_end":true,"customer_cancellation_reason":"unused"}"#)
            #expect(canceled.status == .ok)
            #expect(canceled.json["status"] == "active")
            #expect(canceled.json["cancel_at_period_end"] == true)
            #expect(canceled.json["ends_at"] == created.json["current_period_end"])
            #expect(canceled.json["canceled_at"] != .null)
            #expect(canceled.json["customer_cancellation_reason"] == "unused")
            let again = try await api.request(.patch, "/v1/subscriptions/\(id)", json: #"{"cancel_at_period_end":true}"#)
            #expect(again.status == .forbidden)
            #expect(again.json == .object(["error": "AlreadyCanceledSubscription", "detail": "This subscription is already canceled or will be at the end of the period."]))
            #expect(try await api.request(.get, "/v1/subscriptions/?cancel_at_period_end=true").json["items"]?.arrayValue.count == 1)
            let count: @Sendable (String) async throws -> Int? = { query in
                try await api.request(.get, "/v1/subscriptions/?" + query).json["items"]?.arrayValue.count
            }
            let canceledAt = try #require(canceled.json["canceled_at"]?.stringValue)
            let startedAt = try #require(created.json["started_at"]?.stringValue)
            let encoded: @Sendable (String) -> String = { $0.replacingOccurrences(of: "+", with: "%2B") }
            #expect(try await count("customer_cancellation_reason=unused&customer_cancellation_reason=other") == 1)
            #expect(try await count("customer_cancellation_reason=too_expensive") == 0)
            #expect(try await count("canceled_at_after=\(encoded(canceledAt))&canceled_at_before=\(encoded(canceledAt))") == 1)
            #expect(try await count("started_after=\(encoded(startedAt))") == 0)
            #expect(try await count("started_before=2999-01-01") == 1)
            #expect(try await count("started_after=2000-01-01T00:00:00") == 1)
            #expect(try await count("status=active") == 1)
            #expect(try await count("status=canceled&status=unpaid") == 0)
            let bad = try await api.request(.get, "/v1/subscriptions/?status=gone&started_after=soon")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.json["detail"]?.arrayValue.map { $0["loc"] ?? .null } == [["query", "status", 0], ["query", "started_after"]])

            let uncanceled = try await api.request(.patch, "/v1/subscriptions/\(id)", json: #"{"cancel_at_period_end":false}"#)
            #expect(uncanceled.json["cancel_at_period_end"] == false)
            #expect(uncanceled.json["ends_at"] == .null && uncanceled.json["canceled_at"] == .null)
            #expect(uncanceled.json["customer_cancellation_reason"] == .null)
            #expect(try await api.request(.patch, "/v1/subscriptions/\(id)", json: #"{"cancel_at_period_end":false}"#).status == .badRequest)

            let revoked = try await api.request(.delete, "/v1/subscriptions/\(id)")
            #expect(revoked.status == .ok)
            #expect(revoked.json["status"] == "canceled")
            #expect(revoked.json["ended_at"] != .null && revoked.json["ended_at"] == revoked.json["ends_at"])
            let state = try await api.request(.get, "/v1/customers/\(customerID)/state").json
            #expect(state["active_subscriptions"] == [])
            #expect(state["granted_benefits"] == [])
            #expect(state["active_meters"]?[0]?["credited_units"] == 0)
            #expect(try await api.request(.patch, "/v1/subscriptions/\(id)", json: #"{"revoke":true}"#).status == .forbidden)
            #expect(try await api.request(.patch, "/v1/subscriptions/\(id)", json: #"{"cancel_at_period_end":false}"#).status == .gone)
            #expect(try await api.request(.get, "/v1/subscriptions/?active=false").json["items"]?[0]?["id"] == .string(id))
            #expect(try await api.request(.get, "/v1/subscriptions/?status=canceled").json["items"]?[0]?["id"] == .string(id))
            #expect(try await api.request(.get, "/v1/customers/?active=true").json["items"] == [])
        }
    }

    @Test("deleting a customer revokes its subscriptions and grants with the soft delete; by external id too")
    func delete() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await Self.catalog(api)
            for external in ["del-1", "del-2"] {
                let customer = try await api.createCustomer(#"{"email":"\#(external)@example.com","external_id":"\#(external)"}"#)
                let customerID = try #require(customer["id"]?.stringValue)
                let created = try await api.request(
                    .post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customerID)","product_id":"\#(catalog.product)"}"#)
                let id = try #require(created.json["id"]?.stringValue)
                let path = external == "del-1" ? "/v1/customers/\(customerID)" : "/v1/customers/external/\(external)"
                #expect(try await api.request(.delete, path).status == .noContent)
                let subscription = try await api.request(.get, "/v1/subscriptions/\(id)").json
                #expect(subscription["status"] == "canceled")
                #expect(subscription["ended_at"] != .null)
                let grants = try await TestServer.withContext(server.database) { context in
                    try await BenefitGrantStore(database: context.database).granted(customerID: UUID(uuidString: customerID)!)
                }
                #expect(grants.isEmpty)
            }
        }
    }

    @Test("a customer delete that fails at its last write changes nothing: subscription, grants and credits stay")
    func deleteIsAtomic() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await Self.catalog(api)
            let customer = try await api.createCustomer(#"{"email":"atomic@example.com"}"#)
            let customerID = try #require(customer["id"]?.stringValue)
            let created = try await api.request(
                .post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customerID)","product_id":"\#(catalog.product)"}"#)
            let subscriptionPath = "/v1/subscriptions/" + (try #require(created.json["id"]?.stringValue))
            let before = try await api.request(.get, "/v1/customers/\(customerID)/state").json
            // The soft delete, written after the subscription is revoked, fails.
            try await TestServer.withContext(server.database) { context in
                let sql = context.database.sql
                if context.database.dialect.isPostgres {
                    try await sql.raw("CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql").run()
                    try await sql.raw(
                        "CREATE TRIGGER refuse BEFORE UPDATE ON customers FOR EACH ROW WHEN (NEW.deleted_at IS NOT NULL) EXECUTE FUNCTION refuse()"
                    ).run()
                } else {
                    try await sql.raw(
                        "CREATE TRIGGER refuse BEFORE UPDATE ON customers WHEN NEW.deleted_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'refused'); END"
                    ).run()
                }
            }
            #expect(try await api.request(.delete, "/v1/customers/\(customerID)").status == .internalServerError)
            #expect(try await api.request(.get, "/v1/customers/\(customerID)/state").json == before)
            #expect(try await api.request(.get, subscriptionPath).json["status"] == "active")

            try await TestServer.withContext(server.database) { context in
                try await context.database.sql.raw(context.database.dialect.isPostgres ? "DROP TRIGGER refuse ON customers" : "DROP TRIGGER refuse").run()
            }
            #expect(try await api.request(.delete, "/v1/customers/\(customerID)").status == .noContent)
            #expect(try await api.request(.get, subscriptionPath).json["status"] == "canceled")
        }
    }

    @Test("PATCH reads Polar's nine-member union: metadata updates, no-op bodies, every member's errors, billing changes refused")
    func updateUnion() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await Self.catalog(api)
            let customer = try await api.createCustomer(#"{"email":"patch@example.com"}"#)
            let customerID = try #require(customer["id"]?.stringValue)
            let created = try await api.request(
                .post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customerID)","product_id":"\#(catalog.product)"}"#)
            let path = "/v1/subscriptions/" + (try #require(created.json["id"]?.stringValue))

            let tagged = try await api.request(.patch, path, json: #"{"metadata":{"team":"core"}}"#)
            #expect(tagged.status == .ok)
            #expect(tagged.json["metadata"] == .object(["team": "core"]))
            #expect(tagged.json["modified_at"] != .null)
            for noOp in ["{}", #"{"pending_update":null}"#, #"{"discount_id":null,"proration_behavior":"prorate"}"#] {
                let response = try await api.request(.patch, path, json: noOp)
                #expect(response.status == .ok)
                #expect(response.json["metadata"] == .object(["team": "core"]) && response.json["modified_at"] == tagged.json["modified_at"])
            }

            let bad = try await api.request(.patch, path, json: #"{"revoke":false}"#)
            #expect(bad.status == .unprocessableContent)
            let errors = bad.json["detail"]?.arrayValue.map { error in
                ((error["loc"]?.arrayValue ?? []).dropFirst().compactMap(\.stringValue).joined(separator: ".")) + " " + (error["type"]?.stringValue ?? "")
            }
            #expect(
                errors == [
                    "SubscriptionUpdateBase.revoke extra_forbidden", "SubscriptionUpdateSeats.seats missing",
                    "SubscriptionUpdateSeats.revoke extra_forbidden", "SubscriptionUpdateUnits.units missing",
                    "SubscriptionUpdateUnits.revoke extra_forbidden", "SubscriptionUpdateBillingPeriod.current_billing_period_end missing",
                    "SubscriptionUpdateBillingPeriod.revoke extra_forbidden", "SubscriptionCancel.cancel_at_period_end missing",
                    "SubscriptionCancel.revoke extra_forbidden", "SubscriptionRevoke.revoke literal_error",
                    "SubscriptionPause.pause_at_period_end missing", "SubscriptionPause.revoke extra_forbidden",
                    "SubscriptionResume.resume missing", "SubscriptionResume.revoke extra_forbidden",
                    "SubscriptionUpdateClear.pending_update missing", "SubscriptionUpdateClear.revoke extra_forbidden",
                ])
            let trial = try await api.request(.patch, path, json: #"{"trial_end":"2000-01-01T00:00:00Z"}"#)
            #expect(
                trial.json["detail"]?.arrayValue.prefix(2).map { $0["loc"] ?? .null }
                    == [["body", "SubscriptionUpdateBase", "trial_end", "datetime"], ["body", "SubscriptionUpdateBase", "trial_end", "literal['now']"]])
            for (body, key) in [(#"{"product_id":"\#(catalog.product)"}"#, "product_id"), (#"{"seats":2}"#, "seats"), (#"{"resume":true}"#, "resume")] {
                let refused = try await api.request(.patch, path, json: body)
                #expect(refused.status == .unprocessableContent)
                #expect(refused.json["detail"]?[0]?["loc"] == ["body", .string(key)])
            }
            #expect(try await api.request(.get, path).json["metadata"] == .object(["team": "core"]))
        }
    }

    @Test("sorted by Polar's status rank and by the monthly amount")
    func sorting() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let customer = try await api.createCustomer(#"{"email":"sort@example.com"}"#)
            let customerID = try #require(customer["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            var ids: [String] = []
            // 12,000 a year is 1,000 a month, less than 1,500 a month.
            for (interval, amount) in [("year", 12000), ("month", 1500)] {
                let product = try await ProductTests.product(
                    api, #"{"name":"\#(interval)ly","recurring_interval":"\#(interval)","prices":[{"amount_type":"fixed","price_amount":\#(amount)}]}"#)
                let productID = try #require(product["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
                ids.append(
                    try await TestServer.withContext(server.database) { context in
                        try await context.createSubscription(customerID: customerID, productID: productID)
                    }.uuidString.lowercased())
            }
            let order: @Sendable (String) async throws -> [String] = { sorting in
                try await api.request(.get, "/v1/subscriptions/?sorting=\(sorting)").json["items"]?.arrayValue.compactMap { $0["id"]?.stringValue } ?? []
            }
            #expect(try await order("amount") == ids)
            #expect(try await order("-amount") == ids.reversed())
            #expect(try await api.request(.patch, "/v1/subscriptions/\(ids[0])", json: #"{"cancel_at_period_end":true}"#).status == .ok)
            #expect(try await order("status") == ids.reversed())
            #expect(try await order("-status") == ids)
        }
    }

    @Test("a credit benefit held through two subscriptions keeps its units when one of them ends, as in Polar")
    func sharedCredit() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await Self.catalog(api)
            let second = try await ProductTests.product(api, #"{"name":"Team","recurring_interval":"month","prices":[{"amount_type":"fixed","price_amount":0}]}"#)
            let secondID = try #require(second["id"]?.stringValue)
            #expect(try await api.request(.post, "/v1/products/\(secondID)/benefits", json: #"{"benefits":["\#(catalog.credit)"]}"#).status == .ok)
            let customer = try await api.createCustomer(#"{"email":"twice@example.com"}"#)
            let customerID = try #require(customer["id"]?.stringValue)
            var subscriptions: [String] = []
            for product in [catalog.product, secondID] {
                let created = try await api.request(.post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customerID)","product_id":"\#(product)"}"#)
                subscriptions.append(try #require(created.json["id"]?.stringValue))
            }
            let credited: @Sendable () async throws -> JSONValue? = {
                let meters = try await api.request(.get, "/v1/customers/\(customerID)/state").json["active_meters"]?.arrayValue ?? []
                return meters.first { $0["meter_id"]?.stringValue == catalog.meter }?["credited_units"]
            }
            #expect(try await credited() == 200)
            // The other grant still holds the benefit, so nothing is taken back.
            #expect(try await api.request(.delete, "/v1/subscriptions/\(subscriptions[0])").status == .ok)
            #expect(try await credited() == 200)
            #expect(try await api.request(.delete, "/v1/subscriptions/\(subscriptions[1])").status == .ok)
            #expect(try await credited() == 100)
        }
    }

    @Test("only free recurring products via the API; unknown customers and products are business 422s; nothing written")
    func createRules() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let paid = try await Self.catalog(api, fixedAmount: 900)
            let once = try await ProductTests.product(api, #"{"name":"Ebook","prices":[{"amount_type":"fixed","price_amount":0}]}"#)
            let onceID = try #require(once["id"]?.stringValue)
            let customer = try await api.createCustomer(#"{"email":"cy@example.com"}"#)
            let customerID = try #require(customer["id"]?.stringValue)
            for (product, message) in [
                (paid.product, "Product is not free. The customer should go through a checkout to create a paid subscription."),
                (onceID, "Product is not a recurring product."),
                (UUID().uuidString.lowercased(), "Product does not exist."),
            ] {
                let response = try await api.request(.post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customerID)","product_id":"\#(product)"}"#)
                #expect(response.status == .unprocessableContent)
                #expect(response.json["detail"]?[0]?["loc"] == ["body", "product_id"])
                #expect(response.json["detail"]?[0]?["msg"] == .string(message))
            }
            let free = try await Self.catalog(api)
            let unknown = try await api.request(.post, "/v1/subscriptions/", json: #"{"external_customer_id":"nobody","product_id":"\#(free.product)"}"#)
            #expect(unknown.json["detail"]?[0]?["loc"] == ["body", "external_customer_id"])
            #expect(unknown.json["detail"]?[0]?["msg"] == "Customer does not exist.")
            let neither = try await api.request(.post, "/v1/subscriptions/", json: #"{"product_id":"\#(free.product)"}"#)
            #expect(
                neither.json["detail"]?.arrayValue.map { $0["loc"] ?? .null } == [
                    ["body", "SubscriptionCreateCustomer", "customer_id"], ["body", "SubscriptionCreateExternalCustomer", "external_customer_id"],
                ])
            // A union without a discriminator: each member's errors, whatever key was sent.
            let noProduct = try await api.request(.post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customerID)"}"#)
            #expect(
                noProduct.json["detail"]?.arrayValue.map { $0["loc"] ?? .null } == [
                    ["body", "SubscriptionCreateCustomer", "product_id"], ["body", "SubscriptionCreateExternalCustomer", "product_id"],
                    ["body", "SubscriptionCreateExternalCustomer", "external_customer_id"],
                ])
            let other = try await server.otherOrganization()
            let foreign = try await api.request(
                .post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customerID)","product_id":"\#(free.product)"}"#, token: other.token)
            #expect(foreign.json["detail"]?[0]?["msg"] == "Product does not exist.")
            #expect(try await api.request(.get, "/v1/subscriptions/").json["pagination"]?["total_count"] == 0)

            // A subscription is in the organization's currency, with that currency's prices only.
            let twoCurrencies = try await ProductTests.product(
                api,
                #"{"name":"Both","recurring_interval":"year","prices":[{"amount_type":"fixed","price_amount":0,"price_currency":"eur"},{"amount_type":"fixed","price_amount":0}]}"#
            )
            let both = try await api.request(
                .post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customerID)","product_id":"\#(twoCurrencies["id"]?.stringValue ?? "")"}"#)
            #expect(both.json["currency"] == "usd")
            #expect(both.json["prices"]?.arrayValue.map { $0["price_currency"] ?? .null } == ["usd"])

            // The operator's tool starts a paid one, as a checkout would.
            let id = try await TestServer.withContext(server.database) { context in
                try await context.createSubscription(customerID: UUID(uuidString: customerID)!, productID: UUID(uuidString: paid.product)!)
            }
            let started = try await api.request(.get, "/v1/subscriptions/\(id.uuidString.lowercased())").json
            #expect(started["amount"] == 900)
            #expect(started["status"] == "active")
            #expect(try await api.request(.get, "/v1/subscriptions/\(id.uuidString.lowercased())", token: other.token).status == .notFound)
        }
    }
}
