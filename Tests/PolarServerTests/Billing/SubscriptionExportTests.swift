import Foundation
import PolarModels
import Testing

@Suite("GET /v1/subscriptions/export")
struct SubscriptionExportTests {
    @Test("Polar's CSV: default and chosen columns, times in the time zone, filters, file name")
    func export() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let monthly = try await ProductTests.product(
                api, #"{"name":"Pro, monthly","recurring_interval":"month","prices":[{"amount_type":"fixed","price_amount":0}]}"#)
            let quarterly = try await ProductTests.product(
                api,
                #"{"name":"Quarterly","recurring_interval":"month","recurring_interval_count":3,"prices":[{"amount_type":"fixed","price_amount":0}]}"#)
            let ada = try #require(
                try await api.createCustomer(#"{"email":"ada@example.com","name":"Ada","billing_address":{"country":"FR"}}"#)["id"]?.stringValue)
            let bob = try #require(try await api.createCustomer(#"{"email":"bob@example.com"}"#)["id"]?.stringValue)
            let first = try await SubscriptionTests.subscribe(api, customer: ada, to: monthly["id"]?.stringValue ?? "")
            let second = try await SubscriptionTests.subscribe(api, customer: bob, to: quarterly["id"]?.stringValue ?? "")
            let cancel = try await api.request(
                .patch, "/v1/subscriptions/\(second["id"]?.stringValue ?? "")",
                json: #"{"cancel_at_period_end":true,"customer_cancellation_reason":"unused"}"#)
            #expect(cancel.status == .ok)

            let plain = try await api.request(.get, "/v1/subscriptions/export")
            #expect(plain.status == .ok)
            #expect(plain.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(plain.headers[.contentDisposition] == #"attachment; filename="polar-subscriptions.csv""#)
            let started = { (subscription: JSONValue) in
                (subscription["started_at"]?.stringValue ?? "").replacingOccurrences(of: "Z", with: "+00:00")
            }
            // Newest first; amounts as Python floats; a name with a comma quoted.
            #expect(
                plain.text
                    == "Email,Started At,Product,Amount,Currency,Status,Billing Interval\r\n"
                    + "bob@example.com,\(started(second)),Quarterly,0.0,usd,active,3 months\r\n"
                    + "ada@example.com,\(started(first)),\"Pro, monthly\",0.0,usd,active,month\r\n")

            let chosen = try await api.request(
                .get,
                "/v1/subscriptions/export?columns=customer_name&columns=billing_country&columns=cancel_at_period_end&columns=cancellation_reason&columns=ends_at&status=active&cancel_at_period_end=true&timezone=Asia/Kolkata&started_after=2020-01-01T00:00:00Z")
            #expect(chosen.status == .ok, "\(chosen.text)")
            #expect(chosen.headers[.contentDisposition] == #"attachment; filename="polar-subscriptions-2020-01-01.csv""#)
            let lines = chosen.text.components(separatedBy: "\r\n")
            #expect(lines.first == "Customer Name,Billing Country,Cancels At Period End,Cancellation Reason,Ends At")
            #expect(lines.count == 3)
            let cells = lines[1].components(separatedBy: ",")
            #expect(cells.prefix(4) == ["", "", "true", "unused"])
            #expect(cells.last?.hasSuffix("+05:30") == true)

            let bad = try await api.request(.get, "/v1/subscriptions/export?timezone=Mars/Base&columns=color")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.json["detail"]?.arrayValue.first?["msg"] == "Value error, 'Mars/Base' is not a valid IANA time zone")
            #expect(bad.json["detail"]?.arrayValue.last?["loc"] == ["query", "columns", 0])
            let other = try await server.otherOrganization()
            let theirs = try await api.request(.get, "/v1/subscriptions/export", token: other.token)
            #expect(theirs.text == "Email,Started At,Product,Amount,Currency,Status,Billing Interval\r\n")
            #expect(try await api.request(.get, "/v1/subscriptions/export", token: server.readToken).status == .forbidden)
        }
    }
}

extension SubscriptionExportTests {
    @Test("polar-sdk 1.x and 0.32 export subscriptions, read back by Python's csv module")
    func polarSDKs() async throws {
        let server = try await TestServer.make()
        try await server.test(.live) { api in
            let product = try await ProductTests.product(
                api, #"{"name":"Pro, monthly","recurring_interval":"month","prices":[{"amount_type":"fixed","price_amount":0}]}"#)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            _ = try await SubscriptionTests.subscribe(api, customer: ada, to: product["id"]?.stringValue ?? "")
            let port = try #require(api.client.port)
            for (generation, python) in [("1.x", try await PythonTools.python()), ("0.32", try await PythonTools.python032())] {
                let run = try await PythonTools.run(python, ["Tests/Compatibility/export_subscriptions.py", "http://127.0.0.1:\(port)", api.token])
                #expect(run.status == 0, "\(generation): \(run.output.suffix(3000))")
                let read = run.output.split(separator: "\n").last.flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? .null
                let rows = read["rows"]?.arrayValue ?? []
                #expect(rows.first == ["Email", "Started At", "Product", "Amount", "Currency", "Status", "Billing Interval"], "\(generation)")
                #expect(rows.count == 2, "\(generation)")
                #expect(rows.last?.arrayValue.prefix(1) == ["ada@example.com"], "\(generation)")
                #expect(rows.last?.arrayValue.dropFirst(2).map { $0 } == ["Pro, monthly", "0.0", "usd", "active", "month"], "\(generation)")
            }
        }
    }
}
