import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("polar-server customers import: Polar's export read back in")
struct CustomerImportTests {
    static func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url
    }

    static func importCSV(_ url: URL, into server: TestServer, skipInvalid: Bool = false) async throws -> ServerContext.ImportSummary {
        try await TestServer.withContext(server.database) { context in
            try await context.importCustomers(organizationID: server.organizationID, file: url, skipInvalid: skipInvalid) { _, _, _ in }
        }
    }

    static func row(id: UUID = UUID(), email: String, name: String = "", external: String = "") -> String {
        "\(id.lowercased),\(external),2025-03-04T05:06:07.123456+00:00,\(email),\(name),,,,,,,,\r\n"
    }

    @Test("export, import into a fresh database, export again: the same CSV byte for byte")
    func roundTrip() async throws {
        let source = try await TestServer.make()
        let exported = try await source.test { api in
            _ = try await api.createCustomer(
                #"{"email":"a@example.com","name":"Doe, \"Jo\"","external_id":"x1","tax_id":"FR61954506077","metadata":{"é":"ü","n":1.5,"i":2,"b":true},"billing_address":{"country":"FR","line1":"1 rue","city":"Paris","postal_code":"75001"}}"#)
            _ = try await api.createCustomer(#"{"email":"b@example.com","name":"Line1\r\nLine2 👩‍👩‍👧"}"#)
            _ = try await api.createCustomer(#"{"email":"c@example.com","billing_address":{"country":"US","state":"CA","line1":"1 Main","line2":"Apt 2","city":"SF","postal_code":"94105"}}"#)
            return try await api.request(.get, "/v1/customers/export").text
        }
        let target = try await TestServer.make()
        let summary = try await Self.importCSV(try Self.file(exported), into: target)
        #expect(summary.rows == 3)
        #expect(summary.imported == 3)
        #expect(summary.rejected.isEmpty)
        try await target.test { api in
            #expect(try await api.request(.get, "/v1/customers/export").text == exported)
            let customer = try #require(try await api.request(.get, "/v1/customers/?email=a@example.com").json["items"]?.arrayValue.first)
            #expect(customer["tax_id"] == ["FR61954506077", "eu_vat"])
            #expect(customer["type"] == "individual")
        }
    }

    @Test("a bad email, a malformed row and a duplicate ID: reported by line, nothing imported; --skip-invalid imports the rest; a re-run is safe")
    func badRows() async throws {
        let server = try await TestServer.make()
        let duplicated = UUID()
        let csv =
            CustomerCSV.header + Self.row(id: duplicated, email: "ok1@example.com", external: "e1") + Self.row(email: "not-an-email")
            + "\(UUID().lowercased),too,few\r\n" + Self.row(id: duplicated, email: "ok2@example.com")
            + Self.row(email: "OK1@example.com") + Self.row(email: "ok3@example.com", external: "e1") + Self.row(email: "ok4@example.com")
        let url = try Self.file(csv)
        let refused = try await Self.importCSV(url, into: server)
        #expect(refused.imported == 0)
        #expect(refused.rejected.map(\.line) == [3, 4, 5, 6, 7])
        #expect(refused.rejected[0].reason.hasPrefix("Email: value is not a valid email address"))
        #expect(refused.rejected[1].reason == "malformed CSV: 3 fields where the export has 13")
        #expect(refused.rejected[2].reason.hasSuffix("is on an earlier line"))
        #expect(refused.rejected[3].reason == "Email: A customer with this email address already exists.")
        #expect(refused.rejected[4].reason == "External ID: A customer with this external ID already exists.")
        let none = try await server.test { api in try await api.request(.get, "/v1/customers/").json }
        #expect(none["pagination"]?["total_count"] == 0)

        let partial = try await Self.importCSV(url, into: server, skipInvalid: true)
        #expect(partial.imported == 2)
        let again = try await Self.importCSV(url, into: server, skipInvalid: true)
        #expect(again.imported == 0)
        #expect(again.alreadyPresent == 2)
        try await server.test { api in
            let page = try await api.request(.get, "/v1/customers/?sorting=email").json
            #expect(page["items"]?.arrayValue.compactMap { $0["email"]?.stringValue } == ["ok1@example.com", "ok4@example.com"])
            let kept = try #require(page["items"]?.arrayValue.first)
            #expect(kept["id"] == .string(duplicated.lowercased))
            #expect(kept["created_at"] == "2025-03-04T05:06:07.123456Z")
            #expect(kept["external_id"] == "e1")
        }

        let open = try Self.file(CustomerCSV.header + Self.row(email: "q@example.com") + "\(UUID().lowercased),\"never closed\r\n")
        #expect(try await Self.importCSV(open, into: server).rejected.map(\.reason) == ["malformed CSV: a quoted field is not closed"])
        let other = try Self.file("Email,Name\r\na@example.com,A\r\n")
        await #expect(throws: OperatorError.self) { _ = try await Self.importCSV(other, into: server) }
    }

    @Test("an ID another organization has is refused, not skipped")
    func foreignID() async throws {
        let server = try await TestServer.make()
        let other = try await server.otherOrganization()
        let theirs = try await server.test { api in
            try #require(try await api.request(.post, "/v1/customers/", json: #"{"email":"x@example.com"}"#, token: other.token).json["id"]?.stringValue)
        }
        let summary = try await Self.importCSV(try Self.file(CustomerCSV.header + Self.row(id: UUID(uuidString: theirs)!, email: "y@example.com")), into: server)
        #expect(summary.rejected.map(\.reason) == ["ID: \(theirs) belongs to another organization"])
    }

    @Test("a 100,000-row file imports whole (in its own process: the export test measures this one's memory)")
    func large() async throws {
        let server = try await TestServer.make()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString).csv")
        try Data(CustomerCSV.header.utf8).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        for start in stride(from: 0, to: 100_000, by: 10_000) {
            let chunk = (start..<start + 10_000).map { Self.row(email: "bulk\($0)@example.com", name: "Customer \($0)", external: "ext-\($0)") }
            try handle.write(contentsOf: Data(chunk.joined().utf8))
        }
        try handle.close()
        let run = try await PythonTools.run(Self.binary, Self.arguments(url, server))
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("100000 rows: 100000 imported, 0 already here, 0 refused"))
        let (page, last) = try await server.test { api in
            (try await api.request(.get, "/v1/customers/?limit=1").json, try await api.request(.get, "/v1/customers/external/ext-99999").json)
        }
        #expect(page["pagination"]?["total_count"] == 100_000)
        #expect(last["email"] == "bulk99999@example.com")
    }

    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("polar-server").path

    static func arguments(_ url: URL, _ server: TestServer) -> [String] {
        ["customers", "import", "--organization", "acme", url.path, "--database", ReplicaTests.Replica.argument(server.database)]
    }

    @Test("progress: a redrawn bar on a terminal, a line every few seconds otherwise, and a summary")
    func progressOutput() async throws {
        let server = try await TestServer.make()
        let url = try Self.file(CustomerCSV.header + Self.row(email: "p1@example.com") + Self.row(email: "p2@example.com"))
        let (binary, arguments) = (Self.binary, Self.arguments(url, server))
        let piped = try await PythonTools.run(binary, arguments)
        #expect(piped.status == 0, "\(piped.output)")
        #expect(piped.output.contains("checking 2/2 rows"))
        #expect(piped.output.contains("importing 2/2 rows"))
        #expect(!piped.output.contains("\u{1B}["), "no terminal codes in a log")
        #expect(piped.output.contains("2 rows: 2 imported, 0 already here, 0 refused"))
        // Under a pseudo-terminal (util-linux `script`): the bar, redrawn in place.
        let command = ([binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let terminal = try await PythonTools.run("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(terminal.status == 0, "\(terminal.output)")
        #expect(terminal.output.contains("\r\u{1B}[2K[##############################] importing 2/2 rows"))
        #expect(terminal.output.contains("2 rows: 0 imported, 2 already here, 0 refused"))
    }
}
