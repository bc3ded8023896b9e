import Crypto
import Foundation
import Polar
import Testing

@Suite("Webhook.verify")
struct WebhookVerificationTests {
    static let customer = #"{"id":"6f1c8f3e-2b51-4d2a-9a55-3f0f8f8f8f8f","created_at":"2026-12-02T10:00:00Z","modified_at":null,"metadata":{},"external_id":null,"email":"jane@example.com","email_verified":false,"type":"individual","name":"Jane","billing_name":"Jane","billing_address":null,"tax_id":null,"locale":null,"organization_id":"1dbfc517-0bbf-4301-9ba8-555ca42b9737","default_payment_method_id":null,"deleted_at":null,"first_user_event_at":null,"avatar_url":null}"#

    static func delivery(type: String = "customer.created", data: String = customer, key: Data, timestamp: Int64 = Int64(Date().timeIntervalSince1970))
        -> (body: [UInt8], headers: [String: String])
    {
        let body = Array(#"{"type":"\#(type)","timestamp":"2026-12-02T10:00:00.123456Z","api_version":"2026-04","data":\#(data)}"#.utf8)
        let id = "3b7d3f0a-1111-4222-8333-444455556666"
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(id).\(timestamp).".utf8) + body, using: SymmetricKey(data: key))
        return (body, ["Webhook-Id": id, "webhook-timestamp": String(timestamp), "webhook-signature": "v1," + Data(mac).base64EncodedString()])
    }

    @Test("Polar's original key (the secret's UTF-8 bytes) verifies, and the event is typed")
    func originalKey() throws {
        let secret = "whsec_Gnsi7RqlBGvBy6ixDANb0TjDN5mm5P3epbg1S1CgBIB"
        let (body, headers) = Self.delivery(key: Data(secret.utf8))
        let payload = try Webhook.verify(body: body, headers: headers, secret: secret)
        #expect(payload.type == "customer.created")
        #expect(payload.apiVersion == "2026-04")
        guard case .customerCreated(let customer) = payload.event else {
            Issue.record("not a customer.created: \(payload.event)")
            return
        }
        #expect(customer.email == "jane@example.com")
    }

    @Test("the Standard Webhooks key (base64 after whsec_) verifies too")
    func standardKey() throws {
        let key = Data((0..<32).map { UInt8($0) })
        let secret = "whsec_" + key.base64EncodedString()
        let (body, headers) = Self.delivery(key: key)
        #expect(try Webhook.verify(body: body, headers: headers, secret: secret).type == "customer.created")
    }

    @Test("a wrong secret, a changed body, a stale timestamp or a missing header is refused")
    func refusals() throws {
        let secret = "whsec_Gnsi7RqlBGvBy6ixDANb0TjDN5mm5P3epbg1S1CgBIB"
        let (body, headers) = Self.delivery(key: Data(secret.utf8))
        #expect(throws: Webhook.VerificationError.self) { try Webhook.verify(body: body, headers: headers, secret: secret + "x") }
        #expect(throws: Webhook.VerificationError.self) { try Webhook.verify(body: body + [0x20], headers: headers, secret: secret) }
        let stale = Self.delivery(key: Data(secret.utf8), timestamp: Int64(Date().timeIntervalSince1970) - 600)
        #expect(throws: Webhook.VerificationError.self) { try Webhook.verify(body: stale.body, headers: stale.headers, secret: secret) }
        var missing = headers
        missing["webhook-signature"] = nil
        #expect(throws: Webhook.VerificationError.self) { try Webhook.verify(body: body, headers: missing, secret: secret) }
    }

    @Test("events this SDK does not model arrive as .unknown with their JSON")
    func unknownEvent() throws {
        let secret = "whsec_Gnsi7RqlBGvBy6ixDANb0TjDN5mm5P3epbg1S1CgBIB"
        let (body, headers) = Self.delivery(type: "subscription.created", data: #"{"id":"x","status":"active"}"#, key: Data(secret.utf8))
        let payload = try Webhook.verify(body: body, headers: headers, secret: secret)
        guard case .unknown(let type, let data) = payload.event else {
            Issue.record("expected .unknown")
            return
        }
        #expect(type == "subscription.created")
        #expect(data["status"] == "active")
    }
}
