import Foundation
import Testing

@testable import PolarServer

/// The customer portal and the dashboard in a real headless Chromium (`Tests/Browser`, driven
/// by selenium): every portal operation from the page a session link opens, the email change
/// followed from the real SMTP message, the dashboard's search and pages, privacy and
/// isolation. Screenshots land in `.build/browser-artifacts`.
///
/// Part of the serialized compatibility suite, so Chromium starts after Polar's SDK suites
/// rather than beside every other test at once.
extension CompatibilityTests {
    @Test("the portal and the dashboard work in Chromium")
    func browserSuite() async throws {
        let python = try await PythonTools.python()
        let server = try await TestServer.make()
        let other = try await server.otherOrganization()
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let smtp = try SMTPURL(parsing: "smtp://127.0.0.1:\(sink.port)")
        try await server.test(.live, configure: { $0.smtpURL = smtp }) { api in
            let port = try #require(api.client.port)
            let result = try await PythonTools.run(
                python, ["-m", "pytest", "Tests/Browser", "-q", "-rs", "-p", "no:cacheprovider"],
                environment: [
                    "POLAR_BASE_URL": "http://127.0.0.1:\(port)", "POLAR_TOKEN": server.token, "POLAR_MAIL_DIR": sink.directory.path,
                    "POLAR_OTHER_ORGANIZATION_ID": other.id.lowercased, "POLAR_OTHER_TOKEN": other.token,
                    "BROWSER_ARTIFACTS": PythonTools.repositoryRoot.appendingPathComponent(".build/browser-artifacts").path,
                ])
            print(result.output)
            #expect(result.status == 0, "the browser tests failed:\n\(result.output)")
            #expect(!result.output.contains("skipped"), "a browser test was skipped:\n\(result.output)")
        }
    }
}
