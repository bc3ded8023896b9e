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
        let server = try await TestServer.make()
        let other = try await server.otherOrganization()
        try await Self.pytest(
            "Tests/Browser", against: server,
            environment: [
                "POLAR_OTHER_ORGANIZATION_ID": other.id.lowercased, "POLAR_OTHER_TOKEN": other.token,
                "BROWSER_ARTIFACTS": PythonTools.repositoryRoot.appendingPathComponent(".build/browser-artifacts").path,
            ])
    }
}
