import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("POST /v1/customer-sessions/")
struct CustomerSessionTests {
    @Test("issues a one-hour polar_cst_ token with Polar's shape, portal link and full customer")
    func create() async throws {
        let server = try await TestServer.make()
        try await server.test(configure: { $0.port = 8080 }) { api in
            let customer = try await api.createCustomer(#"{"email":"Jane+x@Example.com","external_id":"u1"}"#)
            let id = try #require(customer["id"]?.stringValue)
            let response = try await api.request(
                .post, "/v1/customer-sessions/", json: #"{"customer_id":"\#(id)","return_url":"https://Example.com"}"#)
            #expect(response.status == .created)
            let session = response.json
            #expect(
                session.keys == [
                    "created_at", "modified_at", "id", "token", "expires_at", "return_url", "customer_portal_url", "customer_id",
                    "customer",
                ])
            let token = try #require(session["token"]?.stringValue)
            #expect(token.hasPrefix("polar_cst_") && token.count == 53)
            #expect(token.dropFirst(10).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
            #expect(session["modified_at"] == .null)
            #expect(session["return_url"] == "https://example.com/")
            #expect(session["customer_id"]?.stringValue == id)
            #expect(session["customer"] == customer)
            #expect(
                session["customer_portal_url"]?.stringValue
                    == "http://127.0.0.1:8080/acme/portal?customer_session_token=\(token)&email=Jane%2Bx%40example.com")
            let created = try #require(session["created_at"]?.stringValue.flatMap(PolarTimestamp.parseMicroseconds))
            let expires = try #require(session["expires_at"]?.stringValue.flatMap(PolarTimestamp.parseMicroseconds))
            #expect(expires - created == 3_600_000_000)

            let me = try await api.request(.get, "/v1/customer-portal/customers/me", token: token)
            #expect(me.status == .ok)
            #expect(me.json["id"]?.stringValue == id)
        }
    }

