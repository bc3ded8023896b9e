import Foundation
import PolarModels
import Testing

@testable import PolarServer

/// Credentials never reach the log, at any level: tokens, session tokens, verification links,
/// webhook secrets, the SMTP password and the server secret. Only the embedded default without SMTP shows an
/// email (and so its link), worded as being for local use.
@Suite("No credential in the log", .serialized)
struct LogRedactionTests {
    @Test("with SMTP: token, session, email change, webhook secrets leave no credential in a trace-level log")
    func noCredentialWithSMTP() async throws {
        let sink = try await SMTPSink.start(auth: "mailer:s3cret-smtp-password")
        defer { sink.stop() }
        let server = try await TestServer.make()
        try await EmailChangeTests.allow(server)
        let logs = LogCapture()
        let credentials: [String] = try await server.test(
            .live, logs: logs,
            configure: { $0.smtpURL = try? SMTPURL(parsing: "smtp://mailer:s3cret-smtp-password@127.0.0.1:\(sink.port)") }
        ) { api in
            let (_, session) = try await api.signIn(#"{"email":"old@example.com","name":"Jane"}"#)
            let requested = try await api.request(
                .post, EmailChangeTests.base + "/request", json: #"{"email":"new@example.com"}"#, token: session)
            #expect(requested.status == .accepted)
            let message = try #require(try await sink.waitForMessages(1).first)
            let body = try #require(message["body"]?.stringValue)
            let range = try #require(body.range(of: #"polar_cev_[A-Za-z0-9]{43}"#, options: .regularExpression))
            let link = String(body[range])
            let verified = try await api.request(
                .post, EmailChangeTests.base + "/verify", json: #"{"token":"\#(link)"}"#, token: .some(nil))
            let newSession = try #require(verified.json["token"]?.stringValue)
            _ = try await sink.waitForMessages(2)
            let endpoint = try await api.request(
                .post, "/v1/webhooks/endpoints", json: #"{"url":"http://localhost:9/hook","format":"raw","events":["customer.updated"]}"#)
            let webhookSecret = try #require(endpoint.json["secret"]?.stringValue)
            let reset = try await api.request(
                .patch, "/v1/webhooks/endpoints/\(try #require(endpoint.json["id"]?.stringValue))/secret", headers: [.contentLength: "0"])
            return [session, link, newSession, webhookSecret, try #require(reset.json["secret"]?.stringValue)]
        }
        let secret = try await TestServer.withContext(server.database) { try await $0.organizations.setting("secret") { "" } }
        let log = logs.text
        #expect(log.contains("Email queued"), "the log is captured")
        for credential in credentials + [server.token, server.readToken, "s3cret-smtp-password", secret] {
            let leaks = logs.entries.filter { $0.contains(credential) }
            #expect(leaks.isEmpty, "\(credential.prefix(12))… is in the log: \(leaks.map { $0.prefix(300) })")
        }
        #expect(!log.contains("polar_cev_"))
        #expect(!log.contains("polar_cst_"))
        #expect(!log.contains("whsec_"))
    }

    @Test("without SMTP the email is shown once, as being for local use")
    func localPreviewWithoutSMTP() async throws {
        let server = try await TestServer.make()
        try await EmailChangeTests.allow(server)
        let logs = LogCapture()
        try await server.test(logs: logs) { api in
            let (_, session) = try await api.signIn(#"{"email":"old@example.com","name":"Jane"}"#)
            #expect(
                try await api.request(.post, EmailChangeTests.base + "/request", json: #"{"email":"new@example.com"}"#, token: session)
                    .status == .accepted)
            let link = try await EmailChangeTests.linkToken(to: "new@example.com", server)
            let lines = logs.entries.filter { $0.contains(link) }
            #expect(lines.count == 1)
            #expect(lines.first?.hasPrefix("notice Email for local use only") == true, "\(lines.map { $0.prefix(200) })")
            #expect(!logs.text.contains(session))
        }
    }
}
