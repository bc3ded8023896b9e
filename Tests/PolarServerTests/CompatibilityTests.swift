import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PolarServer

/// Runs the Python suites in `Tests/Compatibility` against this server on a real port:
/// Polar's official SDK (`polar-sdk`) through every customers, session, portal and organization
/// operation it can reach without a browser, and raw HTTP checked
/// against our `/openapi.json`.
@Suite("Compatibility with Polar's official clients", .serialized)
struct CompatibilityTests {
    @Test("polar-sdk and the OpenAPI contract checks pass against the live server")
    func pythonSuites() async throws {
        let python = try await PythonTools.python()

        let server = try await TestServer.make()
        let noScopeToken = try await TestServer.withContext(server.database) { context in
            try await context.createToken(organizationID: server.organizationID, scopes: ["orders:read"])
        }
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let smtp = try SMTPURL(parsing: "smtp://127.0.0.1:\(sink.port)")
        try await server.test(.live, configure: { $0.smtpURL = smtp }) { api in
            let port = try #require(api.client.port)
            let result = try await PythonTools.run(
                python, ["-m", "pytest", "Tests/Compatibility", "-q", "-rs", "-p", "no:cacheprovider"],
                environment: [
                    "POLAR_BASE_URL": "http://127.0.0.1:\(port)", "POLAR_TOKEN": server.token,
                    "POLAR_READ_TOKEN": server.readToken, "POLAR_NOSCOPE_TOKEN": noScopeToken, "POLAR_MAIL_DIR": sink.directory.path,
                ])
            print(result.output)
            #expect(result.status == 0, "pytest failed:\n\(result.output)")
            #expect(!result.output.contains("skipped"), "a compatibility check was skipped:\n\(result.output)")
        }
    }
}
