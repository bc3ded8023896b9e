import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("GET /v1/customers/export")
struct CustomerExportTests {
    @Test("writes Polar's CSV: header, CRLF, +00:00 dates, quoting, Python-style metadata JSON")
    func format() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let created = try await api.createCustomer(
                #"{"email":"a@example.com","name":"Doe, \"Jo\"","external_id":"x1","tax_id":"FR61954506077","metadata":{"é":"ü","n":1.5},"billing_address":{"country":"FR","line1":"1 rue","city":"Paris","postal_code":"75001"}}"#)
            _ = try await api.createCustomer(#"{"email":"b@example.com"}"#)
            let response = try await api.request(.get, "/v1/customers/export")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition] == #"attachment; filename="polar-customers.csv""#)
            let lines = response.text.components(separatedBy: "\r\n")
            #expect(
                lines[0]
                    == "ID,External ID,Created At,Email,Name,Tax ID,Billing Address Line 1,Billing Address Line 2,Billing Address City,Billing Address State,Billing Address Zip,Billing Address Country,Metadata")
            #expect(lines.count == 4 && lines[3].isEmpty)
            let id = try #require(created["id"]?.stringValue)
            let createdAt = try #require(created["created_at"]?.stringValue).replacingOccurrences(of: "Z", with: "+00:00")
            let row = try #require(lines.first { $0.hasPrefix(id) })
            #expect(
                row
                    == #"\#(id),x1,\#(createdAt),a@example.com,"Doe, ""Jo""",FR61954506077,1 rue,,Paris,,75001,FR,"{""n"": 1.5, ""\u00e9"": ""\u00fc""}""#)
            let plain = try #require(lines.first { $0.contains("b@example.com") })
            #expect(plain.hasSuffix(",b@example.com,,,,,,,,,"))
        }
    }

    @Test("streams thousands of customers in batches")
    func manyRows() async throws {
        let server = try await TestServer.make()
        try await server.seedCustomers(1_234)
        try await server.test { api in
            let response = try await api.request(.get, "/v1/customers/export")
            let rows = response.text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
            #expect(rows.count == 1_234)
            #expect(Set(rows.map { $0.prefix(36) }).count == 1_234)
        }
    }

    /// NUL is not among them: Polar refuses it in every text field ("This value contains invalid characters").
    @Test("every text column round-trips through Python's csv reader: line breaks, quotes, commas, tabs, controls, emoji")
    func roundTrip() async throws {
        let server = try await TestServer.make()
        let awkward = ["Line1\r\nLine2", "a\rb", "a\nb", "\"quoted\"", "x,y", "tab\there", "bell\u{7}\u{1b}[0m", "emoji 👩‍👩‍👧 ✓", "\"\u{301}é", "Zoë\r\n"]
        try await server.test { api in
            var expected: [String: [String]] = [:]
            for (index, text) in awkward.enumerated() {
                let json = String(decoding: JSONValue.string(text).serialized, as: UTF8.self)
                let customer = try await api.createCustomer(
                    #"{"email":"row\#(index)@example.com","name":\#(json),"external_id":\#(json),"billing_address":{"country":"US","state":"CA","line1":\#(json),"line2":\#(json),"city":\#(json),"postal_code":\#(json)},"metadata":{"k":\#(json)}}"#)
                let id = try #require(customer["id"]?.stringValue)
                // As stored (Polar strips surrounding whitespace from some fields).
                let address = customer["billing_address"]
                expected[id] = try [
                    customer["external_id"], customer["name"], address?["line1"], address?["line2"], address?["city"], address?["postal_code"],
                    customer["metadata"]?["k"],
                ].map { try #require($0?.stringValue) }
                #expect(expected[id]?.contains(text) == true)
            }
            let export = try await api.request(.get, "/v1/customers/export")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).csv")
            try Data(export.text.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let read = try await PythonTools.run(
                "/usr/bin/env",
                ["python3", "-c", "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))", file.path])
            #expect(read.status == 0, "\(read.output)")
            let rows = try JSONValue.parse(Array(read.output.utf8)).arrayValue.map { $0.arrayValue.compactMap(\.stringValue) }
            #expect(rows.count == awkward.count + 1)
            #expect(rows.allSatisfy { $0.count == 13 }, "every row keeps its 13 columns")
            for row in rows.dropFirst() {
                let id = try #require(row.first)
                // External ID, Name, the four free-text address fields, and the metadata JSON.
                let metadata = try #require(try JSONValue.parse(Array(row[12].utf8))["k"]?.stringValue)
                #expect([row[1], row[4], row[6], row[7], row[8], row[10], metadata] == expected[id], "row \(id)")
            }
        }
    }
}
