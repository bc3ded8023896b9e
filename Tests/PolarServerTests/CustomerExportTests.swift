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
}
