import Foundation
import PolarModels
import Testing

@Suite("GET /v1/customers/")
struct CustomerListTests {
    /// Emails of the listed customers, in order.
    func emails(_ response: APIResponse) -> [String] {
        (response.json["items"]?.arrayValue ?? []).compactMap { $0["email"]?.stringValue }
    }

    @Test("lists newest first with Polar's pagination; limits above 100 are clamped")
    func pagination() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            for index in 1...5 { _ = try await api.createCustomer(#"{"email":"c\#(index)@example.com"}"#) }
            let first = try await api.request(.get, "/v1/customers/?limit=2")
            #expect(first.status == .ok)
            #expect(emails(first) == ["c5@example.com", "c4@example.com"])
            #expect(first.json["pagination"] == .object(["total_count": 5, "max_page": 3]))
            let last = try await api.request(.get, "/v1/customers/?limit=2&page=3")
            #expect(emails(last) == ["c1@example.com"])
            let past = try await api.request(.get, "/v1/customers/?limit=2&page=9")
            #expect(past.json["items"] == [])
            #expect(past.json["pagination"] == .object(["total_count": 5, "max_page": 3]))
            let clamped = try await api.request(.get, "/v1/customers/?limit=500")
            #expect(clamped.json["pagination"] == .object(["total_count": 5, "max_page": 1]))
            let none = try await api.request(.get, "/v1/customers/?email=nobody@example.com")
            #expect(none.json["pagination"] == .object(["total_count": 0, "max_page": 0]))
        }
    }

    @Test("filters by exact email ignoring case, by query, and by metadata")
    func filters() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            _ = try await api.createCustomer(#"{"email":"Alice@example.com","name":"Alice Liddell","external_id":"usr_alice","metadata":{"tier":"gold","n":1,"vip":true}}"#)
            _ = try await api.createCustomer(#"{"email":"bob@example.com","name":"Bob 100%","external_id":"usr_bob","metadata":{"tier":"silver","n":2.0}}"#)
            _ = try await api.createCustomer(#"{"email":"carol@example.com","external_id":"x_usr","metadata":{"tier":"bronze"}}"#)

            #expect(emails(try await api.request(.get, "/v1/customers/?email=ALICE@EXAMPLE.COM")) == ["Alice@example.com"])
            #expect(emails(try await api.request(.get, "/v1/customers/?email=alice")) == [])
            // Substring of email or name, prefix of external id, case-insensitive.
            #expect(emails(try await api.request(.get, "/v1/customers/?query=LIDDELL")) == ["Alice@example.com"])
            #expect(emails(try await api.request(.get, "/v1/customers/?query=usr&sorting=email")) == ["Alice@example.com", "bob@example.com"])
            // Wildcards are literal.
            #expect(emails(try await api.request(.get, "/v1/customers/?query=100%25")) == ["bob@example.com"])
            #expect(emails(try await api.request(.get, "/v1/customers/?query=_")) == [])
            // Same key ORs, different keys AND; values compare as JSON text.
            #expect(
                emails(try await api.request(.get, "/v1/customers/?metadata%5Btier%5D=gold&metadata%5Btier%5D=bronze&sorting=email"))
                    == ["Alice@example.com", "carol@example.com"])
            #expect(emails(try await api.request(.get, "/v1/customers/?metadata[tier]=gold&metadata[n]=1")) == ["Alice@example.com"])
            #expect(emails(try await api.request(.get, "/v1/customers/?metadata[tier]=silver&metadata[n]=1")) == [])
            #expect(emails(try await api.request(.get, "/v1/customers/?metadata[vip]=true")) == ["Alice@example.com"])
            #expect(emails(try await api.request(.get, "/v1/customers/?metadata[n]=2.0")) == ["bob@example.com"])
            #expect(emails(try await api.request(.get, "/v1/customers/?metadata[n]=2")) == [])
            // Without subscriptions nobody is active yet.
            #expect(emails(try await api.request(.get, "/v1/customers/?active=true")) == [])
            #expect(emails(try await api.request(.get, "/v1/customers/?active=false")).count == 3)
        }
    }

    @Test("sorts by several criteria in order; names put nulls last ascending")
    func sorting() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            _ = try await api.createCustomer(#"{"email":"b@example.com","name":"Zed"}"#)
            _ = try await api.createCustomer(#"{"email":"a@example.com"}"#)
            _ = try await api.createCustomer(#"{"email":"c@example.com","name":"Amy"}"#)
            #expect(emails(try await api.request(.get, "/v1/customers/?sorting=email")) == ["a@example.com", "b@example.com", "c@example.com"])
            #expect(emails(try await api.request(.get, "/v1/customers/?sorting=-email")) == ["c@example.com", "b@example.com", "a@example.com"])
            #expect(emails(try await api.request(.get, "/v1/customers/?sorting=name")) == ["c@example.com", "b@example.com", "a@example.com"])
            #expect(emails(try await api.request(.get, "/v1/customers/?sorting=-name")) == ["a@example.com", "b@example.com", "c@example.com"])
            #expect(emails(try await api.request(.get, "/v1/customers/?sorting=created_at")) == ["b@example.com", "a@example.com", "c@example.com"])
        }
    }

    @Test("bad query values are 422s located in the query")
    func badQuery() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let response = try await api.request(.get, "/v1/customers/?page=0&limit=abc&sorting=email&sorting=foo&active=maybe")
            #expect(response.status == .unprocessableContent)
            #expect(
                response.json
                    == .object([
                        "error": "RequestValidationError",
                        "detail": [
                            .object([
                                "type": "greater_than", "loc": ["query", "page"], "msg": "Input should be greater than 0",
                                "input": "0", "ctx": .object(["gt": 0]),
                            ]),
                            .object([
                                "type": "int_parsing", "loc": ["query", "limit"],
                                "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "abc",
                            ]),
                            .object([
                                "type": "enum", "loc": ["query", "sorting", 1],
                                "msg": "Input should be 'created_at', '-created_at', 'email', '-email', 'name' or '-name'",
                                "input": "foo",
                                "ctx": .object(["expected": "'created_at', '-created_at', 'email', '-email', 'name' or '-name'"]),
                            ]),
                            .object([
                                "type": "bool_parsing", "loc": ["query", "active"],
                                "msg": "Input should be a valid boolean, unable to interpret input", "input": "maybe",
                            ]),
                        ],
                    ]))
            let badOrganization = try await api.request(.get, "/v1/customers/?organization_id=nope")
            #expect(badOrganization.json["detail"]?.arrayValue.first?["loc"] == ["query", "organization_id", 0])
        }
    }

    @Test("/v1/customers without the slash redirects like Starlette")
    func redirect() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let response = try await api.request(.get, "/v1/customers?limit=1")
            #expect(response.status == .temporaryRedirect)
            #expect(response.headers[.location] == "/v1/customers/?limit=1")
        }
    }
}
