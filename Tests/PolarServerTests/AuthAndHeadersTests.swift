import Foundation
import PolarModels
import HTTPTypes
import Testing

@testable import PolarServer

@Suite("Authentication, scopes, versions and isolation")
struct AuthAndHeadersTests {
    @Test("no token is 401 Unauthorized; an unknown token is 401 invalid_token even on unknown paths")
    func unauthenticated() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let anonymous = try await api.request(.get, "/v1/customers/", token: .some(nil))
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.json == .object(["error": "Unauthorized", "detail": "Unauthorized"]))
            #expect(anonymous.headers[.wwwAuthenticate] == #"Bearer realm="polar""#)

            for path in ["/v1/customers/", "/v1/nowhere"] {
                let invalid = try await api.request(.get, path, token: "polar_oat_doesnotexist")
                #expect(invalid.status == .unauthorized)
                #expect(invalid.json["error"] == "invalid_token")
                #expect(invalid.headers[.cacheControl] == "no-store")
            }
            // A non-ASCII token counts as no token at all.
            let nonASCII = try await api.request(.get, "/v1/customers/", token: "polar_oat_é")
            #expect(nonASCII.json["error"] == "Unauthorized")
            // Malformed JSON is reported before authentication, as FastAPI does.
            let malformed = try await api.request(.post, "/v1/customers/", json: "{", token: .some(nil))
            #expect(malformed.status == .unprocessableContent)
        }
    }

    @Test("a read-only token reads but cannot write: 403 insufficient_scope")
    func scopes() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            #expect(try await api.request(.get, "/v1/customers/", token: server.readToken).status == .ok)
            #expect(try await api.request(.get, "/v1/customers/export", token: server.readToken).status == .ok)
            let write = try await api.request(.post, "/v1/customers/", json: #"{"email":"a@example.com"}"#, token: server.readToken)
            #expect(write.status == .forbidden)
            #expect(
                write.json
                    == .object([
                        "error": "insufficient_scope",
                        "error_description": "The request requires higher privileges than provided by the access token.",
                    ]))
            #expect(write.headers[.wwwAuthenticate]?.contains(#"scope="customers:write""#) == true)
            #expect(try await api.request(.get, "/v1/customers/").json["pagination"]?["total_count"] == 0)
        }
    }

    @Test("Polar-Version: absent means 2026-04, known versions are echoed, others are a bare 404")
    func versions() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let plain = try await api.request(.get, "/v1/customers/")
            #expect(plain.headers[.polarVersion] == "2026-04")
            #expect(plain.headers[.cacheControl] == "private, no-store")
            for version in ["2026-10", "2027-01"] {
                let newer = try await api.request(.get, "/v1/customers/", headers: [.polarVersion: version])
                #expect(newer.status == .ok)
                #expect(newer.headers[.polarVersion] == version)
            }
            let unknown = try await api.request(.get, "/v1/customers/", headers: [.polarVersion: "1999-01"])
            #expect(unknown.status == .notFound)
            #expect(unknown.json == .object(["detail": "Not Found"]))
            let noRoute = try await api.request(.get, "/v1/nothing-here")
            #expect(noRoute.json == .object(["detail": "Not Found"]))
        }
    }

    @Test("another organization's customers are invisible: 404, empty lists, nothing exported")
    func isolation() async throws {
        let server = try await TestServer.make()
        let other = try await server.otherOrganization()
        try await server.test { api in
            let mine = try await api.createCustomer(#"{"email":"shared@example.com","external_id":"same"}"#)
            let id = try #require(mine["id"]?.stringValue)
            // The same email and external id are free in another organization.
            let theirs = try await api.request(
                .post, "/v1/customers/", json: #"{"email":"shared@example.com","external_id":"same"}"#, token: other.token)
            #expect(theirs.status == .created)
            for (method, path) in [
                (.get, "/v1/customers/\(id)"), (.patch, "/v1/customers/\(id)"), (.delete, "/v1/customers/\(id)"),
            ] as [(HTTPRequest.Method, String)] {
                let response = try await api.request(method, path, json: method == .patch ? "{}" : nil, token: other.token)
                #expect(response.status == .notFound)
            }
            let external = try await api.request(.get, "/v1/customers/external/same", token: other.token)
            #expect(external.json["id"] == theirs.json["id"])
            let filtered = try await api.request(.get, "/v1/customers/?organization_id=\(server.organizationID.lowercased)", token: other.token)
            #expect(filtered.json["items"] == [])
            let export = try await api.request(.get, "/v1/customers/export", token: other.token)
            #expect(!export.text.contains(id))
            #expect(try await api.request(.get, "/v1/customers/\(id)").status == .ok)
        }
    }

    @Test("bodies need a Content-Length and at most 10 MiB")
    func bodyLimits() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let chunked = try await api.request(.post, "/v1/customers/")
            #expect(chunked.status == .lengthRequired)
            #expect(chunked.json == .object(["error": "LengthRequired", "detail": "A Content-Length header is required."]))
            let huge = try await api.request(.post, "/v1/customers/", headers: [.contentLength: "20000000"])
            #expect(huge.status == .contentTooLarge)
            #expect(huge.json["error"] == "RequestBodyTooLarge")
        }
    }

    @Test("the legacy /api/v1 prefix still routes, with a deprecation notice")
    func legacyPrefix() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let response = try await api.request(.get, "/api/v1/customers/")
            #expect(response.status == .ok)
            #expect(response.headers[.init("X-Polar-Deprecation-Notice")!] != nil)
        }
    }
}

@Suite("CORS, as Polar's public API answers browsers")
struct CORSTests {
    @Test("preflights are answered before version and auth checks; simple responses expose Polar-Version")
    func cors() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let preflight = try await api.request(
                .options, "/v1/customer-portal/customers/me", token: .some(nil),
                headers: [
                    .origin: "https://shop.example.com", .accessControlRequestMethod: "PATCH",
                    .accessControlRequestHeaders: "authorization, content-type, polar-version",
                ])
            #expect(preflight.status == .ok)
            #expect(preflight.text == "OK")
            #expect(preflight.headers[.accessControlAllowOrigin] == "*")
            #expect(preflight.headers[.accessControlAllowMethods] == "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
            #expect(
                preflight.headers[.accessControlAllowHeaders]
                    == "Accept, Accept-Language, Authorization, Content-Language, Content-Type, Polar-Version")
            #expect(preflight.headers[.accessControlMaxAge] == "600")

            let disallowed = try await api.request(
                .options, "/v1/customers/", token: .some(nil),
                headers: [.origin: "https://shop.example.com", .accessControlRequestMethod: "GET", .accessControlRequestHeaders: "x-custom"])
            #expect(disallowed.status == .badRequest)
            #expect(disallowed.text == "Disallowed CORS headers")

            let simple = try await api.request(.get, "/v1/customers/", headers: [.origin: "https://shop.example.com"])
            #expect(simple.status == .ok)
            #expect(simple.headers[.accessControlAllowOrigin] == "*")
            #expect(simple.headers[.accessControlExposeHeaders] == "Polar-Version")
            let sameOrigin = try await api.request(.get, "/v1/customers/")
            #expect(sameOrigin.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
