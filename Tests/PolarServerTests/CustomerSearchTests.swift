import Foundation
import PolarModels
import SQLKit
import Testing

@testable import PolarServer

/// `GET /v1/customers/?query=` reads SQLite's trigram index (PostgreSQL's pg_trgm) to find its
/// matches: whatever the index and the plan, it must answer exactly what a scan with the same
/// LIKE finds, and the live count must stay what `COUNT(*)` says.
@Suite("Customer search through the trigram index")
struct CustomerSearchTests {
    /// Every customer of the organization that the list's condition matches, by a plain scan.
    func scan(_ query: String, _ server: TestServer) async throws -> [String] {
        try await TestServer.withContext(server.database) { context in
            try await context.database.sql.raw(
                "SELECT email FROM customers WHERE organization_id = \(bind: server.organizationID.lowercased) AND deleted_at IS NULL AND "
                    + CustomerStore.matching(query)
            ).all().map { try $0.decode(column: "email", as: String.self) }.sorted()
        }
    }

    /// The list's answer for `query`: one page of 100, and the same read two at a time (which
    /// walks the sort order instead when the matches are many), with their total counts.
    func listed(_ query: String, _ api: APIClient) async throws -> (whole: [String], paged: [String], totals: Set<Int>) {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        func emails(_ response: APIResponse) -> [String] { response.json["items"]!.arrayValue.map { $0["email"]!.stringValue! } }
        let whole = try await api.request(.get, "/v1/customers/?limit=100&sorting=email&query=\(encoded)")
        #expect(whole.status == .ok)
        var totals: Set<Int> = [whole.json["pagination"]!["total_count"].flatMap(Self.int)!]
        var paged: [String] = []
        for page in 1...50 {
            let response = try await api.request(.get, "/v1/customers/?limit=2&page=\(page)&sorting=email&query=\(encoded)")
            totals.insert(response.json["pagination"]!["total_count"].flatMap(Self.int)!)
            let items = emails(response)
            if items.isEmpty { break }
            paged += items
        }
        return (emails(whole), paged, totals)
    }

    func expectSame(_ queries: [String], _ server: TestServer, _ api: APIClient, sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        for query in queries {
            let expected = try await scan(query, server)
            let answer = try await listed(query, api)
            #expect(answer.whole.sorted() == expected, "query \(query)", sourceLocation: sourceLocation)
            #expect(answer.paged.sorted() == expected, "query \(query), two a page", sourceLocation: sourceLocation)
            #expect(answer.totals == [expected.count], "query \(query)", sourceLocation: sourceLocation)
        }
    }

    static func int(_ value: JSONValue) -> Int? {
        if case .integer(let number) = value { return number }
        return nil
    }

    static let queries = [
        "a", "zo", "ë", "%", "_", "\\", "\"", "'", "%%%", "100%", "e_c", "usr_", "USR_A", "example", "EXAMPLE.COM", "ørsted",
        "ØRSTED", "élo", "ÉLODIE", "ümit", "straße", "STRASSE", "日本語", "本語", "😀 fan", "ab\"cd", "o'brien", "plain text that matches nothing",
        "customer", "ustomer 1", "billing", "Acme GmbH",
    ]

