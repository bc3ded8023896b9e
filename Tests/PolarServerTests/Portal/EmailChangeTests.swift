import Foundation
import HTTPTypes
import PolarModels
import Testing

@testable import PolarServer

@Suite("Email change: /v1/customer-portal/customers/me/email-update/…")
struct EmailChangeTests {
    static let base = "/v1/customer-portal/customers/me/email-update"

    /// Lets the test organization's customers change their email.
    static func allow(_ server: TestServer) async throws {
        try await TestServer.withContext(server.database) { try await $0.setAllowEmailChange(organizationID: server.organizationID, true) }
    }

    /// The queued emails to `recipient`, oldest first, as (subject, body).
    static func emails(to recipient: String, _ server: TestServer) async throws -> [(subject: String, body: String)] {
        try await TestServer.withContext(server.database) { try await $0.queuedEmails(to: recipient) }
    }

    /// The `polar_cev_` token in the newest verification email to `recipient`.
    static func linkToken(to recipient: String, _ server: TestServer) async throws -> String {
        let body = try #require(try await emails(to: recipient, server).last?.body)
        let range = try #require(body.range(of: #"polar_cev_[A-Za-z0-9]{43}"#, options: .regularExpression))
        return String(body[range])
    }

    @Test("the whole flow: request, check (not consumed), verify, new session, old address notified")
    func flow() async throws {
        let server = try await TestServer.make()
        try await Self.allow(server)
        try await server.test(configure: { $0.port = 8080 }) { api in
            let (customer, session) = try await api.signIn(#"{"email":"old@example.com","name":"Jane"}"#)
            let requested = try await api.request(.post, Self.base + "/request", json: #"{"email":"New@Example.COM"}"#, token: session)
            #expect(requested.status == .accepted)
            #expect(requested.text == "null")
            let verification = try #require(try await Self.emails(to: "New@example.com", server).first)
            #expect(verification.subject == "Verify your new email address")
            // The link points at this service, not at Polar's hosted portal.
            #expect(verification.body.contains("http://127.0.0.1:8080/acme/portal/verify-email?token=polar_cev_"))
            let token = try await Self.linkToken(to: "New@example.com", server)
            #expect(token.count == 53)

            for _ in 0..<2 {
                let check = try await api.request(.get, Self.base + "/check?token=\(token)", token: .some(nil))
                #expect(check.status == .noContent)
                #expect(check.text.isEmpty)
            }
            // Nothing changes until the link is followed.
            #expect(try await api.request(.get, "/v1/customer-portal/customers/me", token: session).json["email"] == "old@example.com")

            let verified = try await api.request(.post, Self.base + "/verify", json: #"{"token":"\#(token)"}"#, token: .some(nil))
            #expect(verified.status == .ok)
            #expect(verified.json.keys == ["token"])
            let newSession = try #require(verified.json["token"]?.stringValue)
            #expect(newSession.hasPrefix("polar_cst_"))
            let me = try await api.request(.get, "/v1/customer-portal/customers/me", token: newSession)
            #expect(me.json["email"] == "New@example.com")
            #expect(me.json["email_verified"] == true)
            #expect(try await api.request(.get, "/v1/customer-portal/customers/me", token: session).status == .ok)
            let id = try #require(customer["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/customers/\(id)").json["email"] == "New@example.com")
            let notice = try #require(try await Self.emails(to: "old@example.com", server).last)
            #expect(notice.subject == "Your email address has been changed")
            #expect(notice.body.contains("New@example.com"))

            // Used up.
            let again = try await api.request(.post, Self.base + "/verify", json: #"{"token":"\#(token)"}"#, token: .some(nil))
            #expect(again.status == .unauthorized)
            #expect(again.json == .object(["error": "InvalidCustomerEmailUpdate", "detail": "This email update request is invalid or has expired."]))
            #expect(again.headers[.wwwAuthenticate] == nil)
            #expect(try await api.request(.get, Self.base + "/check?token=\(token)", token: .some(nil)).status == .unauthorized)
        }
    }

    @Test("off unless the organization allows it; only individuals; a different address; validated first")
    func rules() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (_, session) = try await api.signIn(#"{"email":"jane@example.com"}"#)
            let invalid = try await api.request(.post, Self.base + "/request", json: #"{"email":"nope"}"#, token: session)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.json["detail"]?.arrayValue.first?["loc"] == ["body", "email"])
            let off = try await api.request(.post, Self.base + "/request", json: #"{"email":"new@example.com"}"#, token: session)
            #expect(off.status == .forbidden)
            #expect(off.json == .object(["error": "NotPermitted", "detail": "Email changes are not enabled for this organization."]))

            try await Self.allow(server)
            let same = try await api.request(.post, Self.base + "/request", json: #"{"email":"JANE@example.com"}"#, token: session)
            #expect(
                same.json
                    == .object([
                        "error": "PolarRequestValidationError",
                        "detail": [
                            .object([
                                "type": "value_error", "loc": ["body", "email"], "msg": "New email is the same as your current email.",
                                "input": "JANE@example.com",
                            ])
                        ],
                    ]))
            let (_, teamSession) = try await api.signIn(#"{"type":"team","email":"team@example.com"}"#)
            let team = try await api.request(.post, Self.base + "/request", json: #"{"email":"t2@example.com"}"#, token: teamSession)
            #expect(team.json["detail"]?.arrayValue.first?["msg"] == "Only individual customers can change their email.")
            let anonymous = try await api.request(.post, Self.base + "/request", json: #"{"email":"x@example.com"}"#, token: .some(nil))
            #expect(anonymous.status == .unauthorized)
            #expect(try await Self.emails(to: "new@example.com", server).isEmpty)
        }
    }

    @Test("a new request supersedes the old link; expired links fail; a taken address uses the link up")
    func lifecycle() async throws {
        let server = try await TestServer.make()
        try await Self.allow(server)
        try await server.test { api in
            let (_, session) = try await api.signIn(#"{"email":"jane@example.com"}"#)
            _ = try await api.request(.post, Self.base + "/request", json: #"{"email":"first@example.com"}"#, token: session)
            let first = try await Self.linkToken(to: "first@example.com", server)
            _ = try await api.request(.post, Self.base + "/request", json: #"{"email":"second@example.com"}"#, token: session)
            let second = try await Self.linkToken(to: "second@example.com", server)
            #expect(try await api.request(.get, Self.base + "/check?token=\(first)", token: .some(nil)).status == .unauthorized)
            #expect(try await api.request(.get, Self.base + "/check?token=\(second)", token: .some(nil)).status == .noContent)

            // Someone else takes the address before the link is followed.
            _ = try await api.createCustomer(#"{"email":"SECOND@example.com"}"#)
            let taken = try await api.request(.post, Self.base + "/verify", json: #"{"token":"\#(second)"}"#, token: .some(nil))
            #expect(
                taken.json
                    == .object([
                        "error": "PolarRequestValidationError",
                        "detail": [
                            .object([
                                "type": "value_error", "loc": ["body", "token"], "msg": "This email address is already in use.",
                                "input": "second@example.com",
                            ])
                        ],
                    ]))
            #expect(try await api.request(.get, Self.base + "/check?token=\(second)", token: .some(nil)).status == .unauthorized)

            _ = try await api.request(.post, Self.base + "/request", json: #"{"email":"third@example.com"}"#, token: session)
            let third = try await Self.linkToken(to: "third@example.com", server)
            try await TestServer.withContext(server.database) { context in
                try await context.database.sql.raw("UPDATE customer_email_verifications SET expires_at = 1").run()
            }
            let expired = try await api.request(.post, Self.base + "/verify", json: #"{"token":"\#(third)"}"#, token: .some(nil))
            #expect(expired.status == .unauthorized)
            #expect(try await api.request(.get, "/v1/customer-portal/customers/me", token: session).json["email"] == "jane@example.com")
        }
    }

    @Test("check and verify need no session, but a bad bearer is still invalid_token; missing token is a 422")
    func unauthenticated() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let missing = try await api.request(.get, Self.base + "/check", token: .some(nil))
            #expect(
                missing.json
                    == .object([
                        "error": "RequestValidationError",
                        "detail": [.object(["type": "missing", "loc": ["query", "token"], "msg": "Field required", "input": nil])],
                    ]))
            let badBearer = try await api.request(
                .get, Self.base + "/check?token=polar_cev_x", token: "polar_cst_" + String(repeating: "z", count: 43))
            #expect(badBearer.json["error"] == "invalid_token")
            let noToken = try await api.request(.post, Self.base + "/verify", json: "{}", token: .some(nil))
            #expect(noToken.json["detail"]?.arrayValue.first?["loc"] == ["body", "token"])
            let unknown = try await api.request(.get, Self.base + "/check?token=polar_cev_unknown", token: .some(nil))
            #expect(unknown.json["error"] == "InvalidCustomerEmailUpdate")
        }
    }

    @Test("with an SMTP server configured, the link and the notice arrive by mail")
    func smtp() async throws {
        let server = try await TestServer.make()
        try await Self.allow(server)
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let smtp = try SMTPURL(parsing: "smtp://127.0.0.1:\(sink.port)")
        try await server.test(.live, configure: { $0.smtpURL = smtp; $0.emailSender = "Acme <billing@acme.test>" }) { api in
            let (_, session) = try await api.signIn(#"{"email":"old@example.com"}"#)
            let requested = try await api.request(.post, Self.base + "/request", json: #"{"email":"new@example.com"}"#, token: session)
            #expect(requested.status == .accepted)
            let link = try #require(try await sink.waitForMessages(1).first)
            #expect(link["rcpt_tos"] == ["new@example.com"])
            #expect(link["from"] == "Acme <billing@acme.test>")
            #expect(link["subject"] == "Verify your new email address")
            let body = try #require(link["body"]?.stringValue)
            // On port 0 the link names the port the server actually listens on.
            let port = try #require(api.client.port)
            #expect(body.contains("http://127.0.0.1:\(port)/acme/portal/verify-email?token=polar_cev_"))
            let range = try #require(body.range(of: #"polar_cev_[A-Za-z0-9]{43}"#, options: .regularExpression))
            let verified = try await api.request(.post, Self.base + "/verify", json: #"{"token":"\#(body[range])"}"#, token: .some(nil))
            #expect(verified.status == .ok)
            let notice = try await sink.waitForMessages(2)
            #expect(notice.last?["rcpt_tos"] == ["old@example.com"])
            #expect(notice.last?["subject"] == "Your email address has been changed")
        }
    }

    @Test("the email-change routes share Polar's limit: 6 a minute per caller, then 429 for 15 minutes")
    func rateLimit() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            for _ in 0..<6 {
                #expect(try await api.request(.get, Self.base + "/check?token=polar_cev_x", token: .some(nil)).status == .unauthorized)
            }
            let limited = try await api.request(.post, Self.base + "/verify", json: #"{"token":"polar_cev_x"}"#, token: .some(nil))
            #expect(limited.status == .tooManyRequests)
            #expect(limited.text.isEmpty)
            #expect(limited.headers[.retryAfter] == "900")
            // A True-Client-IP from a peer that is not a trusted proxy changes nothing.
            let rotated = try await api.request(
                .get, Self.base + "/check?token=polar_cev_x", token: .some(nil), headers: [HTTPField.Name("True-Client-IP")!: "203.0.113.9"])
            #expect(rotated.status == .tooManyRequests)
            // Other routes are not in the zone.
            let (_, session) = try await api.signIn()
            #expect(try await api.request(.get, "/v1/customer-portal/customers/me", token: session).status == .ok)
        }
    }

    @Test("behind a trusted proxy, each True-Client-IP is a caller of its own")
    func trustedProxy() async throws {
        let server = try await TestServer.make()
        let loopback = try TrustedProxies(parsing: ["127.0.0.0/8", "::1"])
        try await server.test(.live, configure: { $0.trustedProxies = loopback }) { api async throws in
            let first: HTTPFields = [HTTPField.Name("True-Client-IP")!: "198.51.100.1"]
            for _ in 0..<6 {
                #expect(try await api.request(.get, Self.base + "/check?token=polar_cev_x", token: .some(nil), headers: first).status == .unauthorized)
            }
            #expect(try await api.request(.get, Self.base + "/check?token=polar_cev_x", token: .some(nil), headers: first).status == .tooManyRequests)
            let second: HTTPFields = [HTTPField.Name("True-Client-IP")!: "198.51.100.2"]
            #expect(try await api.request(.get, Self.base + "/check?token=polar_cev_x", token: .some(nil), headers: second).status == .unauthorized)
        }
        let proxies = try TrustedProxies(parsing: ["10.0.0.0/8", "fd00::/8"])
        #expect(proxies.contains("10.200.3.4"))
        #expect(!proxies.contains("11.0.0.1"))
        #expect(proxies.contains("fd12::1"))
        #expect(!proxies.contains(nil))
        #expect(throws: TrustedProxies.InvalidCIDR.self) { try TrustedProxies(parsing: ["10.0.0.0/33"]) }
    }

    @Test("100,000 distinct callers leave the limiter's memory bounded, and blocked callers stay blocked")
    func boundedMemory() async {
        let limiter = RateLimiter(limits: [(6, 60), (12, 3600)], block: 900, capacity: 10_000)
        for _ in 0..<7 { _ = await limiter.hit("abuser", now: 0) }
        for index in 0..<100_000 { _ = await limiter.hit("ip:\(index)", now: Double(index) / 1000) }
        #expect(await limiter.remembered <= 10_000)
        #expect(await limiter.hit("abuser", now: 100) != nil)
    }

    @Test("windows start at a caller's first request and the hourly limit holds across minutes")
    func windows() async {
        let limiter = RateLimiter(limits: [(6, 60), (12, 3600)], block: 900)
        for minute in 0..<2 {
            for second in 0..<6 { #expect(await limiter.hit("a", now: Double(minute * 61 + second)) == nil) }
        }
        #expect(await limiter.hit("a", now: 130) == 900)
        #expect(await limiter.hit("a", now: 1029) == 1)
        #expect(await limiter.hit("a", now: 1031) == nil)
    }
}
