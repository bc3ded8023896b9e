import AsyncHTTPClient
import Foundation
import PolarModels
import Testing

@Suite("Prometheus metrics on their own port")
struct MetricsTests {
    @Test("requests by route template, method and status with durations, deliveries, the outboxes' depths; nothing on the API's port")
    func scrape() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let server = try await TestServer.make()
        let port = Int.random(in: 40_000..<60_000)
        try await server.test(.live, configure: { WebhookDeliveryTests.configure(&$0); $0.metricsPort = port }) { api in
            _ = try await WebhookDeliveryTests.subscribe(api, receiver, events: ["customer.created"])
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/customers/\(ada)").status == .ok)
            #expect(try await api.request(.get, "/v1/customers/\(UUID().uuidString.lowercased())").status == .notFound)
            _ = try await receiver.wait(for: 1)
            let text = try await Self.scrape(port: port)
            let lines = text.split(separator: "\n").map(String.init)
            func has(_ parts: String...) -> Bool { lines.contains { line in parts.allSatisfy(line.contains) } }
            // The route template, never the URL with its IDs.
            #expect(has("hb_requests{", #"http_route="/v1/customers""#, #"http_request_method="POST""#, #"http_response_status_code="201""#))
            #expect(has("hb_requests{", #"http_route="/v1/customers/{id}""#, #"http_response_status_code="200""#))
            #expect(has("hb_requests{", #"http_route="/v1/customers/{id}""#, #"http_response_status_code="404""#))
            #expect(!text.contains(ada))
            #expect(has("http_server_request_duration", "_bucket{"))
            #expect(has(#"polar_webhook_deliveries{result="delivered"}"#))
            #expect(has(#"polar_outbox_pending{outbox="webhooks"}"#))
            #expect(has(#"polar_outbox_pending{outbox="emails"}"#))
            // The pool: connections at work (the scrape itself uses none) and how many it may open.
            let poolMax = try #require(lines.first { $0.hasPrefix(#"polar_db_connections{state="max"}"#) }?.split(separator: " ").last)
            #expect(Double(poolMax).map { $0 >= 1 } == true, "\(poolMax)")
            #expect(has(#"polar_db_connections{state="in_use"}"#))
            #expect(try await api.request(.get, "/metrics").status == .notFound)
        }
    }

    /// `GET /metrics`, once the metrics server listens.
    static func scrape(port: Int) async throws -> String {
        var lastError: (any Error)?
        for _ in 0..<50 {
            do {
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(10))
                #expect(response.status == .ok)
                #expect(response.headers.first(name: "content-type")?.hasPrefix("text/plain; version=0.0.4") == true)
                return String(buffer: try await response.body.collect(upTo: 10_000_000))
            } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw lastError!
    }
}