    @Test("finds what a LIKE scan finds: short queries, wildcards, quotes and non-ASCII text, after updates, deletes and VACUUM")
    func parity() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let people = [
                ("Zoë Ørsted", "zoe@example.com", "usr_a1"), ("ÉLODIE Durand", "Elodie@Example.com", "USR_A2"),
                ("Ümit Straße", "umit@example.net", "usr_b"), ("日本語の名前", "nihon@example.jp", "jp_1"),
                ("😀 fan", "emoji@example.com", nil), ("100% pure", "pure@example.com", "100%"), ("snake_case", "snake@example.com", "e_c"),
                ("ab\"cd", "quote@example.com", nil), ("O'Brien", "obrien@example.com", "o'b"), (nil, "noname@example.org", nil),
            ]
            var ids: [String] = []
            for (name, email, external) in people {
                var body: [JSONValue.Member] = [.init("email", .string(email))]
                if let name { body.append(.init("name", .string(name))) }
                if let external { body.append(.init("external_id", .string(external))) }
                ids.append(try await api.createCustomer(String(decoding: try JSONValueEncoder.serialize(JSONValue.object(body)), as: UTF8.self))["id"]!.stringValue!)
            }
            for index in 0..<20 { _ = try await api.createCustomer(#"{"email":"c\#(index)@example.com","name":"Customer \#(index)"}"#) }
            // Billing names come from the portal; written here straight to the table.
            try await TestServer.withContext(server.database) { context in
                try await context.database.sql.raw("UPDATE customers SET billing_name = 'Acme GmbH Billing' WHERE id = \(bind: ids[0])").run()
            }
            try await expectSame(Self.queries, server, api)

            // Renamed, re-addressed and deleted customers are found by their new text only.
            #expect(try await api.request(.patch, "/v1/customers/\(ids[0])", json: #"{"name":"Renamed Person","email":"renamed@example.com"}"#).status == .ok)
            #expect(try await api.request(.delete, "/v1/customers/\(ids[1])").status == .noContent)
            #expect(try await api.request(.delete, "/v1/customers/\(ids[5])").status == .noContent)
            try await expectSame(["ørsted", "zoe@", "renamed", "person", "élodie", "usr_a", "100%", "pure", "billing"], server, api)
            #expect(try await listed("renamed", api).whole == ["renamed@example.com"])
            #expect(try await listed("ørsted", api).whole == [])

            // VACUUM rewrites the tables; the index must still point at the same customers.
            if case .sqlite = server.database {
                try await TestServer.withContext(server.database) { context in try await context.database.sql.raw("VACUUM").run() }
                try await expectSame(Self.queries, server, api)
            }
        }
    }

    @Test("the list's total_count without filters is the live customers' COUNT(*), through creates, deletes and rows written straight to the table")
    func liveCount() async throws {
        let server = try await TestServer.make()
        let other = try await server.otherOrganization()
        @Sendable func counted() async throws -> Int {
            try await TestServer.withContext(server.database) { context in
                try await context.database.sql.raw(
                    "SELECT COUNT(*) AS n FROM customers WHERE organization_id = \(bind: server.organizationID.lowercased) AND deleted_at IS NULL"
                ).first(decodingColumn: "n", as: Int.self) ?? -1
            }
        }
        try await server.test { api in
            func total(token: String = server.token) async throws -> Int {
                let response = try await api.request(.get, "/v1/customers/?limit=1", token: token)
                return try #require(response.json["pagination"]?["total_count"].flatMap(Self.int), "\(response.status) \(response.text)")
            }
            #expect(try await total() == 0)
            var ids: [String] = []
            for index in 0..<6 { ids.append(try await api.createCustomer(#"{"email":"n\#(index)@example.com"}"#)["id"]!.stringValue!) }
            _ = try await api.request(.post, "/v1/customers/", json: #"{"email":"other@example.com"}"#, token: other.token)
            // A refused create writes nothing, so counts nothing.
            #expect(try await api.request(.post, "/v1/customers/", json: #"{"email":"n0@example.com"}"#).status == .unprocessableContent)
            #expect(try await total() == 6)
            #expect(try await api.request(.delete, "/v1/customers/\(ids[0])").status == .noContent)
            #expect(try await api.request(.delete, "/v1/customers/\(ids[1])?anonymize=true").status == .noContent)
            #expect(try await total() == 4)
            #expect(try await total(token: other.token) == 1)
            try await server.seedCustomers(250)
            #expect(try await total() == 254)
            let scanned = try await counted()
            #expect(try await total() == scanned)
        }
    }
}
