import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("SMTP client against a real SMTP server", .serialized)
struct SMTPClientTests {
    @Test("delivers headers, a UTF-8 subject and a body with dot-led lines intact")
    func delivers() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let client = SMTPClient(url: try SMTPURL(parsing: "smtp://127.0.0.1:\(sink.port)"), sender: "Acme Billing <billing@acme.test>")
        let body = "Hello Zoë,\n.\n..a line that starts with dots\nBye"
        try await client.send(EmailMessage(recipient: "jane@example.com", subject: "Vérifiez votre adresse ✓", body: body))
        let message = try #require(try await sink.waitForMessages(1).first)
        #expect(message["mail_from"] == "billing@acme.test")
        #expect(message["rcpt_tos"] == ["jane@example.com"])
        #expect(message["from"] == "Acme Billing <billing@acme.test>")
        #expect(message["subject"] == "Vérifiez votre adresse ✓")
        #expect(message["content_type"] == "text/plain")
        #expect(message["body"]?.stringValue?.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .newlines) == body)
        #expect(message["message_id"]?.stringValue?.hasSuffix("@acme.test>") == true)
    }

    @Test("authenticates with AUTH PLAIN; wrong credentials are the server's refusal")
    func authenticates() async throws {
        let sink = try await SMTPSink.start(auth: "mailer:s3cret")
        defer { sink.stop() }
        let message = EmailMessage(recipient: "jane@example.com", subject: "Hi", body: "Hi")
        let good = SMTPClient(url: try SMTPURL(parsing: "smtp://mailer:s3cret@127.0.0.1:\(sink.port)"), sender: "a@acme.test")
        try await good.send(message)
        #expect(try await sink.waitForMessages(1).count == 1)
        let bad = SMTPClient(url: try SMTPURL(parsing: "smtp://mailer:wrong@127.0.0.1:\(sink.port)"), sender: "a@acme.test")
        await #expect(throws: SMTPError.self) { try await bad.send(message) }
        let anonymous = SMTPClient(url: try SMTPURL(parsing: "smtp://127.0.0.1:\(sink.port)"), sender: "a@acme.test")
        await #expect(throws: SMTPError.self) { try await anonymous.send(message) }
    }

    @Test("SMTP URLs: schemes, default ports, credentials")
    func urls() throws {
        let plain = try SMTPURL(parsing: "smtp://mail.example.com")
        #expect(plain.port == 25 && !plain.tls && plain.username == nil)
        let secure = try SMTPURL(parsing: "smtps://user%40x:p%3Ass@mail.example.com")
        #expect(secure.port == 465 && secure.tls && secure.username == "user@x" && secure.password == "p:ss")
        #expect(throws: SMTPError.self) { try SMTPURL(parsing: "http://mail.example.com") }
    }
}
