import Crypto
import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("Webhook deliveries to a real receiver", .serialized)
struct WebhookDeliveryTests {
    /// Fast retries, so tests see them.
    static func configure(_ configuration: inout ServerConfiguration) {
        configuration.webhooks = WebhookSettings(retryBase: .milliseconds(20), timeout: .seconds(5))
    }

    static func subscribe(_ api: APIClient, _ receiver: WebhookReceiver, events: [String]) async throws -> (id: String, secret: String) {
        let types = events.map { "\"\($0)\"" }.joined(separator: ",")
        let response = try await api.request(
            .post, "/v1/webhooks/endpoints", json: #"{"url":"\#(receiver.url)","format":"raw","events":[\#(types)]}"#)
        #expect(response.status == .created, "\(response.text)")
        return (try #require(response.json["id"]?.stringValue), try #require(response.json["secret"]?.stringValue))
    }

    /// The delivery log once it holds `count` attempts (each is recorded once its answer is in).
    static func deliveryLog(_ api: APIClient, count: Int, query: String = "") async throws -> JSONValue {
        var log = try await api.request(.get, "/v1/webhooks/deliveries?limit=100" + query).json
        for _ in 0..<250 where log["pagination"]?["total_count"] != .integer(count) {
            try await Task.sleep(for: .milliseconds(20))
            log = try await api.request(.get, "/v1/webhooks/deliveries?limit=100" + query).json
        }
        return log
    }

    @Test("customer events arrive signed, each followed by its customer.state_changed, as polar-sdk 1.x and 0.32 verify them")
    func customerEvents() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let server = try await TestServer.make()
        let deliveries: [WebhookReceiver.Received] = try await server.test(.live, configure: Self.configure) { api in
            let (_, secret) = try await Self.subscribe(
                api, receiver, events: ["customer.created", "customer.updated", "customer.deleted", "customer.state_changed"])
            let customer = try await api.createCustomer(#"{"email":"hook@example.com","name":"Zoë","external_id":"u1"}"#)
            let id = try #require(customer["id"]?.stringValue)
            let created = try await receiver.wait(for: 2)
            #expect(created.map { $0.json["type"] } == ["customer.created", "customer.state_changed"])
            let first = try #require(created.first)
            #expect(first.json.keys == ["type", "timestamp", "api_version", "data"])
            #expect(first.json["api_version"] == "2026-04")
            #expect(first.json["data"] == customer)
            let state = try await api.request(.get, "/v1/customers/\(id)/state").json
            #expect(created.last?.json["data"] == state)

            // Headers and the signature, checked by hand: HMAC-SHA256 keyed by the secret's UTF-8 bytes.
            #expect(first.headers["user-agent"] == "polar.sh webhooks")
            #expect(first.headers["content-type"] == "application/json")
            #expect(first.headers["webhook-api-version"] == "2026-04")
            let webhookID = try #require(first.headers["webhook-id"])
            let timestamp = try #require(first.headers["webhook-timestamp"])
            #expect(abs((Int64(timestamp) ?? 0) - Int64(Date().timeIntervalSince1970)) < 60)
            let mac = HMAC<SHA256>.authenticationCode(
                for: Data("\(webhookID).\(timestamp).\(first.body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
            #expect(first.headers["webhook-signature"] == "v1," + Data(mac).base64EncodedString())

            for index in 0..<3 {
                _ = try await api.request(.patch, "/v1/customers/\(id)", json: #"{"name":"Zoë \#(index)"}"#)
            }
            let updates = try await receiver.wait(for: 8)
            #expect(
                updates.dropFirst(2).map { $0.json["type"] } == [
                    "customer.updated", "customer.state_changed", "customer.updated", "customer.state_changed", "customer.updated",
                    "customer.state_changed",
                ])
            #expect(try await api.request(.delete, "/v1/customers/\(id)").status == .noContent)
            let all = try await receiver.wait(for: 10)
            let deleted = try #require(all.first { $0.json["type"] == "customer.deleted" })
            #expect(deleted.json["data"]?["deleted_at"] != .null)
            #expect(deleted.json["data"]?["external_id"] == "u1")

            // Every attempt is recorded, newest first.
            let log = try await Self.deliveryLog(api, count: 10)
            #expect(log["pagination"]?["total_count"] == 10)
            let item = try #require(log["items"]?[0])
            #expect(item.keys == ["created_at", "modified_at", "id", "succeeded", "http_code", "response", "webhook_event"])
            #expect(item["succeeded"] == true)
            #expect(item["http_code"] == 200)
            #expect(item["response"] == "ok")
            #expect(
                item["webhook_event"]?.keys == [
                    "created_at", "modified_at", "id", "last_http_code", "succeeded", "skipped", "api_version", "payload", "type",
                    "is_archived",
                ])
            #expect(item["webhook_event"]?["type"] == "customer.state_changed")
            #expect(
                try await api.request(.get, "/v1/webhooks/deliveries?event_type=customer.created").json["pagination"]?["total_count"] == 1)
            #expect(try await api.request(.get, "/v1/webhooks/deliveries?http_code_class=4xx").json["items"] == [])
            return all
        }

        let endpointSecret = try await TestServer.withContext(server.database) { context in
            try await context.database.sql.raw("SELECT secret FROM webhook_endpoints").first(decodingColumn: "secret", as: String.self)
        }
        #expect(receiver.requests.count == deliveries.count)
        try await receiver.expectPolarSDKsAccept(secret: try #require(endpointSecret))
    }

    @Test("a receiver failing twice then answering 200: three attempts, one webhook-id, each recorded")
    func retries() async throws {
        let receiver = try await WebhookReceiver.start(failing: [500, 503])
        defer { receiver.stop() }
        let server = try await TestServer.make()
        try await server.test(.live, configure: Self.configure) { api in
            _ = try await Self.subscribe(api, receiver, events: ["customer.created"])
            _ = try await api.createCustomer(#"{"email":"retry@example.com"}"#)
            let attempts = try await receiver.wait(for: 3)
            #expect(attempts.count == 3)
            #expect(Set(attempts.compactMap { $0.headers["webhook-id"] }).count == 1)
            #expect(Set(attempts.map(\.body)).count == 1)
            let log = try await Self.deliveryLog(api, count: 3)
            #expect(log["items"]?.arrayValue.map { $0["http_code"] } == [200, 503, 500])
            #expect(log["items"]?.arrayValue.map { $0["succeeded"] } == [true, false, false])
            #expect(log["items"]?[1]?["response"] == "nope 503")
            #expect(log["items"]?[0]?["webhook_event"]?["succeeded"] == true)
            #expect(try await api.request(.get, "/v1/webhooks/deliveries?succeeded=false").json["pagination"]?["total_count"] == 2)

            // Redelivery: same id and body again.
            let eventID = try #require(log["items"]?[0]?["webhook_event"]?["id"]?.stringValue)
            let redeliver = try await api.request(.post, "/v1/webhooks/events/\(eventID)/redeliver", headers: [.contentLength: "0"])
            #expect(redeliver.status == .accepted)
            #expect(redeliver.text == "null")
            let again = try await receiver.wait(for: 4)
            #expect(again.last?.headers["webhook-id"] == eventID)
            #expect(again.last?.body == attempts.first?.body)
        }
    }

    @Test("a receiver that does not answer holds up only its own events; each endpoint's still arrive in order")
    func concurrentEndpoints() async throws {
        let stuck = try await WebhookReceiver.start(held: true)
        defer { stuck.stop() }
        let quick = try await WebhookReceiver.start()
        defer { quick.stop() }
        let server = try await TestServer.make()
        // Longer than the waits below: one endpoint at a time would deliver nothing else meanwhile.
        let configure: (inout ServerConfiguration) -> Void = { $0.webhooks = WebhookSettings(retryBase: .milliseconds(20), timeout: .seconds(60)) }
        try await server.test(.live, configure: configure) { api in
            _ = try await Self.subscribe(api, stuck, events: ["customer.created"])
            _ = try await Self.subscribe(api, quick, events: ["customer.created"])
            var emails: [String] = []
            for index in 0..<3 {
                emails.append("order\(index)@example.com")
                _ = try await api.createCustomer(#"{"email":"\#(emails[index])"}"#)
            }
            let arrived = try await quick.wait(for: 3)
            #expect(arrived.map { $0.json["data"]?["email"]?.stringValue } == emails)
            #expect(stuck.requests.count == 1, "the stuck endpoint's next events wait for its first answer")
            stuck.release()
            let late = try await stuck.wait(for: 3)
            #expect(late.map { $0.json["data"]?["email"]?.stringValue } == emails)
        }
    }

    @Test("a change that rolls back sends nothing; an endpoint not subscribed gets nothing")
    func rollback() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let other = try await WebhookReceiver.start()
        defer { other.stop() }
        let server = try await TestServer.make()
        try await server.test(.live, configure: Self.configure) { api in
            _ = try await Self.subscribe(api, receiver, events: ["customer.created"])
            _ = try await Self.subscribe(api, other, events: ["subscription.created"])
            _ = try await api.createCustomer(#"{"email":"once@example.com"}"#)
            let duplicate = try await api.request(.post, "/v1/customers/", json: #"{"email":"once@example.com"}"#)
            #expect(duplicate.status == .unprocessableContent)
            _ = try await api.createCustomer(#"{"email":"twice@example.com"}"#)
            let received = try await receiver.wait(for: 2)
            try await Task.sleep(for: .milliseconds(500))
            #expect(receiver.requests.count == 2)
            #expect(received.map { $0.json["data"]?["email"] } == ["once@example.com", "twice@example.com"])
            #expect(other.requests.isEmpty)
        }
    }

    @Test("ten events in a row that fail every attempt disable the endpoint; what still waits is skipped")
    func autoDisable() async throws {
        let receiver = try await WebhookReceiver.start(failing: Array(repeating: 500, count: 1000))
        defer { receiver.stop() }
        let server = try await TestServer.make()
        try await server.test(.live, configure: { $0.webhooks = WebhookSettings(retryBase: .milliseconds(1), timeout: .seconds(5)) }) { api in
            let (id, _) = try await Self.subscribe(api, receiver, events: ["customer.created"])
            for index in 0..<11 { _ = try await api.createCustomer(#"{"email":"fail\#(index)@example.com"}"#) }
            var endpoint = try await api.request(.get, "/v1/webhooks/endpoints/\(id)").json
            for _ in 0..<500 where endpoint["enabled"] == true {
                try await Task.sleep(for: .milliseconds(20))
                endpoint = try await api.request(.get, "/v1/webhooks/endpoints/\(id)").json
            }
            #expect(endpoint["enabled"] == false)
            let failed = try await api.request(.get, "/v1/webhooks/deliveries?limit=100&succeeded=false").json
            guard case .integer(let total)? = failed["pagination"]?["total_count"] else {
                Issue.record("no delivery count")
                return
            }
            #expect(total >= 100, "ten events, ten attempts each")
            // Whatever still waited is skipped: nothing more is sent.
            let attempts = receiver.requests.count
            try await Task.sleep(for: .milliseconds(500))
            #expect(receiver.requests.count == attempts)
            let enabled = try await api.request(.patch, "/v1/webhooks/endpoints/\(id)", json: #"{"enabled":true}"#)
            #expect(enabled.json["enabled"] == true)
        }
    }
}