    @Test("the portal introspects its session and names its user; team customers need member sessions")
    func introspectAndUser() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let customer = try await api.createCustomer(#"{"email":"me@example.com","name":"Mia"}"#)
            let id = try #require(customer["id"]?.stringValue)
            let session = try await api.request(
                .post, "/v1/customer-sessions/", json: #"{"customer_id":"\#(id)","return_url":"https://example.com/back"}"#)
            let token = try #require(session.json["token"]?.stringValue)
            let introspected = try await api.request(.get, "/v1/customer-portal/customer-session/introspect", token: token)
            #expect(introspected.status == .ok)
            #expect(introspected.json == .object(["expires_at": session.json["expires_at"]!, "return_url": "https://example.com/back"]))
            let user = try await api.request(.get, "/v1/customer-portal/customer-session/user", token: token)
            #expect(
                user.json == .object([
                    "type": "customer", "name": "Mia", "email": "me@example.com", "customer_id": .string(id), "member_id": .null, "role": .null,
                ]))
            #expect(try await api.request(.get, "/v1/customer-portal/customer-session/introspect").status == .unauthorized)
            #expect(try await api.request(.get, "/v1/customer-portal/customer-session/user", token: .some(nil)).status == .unauthorized)

            let team = try await api.createCustomer(#"{"type":"team","name":"Acme team","owner":{"email":"owner@acme.io","name":"Olivia"}}"#)
            let teamSession = try await api.request(.post, "/v1/customer-sessions/", json: #"{"customer_id":"\#(team["id"]!.stringValue!)"}"#)
            let teamUser = try await api.request(
                .get, "/v1/customer-portal/customer-session/user", token: try #require(teamSession.json["token"]?.stringValue))
            #expect(teamUser.status == .unprocessableContent)
            #expect(teamUser.json["error"] == "PolarRequestValidationError")
            #expect(teamUser.json["detail"]?[0]?["loc"] == ["body"])
        }
    }

    @Test("links start at --public-url, or at --portal-base-url for a portal hosted elsewhere")
    func linkBase() async throws {
        let server = try await TestServer.make()
        func portalURL(_ configure: @escaping (inout ServerConfiguration) -> Void) async throws -> String {
            try await server.test(configure: configure) { api in
                let id = try #require(try await api.createCustomer(#"{"email":"\#(uniqueEmail())"}"#)["id"]?.stringValue)
                let session = try await api.request(.post, "/v1/customer-sessions/", json: #"{"customer_id":"\#(id)"}"#)
                return try #require(session.json["customer_portal_url"]?.stringValue)
            }
        }
        #expect(try await portalURL { $0.publicURL = "https://billing.example.com/" }.hasPrefix("https://billing.example.com/acme/portal?"))
        #expect(
            try await portalURL { $0.publicURL = "https://billing.example.com"; $0.portalBaseURL = "https://portal.example.com" }
                .hasPrefix("https://portal.example.com/acme/portal?"))
        #expect(try await portalURL { $0.hostname = "0.0.0.0"; $0.port = 9000 }.hasPrefix("http://127.0.0.1:9000/acme/portal?"))
        #expect(try await portalURL { $0.hostname = "::1"; $0.port = 9000 }.hasPrefix("http://[::1]:9000/acme/portal?"))
    }

    @Test("the external id wins over the id; unknown customers are a business 422 on the field used")
    func customerReference() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let first = try await api.createCustomer(#"{"email":"first@example.com"}"#)
            let second = try await api.createCustomer(#"{"email":"second@example.com","external_id":"second"}"#)
            let firstID = try #require(first["id"]?.stringValue)
            let both = try await api.request(
                .post, "/v1/customer-sessions/", json: #"{"customer_id":"\#(firstID)","external_customer_id":"second"}"#)
            #expect(both.json["customer_id"] == second["id"])
            let alias = try await api.request(.post, "/v1/customer-sessions/", json: #"{"customer_external_id":"second"}"#)
            #expect(alias.json["customer_id"] == second["id"])

            let unknownExternal = try await api.request(.post, "/v1/customer-sessions/", json: #"{"external_customer_id":"nobody"}"#)
            #expect(unknownExternal.status == .unprocessableContent)
            #expect(
                unknownExternal.json
                    == .object([
                        "error": "PolarRequestValidationError",
                        "detail": [
                            .object([
                                "type": "value_error", "loc": ["body", "external_customer_id"], "msg": "Customer does not exist.",
                                "input": "nobody",
                            ])
                        ],
                    ]))
            let missing = UUID().uuidString.lowercased()
            let unknownID = try await api.request(.post, "/v1/customer-sessions/", json: #"{"customer_id":"\#(missing)"}"#)
            #expect(unknownID.json["detail"]?.arrayValue.first?["loc"] == ["body", "customer_id"])
            #expect(unknownID.json["detail"]?.arrayValue.first?["input"] == .string(missing))

            // Another organization's customer does not exist for this token.
            let other = try await server.otherOrganization()
            let theirs = try await api.request(
                .post, "/v1/customers/", json: #"{"email":"theirs@example.com","external_id":"theirs"}"#, token: other.token)
            #expect(theirs.status == .created)
            let crossing = try await api.request(.post, "/v1/customer-sessions/", json: #"{"external_customer_id":"theirs"}"#)
            #expect(crossing.status == .unprocessableContent)
        }
    }

    @Test("schema errors list both union shapes under their class names")
    func schemaErrors() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let empty = try await api.request(.post, "/v1/customer-sessions/", json: "{}")
            #expect(
                empty.json
                    == .object([
                        "error": "RequestValidationError",
                        "detail": [
                            .object([
                                "type": "missing", "loc": ["body", "CustomerSessionCustomerIDCreate", "customer_id"],
                                "msg": "Field required", "input": .object([]),
                            ]),
                            .object([
                                "type": "missing",
                                "loc": ["body", "CustomerSessionCustomerExternalIDCreate", "external_customer_id"],
                                "msg": "Field required", "input": .object([]),
                            ]),
                        ],
                    ]))
            let badURL = try await api.request(
                .post, "/v1/customer-sessions/", json: #"{"external_customer_id":"x","return_url":"ftp://example.com"}"#)
            let types = badURL.json["detail"]?.arrayValue.compactMap { $0["type"]?.stringValue }
            #expect(types == ["url_scheme", "missing", "url_scheme"])
        }
    }

    @Test("scopes and token kinds: customer_sessions:write is needed; a session token is not an organization")
    func authorization() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (customer, sessionToken) = try await api.signIn()
            let id = try #require(customer["id"]?.stringValue)
            let body = #"{"customer_id":"\#(id)"}"#
            let readOnly = try await api.request(.post, "/v1/customer-sessions/", json: body, token: server.readToken)
            #expect(readOnly.status == .forbidden)
            #expect(readOnly.json["error"] == "insufficient_scope")
            let anonymous = try await api.request(.post, "/v1/customer-sessions/", json: body, token: .some(nil))
            #expect(anonymous.json == .object(["error": "Unauthorized", "detail": "Unauthorized"]))
            let asCustomer = try await api.request(.post, "/v1/customer-sessions/", json: body, token: sessionToken)
            #expect(asCustomer.status == .unauthorized)
            #expect(asCustomer.json["error"] == "Unauthorized")
            let customers = try await api.request(.get, "/v1/customers/", token: sessionToken)
            #expect(customers.status == .unauthorized)
            #expect(customers.json["error"] == "Unauthorized")
            let redirect = try await api.request(.post, "/v1/customer-sessions", json: body)
            #expect(redirect.status == .temporaryRedirect)
            #expect(redirect.headers[.location] == "/v1/customer-sessions/")
        }
    }

    @Test("unknown, expired and deleted-customer session tokens are invalid_token on any path")
    func invalidSessions() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (customer, token) = try await api.signIn()
            let forged = "polar_cst_" + String(repeating: "a", count: 43)
            for path in ["/v1/customer-portal/customers/me", "/v1/nowhere"] {
                let response = try await api.request(.get, path, token: forged)
                #expect(response.status == .unauthorized)
                #expect(response.json["error"] == "invalid_token")
            }
            let member = try await api.request(.get, "/v1/customer-portal/customers/me", token: "polar_mst_" + String(repeating: "b", count: 43))
            #expect(member.json["error"] == "invalid_token")

            try await TestServer.withContext(server.database) { context in
                try await context.database.sql.raw("UPDATE customer_sessions SET expires_at = 1").run()
            }
            let expired = try await api.request(.get, "/v1/customer-portal/customers/me", token: token)
            #expect(expired.json["error"] == "invalid_token")

            let (_, fresh) = try await api.signIn(#"{"email":"fresh@example.com"}"#)
            #expect(try await api.request(.get, "/v1/customer-portal/customers/me", token: fresh).status == .ok)
            let freshID = try #require(try await api.request(.get, "/v1/customer-portal/customers/me", token: fresh).json["id"]?.stringValue)
            #expect(freshID != customer["id"]?.stringValue)
            #expect(try await api.request(.delete, "/v1/customers/\(freshID)").status == .noContent)
            let deleted = try await api.request(.get, "/v1/customer-portal/customers/me", token: fresh)
            #expect(deleted.json["error"] == "invalid_token")
        }
    }
}
