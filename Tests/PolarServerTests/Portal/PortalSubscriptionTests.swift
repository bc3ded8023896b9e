import Foundation
import HTTPTypes
import PolarModels
import Testing

@Suite("The portal's subscriptions: /v1/customer-portal/subscriptions/")
struct PortalSubscriptionTests {
    /// A customer session token for the customer.
    static func session(_ api: APIClient, _ customer: String) async throws -> String {
        let session = try await api.request(.post, "/v1/customer-sessions/", json: #"{"customer_id":"\#(customer)"}"#)
        return try #require(session.json["token"]?.stringValue)
    }

    @Test("list and get: Polar's CustomerSubscription, the customer's own only, with every filter and sort")
    func read() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let basic = try await ProductTests.product(
                api, #"{"name":"Basic","recurring_interval":"month","prices":[{"amount_type":"fixed","price_amount":0}]}"#)
            let basicID = try #require(basic["id"]?.stringValue)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            let bob = try #require(try await api.createCustomer(#"{"email":"bob@example.com"}"#)["id"]?.stringValue)
            let pro = try #require(try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)["id"]?.stringValue)
            let cheap = try #require(try await SubscriptionTests.subscribe(api, customer: ada, to: basicID)["id"]?.stringValue)
            _ = try await SubscriptionTests.subscribe(api, customer: bob, to: basicID)
            #expect(try await api.request(.delete, "/v1/subscriptions/\(cheap)").status == .ok)
            let token = try await Self.session(api, ada)

            let list = try await api.request(.get, "/v1/customer-portal/subscriptions/", token: token)
            #expect(list.status == .ok, "\(list.text)")
            #expect(list.json["pagination"] == .object(["total_count": 2, "max_page": 1]))
            let items = list.json["items"]?.arrayValue ?? []
            let subscription = try #require(items.first { $0["id"] == .string(pro) })
            #expect(
                subscription.keys == [
                    "created_at", "modified_at", "id", "amount", "currency", "recurring_interval", "recurring_interval_count", "status",
                    "current_period_start", "current_period_end", "current_meter_period_start", "current_meter_period_end", "trial_start",
                    "trial_end", "cancel_at_period_end", "canceled_at", "started_at", "ends_at", "ended_at", "past_due_at",
                    "pause_at_period_end", "paused_at", "resumes_at", "customer_id", "product_id", "discount_id", "checkout_id", "seats",
                    "units", "customer_cancellation_reason", "customer_cancellation_comment", "price_id", "user_id", "product", "price",
                    "prices", "meters", "pending_update",
                ])
            let organization = try await api.request(.get, "/v1/organizations/\(server.organizationID.lowercased)").json
            let merchant = try await api.request(.get, "/v1/subscriptions/\(pro)").json
            // Everything both shapes share is the same.
            for key in subscription.keys where merchant[key] != nil && key != "product" && key != "meters" {
                #expect(subscription[key] == merchant[key], "\(key)")
            }
            let product = try #require(subscription["product"])
            #expect(
                product.keys == [
                    "id", "created_at", "modified_at", "trial_interval", "trial_interval_count", "name", "description", "visibility",
                    "recurring_interval", "recurring_interval_count", "meter_interval", "meter_interval_count", "is_recurring", "is_archived",
                    "organization_id", "prices", "benefits", "medias", "organization",
                ])
            // Only public benefits: the feature flag is private by default, the credit public.
            #expect(product["benefits"]?.arrayValue.compactMap { $0["id"]?.stringValue } == [catalog.credit])
            #expect(
                product["benefits"]?.arrayValue.first?.keys == [
                    "id", "created_at", "modified_at", "type", "description", "selectable", "deletable", "is_deleted", "organization_id",
                    "properties",
                ])
            #expect(product["benefits"]?.arrayValue.first?["properties"] == .object(["units": 100, "meter_id": .string(catalog.meter)]))
            let customerOrganization = try #require(product["organization"])
            #expect(
                customerOrganization.keys == [
                    "created_at", "modified_at", "id", "name", "slug", "avatar_url", "proration_behavior", "allow_customer_updates", "bio",
                    "company", "blog", "location", "twitter_username", "pledge_minimum_amount", "pledge_badge_show_amount",
                    "default_upfront_split_to_contributors", "email", "website", "socials", "status", "details_submitted_at",
                    "feature_settings", "subscription_settings", "customer_email_settings", "customer_portal_settings",
                    "organization_features",
                ])
            for key in customerOrganization.keys where organization[key] != nil {
                #expect(customerOrganization[key] == organization[key], "\(key)")
            }
            #expect(customerOrganization["organization_features"] == .object(["member_model_enabled": false, "checkout_localization_enabled": false]))
            #expect(organization["feature_settings"]?["seat_based_pricing_enabled"] == false)
            let meter = try #require(subscription["meters"]?.arrayValue.first)
            #expect(meter.keys == ["created_at", "modified_at", "id", "consumed_units", "credited_units", "amount", "meter_id", "meter"])
            #expect(meter["meter"]?.keys == ["created_at", "modified_at", "id", "name"])
            #expect(meter["meter"]?["name"] == "API calls")

            #expect(try await api.request(.get, "/v1/customer-portal/subscriptions/\(pro)", token: token).json == subscription)
            func listed(_ query: String) async throws -> [String] {
                let response = try await api.request(.get, "/v1/customer-portal/subscriptions/?\(query)", token: token)
                #expect(response.status == .ok, "\(query): \(response.text)")
                return response.json["items"]?.arrayValue.compactMap { $0["id"]?.stringValue } ?? []
            }
            #expect(try await listed("active=true") == [pro])
            #expect(try await listed("active=false") == [cheap])
            #expect(try await listed("product_id=\(basicID)") == [cheap])
            #expect(try await listed("query=BAS") == [cheap])
            #expect(try await listed("sorting=product") == [cheap, pro])
            #expect(try await listed("sorting=-product&sorting=organization") == [pro, cheap])
            #expect(try await api.request(.get, "/v1/customer-portal/subscriptions/?sorting=customer", token: token).status == .unprocessableContent)

            // Bob's subscription is not Ada's to read; an organization token is no customer.
            let bobs = try await api.request(.get, "/v1/customer-portal/subscriptions/", token: try await Self.session(api, bob))
            let bobsID = try #require(bobs.json["items"]?.arrayValue.first?["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/customer-portal/subscriptions/\(bobsID)", token: token).status == .notFound)
            #expect(try await api.request(.patch, "/v1/customer-portal/subscriptions/\(bobsID)", json: "{}", token: token).status == .notFound)
            #expect(try await api.request(.delete, "/v1/customer-portal/subscriptions/\(bobsID)", token: token).status == .notFound)
            #expect(try await api.request(.get, "/v1/customer-portal/subscriptions/").status == .unauthorized)
        }
    }

    @Test("cancel at period end and back, Polar's refusals, and the changes that would bill")
    func changes() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            let pro = try #require(try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)["id"]?.stringValue)
            let token = try await Self.session(api, ada)
            let path = "/v1/customer-portal/subscriptions/\(pro)"
            func patch(_ json: String) async throws -> (status: HTTPResponse.Status, json: JSONValue) {
                let response = try await api.request(.patch, path, json: json, token: token)
                return (response.status, response.json)
            }

            // Nothing sent changes nothing.
            let before = try await api.request(.get, path, token: token).json
            #expect(try await patch("{}").json == before)
            #expect(try await patch(#"{"cancel_at_period_end":null,"cancellation_reason":"other"}"#).json == before)

            let canceled = try await patch(#"{"cancel_at_period_end":true,"cancellation_reason":"too_expensive","cancellation_comment":"Pricey"}"#)
            #expect(canceled.status == .ok)
            #expect(canceled.json["cancel_at_period_end"] == true)
            #expect(canceled.json["status"] == "active")
            #expect(canceled.json["ends_at"] == before["current_period_end"])
            #expect(canceled.json["customer_cancellation_reason"] == "too_expensive")
            #expect(canceled.json["customer_cancellation_comment"] == "Pricey")
            let already = APIErrorBody.alreadyCanceled
            #expect(try await patch(#"{"cancel_at_period_end":true}"#).json == already)
            #expect(try await api.request(.delete, path, token: token).json == already)
            #expect(try await patch(#"{"product_id":"\#(catalog.product)"}"#).json == already)

            // Its metered price may cost something: Polar wants a payment method before it goes on.
            let uncancel = try await patch(#"{"cancel_at_period_end":false}"#)
            #expect(uncancel.status == .conflict)
            #expect(
                uncancel.json == .object([
                    "error": "PaymentMethodRequired", "detail": "Add a payment method before uncancelling this subscription.",
                ]))

            // A free plan goes on without one; DELETE cancels at period end again.
            let free = try await ProductTests.product(
                api, #"{"name":"Free","recurring_interval":"month","prices":[{"amount_type":"fixed","price_amount":0}]}"#)
            let freeID = try #require(free["id"]?.stringValue)
            let gratis = try #require(try await SubscriptionTests.subscribe(api, customer: ada, to: freeID)["id"]?.stringValue)
            let freePath = "/v1/customer-portal/subscriptions/\(gratis)"
            let deleted = try await api.request(.delete, freePath, token: token)
            #expect(deleted.status == .ok)
            #expect(deleted.json["cancel_at_period_end"] == true)
            #expect(deleted.json["customer_cancellation_reason"] == .null)
            let back = try await api.request(.patch, freePath, json: #"{"cancel_at_period_end":false}"#, token: token)
            #expect(back.status == .ok)
            #expect(back.json["cancel_at_period_end"] == false)
            #expect(back.json["ends_at"] == .null)
            #expect(back.json["canceled_at"] == .null)
            #expect(try await api.request(.patch, freePath, json: #"{"cancel_at_period_end":false}"#, token: token).json
                == .object(["error": "BadRequest", "detail": "Bad request"]))

            func change(_ json: String) async throws -> JSONValue {
                try await api.request(.patch, freePath, json: json, token: token).json
            }
            #expect(
                try await change(#"{"product_id":"\#(UUID().uuidString.lowercased())"}"#)["detail"]?.arrayValue.first?["msg"]
                    == "Product does not exist.")
            #expect(try await change(#"{"product_id":"\#(catalog.product)"}"#)["detail"]?.arrayValue.first?["loc"] == ["body", "product_id"])
            #expect(
                try await change(#"{"seats":3}"#)
                    == .object(["error": "NotASeatBasedSubscription", "detail": "This subscription does not support seat-based pricing."]))
            #expect(
                try await change(#"{"pause_at_period_end":true}"#)
                    == .object(["error": "PauseResumeNotAllowed", "detail": "Pausing or resuming a subscription is not allowed."]))
            #expect(try await change(#"{"resume":true}"#)["error"] == "PauseResumeNotAllowed")
            #expect(try await change(#"{"pending_update":null}"#)["detail"]?.arrayValue.first?["msg"] == "This subscription has no pending update to clear.")
            // The organization turns plan changes off.
            let settings = #"{"customer_portal_settings":{"usage":{"show":true},"subscription":{"update_seats":false,"update_plan":false}}}"#
            #expect(try await api.request(.patch, "/v1/organizations/\(server.organizationID.lowercased)", json: settings).status == .ok)
            #expect(try await change(#"{"product_id":"\#(catalog.product)"}"#)["error"] == "UpdateSubscriptionPlanNotAllowed")
            #expect(try await change(#"{"seats":3}"#)["error"] == "UpdateSubscriptionSeatsNotAllowed")

            // A body no member takes: every member's errors.
            let bad = try await api.request(.patch, freePath, json: #"{"cancel_at_period_end":"maybe","color":"red"}"#, token: token)
            #expect(bad.status == .unprocessableContent)
            let members = Set(bad.json["detail"]?.arrayValue.compactMap { $0["loc"]?.arrayValue.dropFirst().first?.stringValue } ?? [])
            #expect(members.count == 6)
            #expect(bad.json["detail"]?.arrayValue.contains { $0["type"] == "extra_forbidden" && $0["loc"] == ["body", "CustomerSubscriptionCancel", "color"] } == true)
        }
    }

    @Test("polar-sdk 1.x and 0.32 list, get, cancel and uncancel through the portal")
    func polarSDKs() async throws {
        for (generation, python) in [("1.x", try await PythonTools.python()), ("0.32", try await PythonTools.python032())] {
            let server = try await TestServer.make()
            try await server.test(.live) { api in
                let free = try await ProductTests.product(
                    api, #"{"name":"Free","recurring_interval":"month","prices":[{"amount_type":"fixed","price_amount":0}]}"#)
                let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
                _ = try await SubscriptionTests.subscribe(api, customer: ada, to: free["id"]?.stringValue ?? "")
                let token = try await Self.session(api, ada)
                let port = try #require(api.client.port)
                let run = try await PythonTools.run(python, ["Tests/Compatibility/portal_subscriptions.py", "http://127.0.0.1:\(port)", token])
                #expect(run.status == 0, "\(generation): \(run.output.suffix(3000))")
                let read = run.output.split(separator: "\n").last.flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? .null
                #expect(read["listed"] == [["Free", "active"]], "\(generation)")
                #expect(read["organization"] == "acme", "\(generation)")
                #expect(read["canceled"] == [true, "unused"], "\(generation)")
                #expect(read["uncanceled"] == false, "\(generation)")
                #expect(read["deleted"] == true, "\(generation)")
            }
        }
    }
}

/// Polar's error bodies these tests compare with.
private enum APIErrorBody {
    static let alreadyCanceled: JSONValue = .object([
        "error": "AlreadyCanceledSubscription", "detail": "This subscription is already canceled or will be at the end of the period.",
    ])
}
