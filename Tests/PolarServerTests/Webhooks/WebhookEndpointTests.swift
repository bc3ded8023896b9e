import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("Webhook endpoints: /v1/webhooks/…")
struct WebhookEndpointTests {
    static let endpoints = "/v1/webhooks/endpoints"

    @Test("create, get, list, update, reset the secret and delete, in Polar's shape")
    func lifecycle() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let created = try await api.request(
                .post, Self.endpoints,
                json: #"{"url":"  HTTPS://Example.COM:443/hook  ","format":"raw","events":["customer.created","customer.updated"]}"#)
            #expect(created.status == .created, "\(created.text)")
            let endpoint = created.json
            #expect(
                endpoint.keys == [
                    "created_at", "modified_at", "id", "url", "name", "api_version", "format", "secret", "organization_id", "events",
                    "enabled", "uses_standard_webhook_signature",
                ])
            #expect(endpoint["url"] == "https://example.com/hook")
            #expect(endpoint["name"] == .null)
            #expect(endpoint["modified_at"] == .null)
            #expect(endpoint["api_version"] == "2026-04")
            #expect(endpoint["enabled"] == true)
            #expect(endpoint["uses_standard_webhook_signature"] == false)
            #expect(endpoint["organization_id"]?.stringValue == server.organizationID.lowercased)
            let secret = try #require(endpoint["secret"]?.stringValue)
            #expect(secret.hasPrefix("whsec_") && secret.count == 49)
            let id = try #require(endpoint["id"]?.stringValue)

            #expect(try await api.request(.get, Self.endpoints + "/\(id)").json == endpoint)
            let list = try await api.request(.get, Self.endpoints)
            #expect(list.json["items"]?.arrayValue == [endpoint])
            #expect(list.json["pagination"] == .object(["total_count": 1, "max_page": 1]))

            // null changes nothing (Polar drops Nones); a change bumps modified_at.
            let unchanged = try await api.request(.patch, Self.endpoints + "/\(id)", json: #"{"name":null,"url":null}"#)
            #expect(unchanged.json == endpoint)
            let renamed = try await api.request(
                .patch, Self.endpoints + "/\(id)", json: #"{"name":"Orders","events":["customer.deleted"],"enabled":"no"}"#)
            #expect(renamed.status == .ok)
            #expect(renamed.json["name"] == "Orders")
            #expect(renamed.json["events"] == ["customer.deleted"])
            #expect(renamed.json["enabled"] == false)
            #expect(renamed.json["modified_at"] != .null)

            let reset = try await api.request(.patch, Self.endpoints + "/\(id)/secret", headers: [.contentLength: "0"])
            #expect(reset.status == .ok)
            #expect(reset.json["secret"]?.stringValue != secret)
            #expect(reset.json["secret"]?.stringValue?.hasPrefix("whsec_") == true)

            let deleted = try await api.request(.delete, Self.endpoints + "/\(id)")
            #expect(deleted.status == .noContent)
            #expect(deleted.text.isEmpty)
            #expect(try await api.request(.get, Self.endpoints + "/\(id)").status == .notFound)
            #expect(try await api.request(.delete, Self.endpoints + "/\(id)").status == .notFound)
            #expect(try await api.request(.get, Self.endpoints).json["items"]?.arrayValue == [])
        }
    }

    @Test("other organizations' endpoints and events are 404s; scopes are webhooks:read and webhooks:write")
    func isolation() async throws {
        let server = try await TestServer.make()
        let other = try await server.otherOrganization()
        try await server.test { api in
            let created = try await api.request(.post, Self.endpoints, json: #"{"url":"https://example.com/","format":"raw","events":[]}"#)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(try await api.request(.get, Self.endpoints + "/\(id)", token: other.token).status == .notFound)
            #expect(try await api.request(.patch, Self.endpoints + "/\(id)", json: "{}", token: other.token).status == .notFound)
            #expect(try await api.request(.delete, Self.endpoints + "/\(id)", token: other.token).status == .notFound)
            #expect(try await api.request(.get, Self.endpoints, token: other.token).json["items"]?.arrayValue == [])
            #expect(
                try await api.request(.get, Self.endpoints + "?organization_id=\(other.id.lowercased)").json["items"]?.arrayValue == [])
            let forbidden = try await api.request(.get, Self.endpoints, token: server.readToken)
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.json["error"] == "insufficient_scope")
            #expect(try await api.request(.get, Self.endpoints, token: .some(nil)).status == .unauthorized)
            let unknownEvent = try await api.request(.post, "/v1/webhooks/events/\(UUID().lowercased)/redeliver", headers: [.contentLength: "0"])
            #expect(unknownEvent.status == .notFound)
            #expect(unknownEvent.json == .object(["error": "ResourceNotFound", "detail": "Not found"]))
        }
    }

    @Test("beyond loopback: https only, no localhost or private addresses; Polar's 422s for the rest")
    func validation() async throws {
        let server = try await TestServer.make()
        try await server.test(configure: { $0.webhookURLPolicy = WebhookURLPolicy() }) { api in
            func errors(_ json: String) async throws -> [JSONValue] {
                let response = try await api.request(.post, Self.endpoints, json: json)
                #expect(response.status == .unprocessableContent, "\(response.text)")
                return response.json["detail"]?.arrayValue ?? []
            }
            let http = try await errors(#"{"url":"http://example.com","format":"raw","events":[]}"#)
            #expect(
                http == [
                    .object([
                        "type": "url_scheme", "loc": ["body", "url"], "msg": "URL scheme should be 'https'", "input": "http://example.com",
                        "ctx": .object(["expected_schemes": "'https'"]),
                    ])
                ])
            for local in ["https://localhost/x", "https://127.0.0.1/", "https://10.1.2.3/", "https://192.168.0.1/", "https://[::1]/",
                "https://169.254.169.254/latest", "https://[fd00::1]/"]
            {
                let refused = try await errors(#"{"url":"\#(local)","format":"raw","events":[]}"#)
                #expect(
                    refused.first?["msg"] == "Value error, Webhook URLs cannot point to localhost or private IP addresses.", "\(local)")
            }
            let badHost = try await errors(#"{"url":"https://exa_mple.com/","format":"raw","events":[]}"#)
            #expect(
                badHost.first?["msg"]
                    == "Value error, Invalid webhook URL: the hostname contains characters not allowed in domain names.")
            let missing = try await errors("{}")
            #expect(missing.map { $0["loc"] } == [["body", "url"], ["body", "format"], ["body", "events"]])
            #expect(missing.allSatisfy { $0["type"] == "missing" && $0["input"] == .object([]) })
            let enums = try await errors(#"{"url":"https://example.com","format":"json","events":["customer.created","foo.bar"]}"#)
            #expect(enums.map { $0["loc"] } == [["body", "format"], ["body", "events", 1]])
            #expect(enums.first?["msg"] == "Input should be 'raw', 'discord' or 'slack'")
            #expect(enums.last?["msg"]?.stringValue?.hasPrefix("Input should be 'checkout.created', 'checkout.updated'") == true)
            #expect(enums.last?["msg"]?.stringValue?.hasSuffix("'benefit_grant.revoked' or 'organization.updated'") == true)
            let withOrganization = try await api.request(
                .post, Self.endpoints,
                json: #"{"url":"https://example.com","format":"raw","events":[],"organization_id":"\#(server.organizationID.lowercased)"}"#)
            #expect(withOrganization.json["detail"]?[0]?["type"] == "organization_token")
            let shortSecret = try await errors(#"{"url":"https://example.com","format":"raw","events":[],"secret":"short"}"#)
            #expect(shortSecret.first?["type"] == "string_too_short")
            // Nothing was created by any of these.
            #expect(try await api.request(.get, Self.endpoints).json["pagination"]?["total_count"] == 0)
        }
        // On loopback (the embedded default) a developer's local app is a fine target.
        try await server.test { api in
            let local = try await api.request(.post, Self.endpoints, json: #"{"url":"http://localhost:3000/hook","format":"raw","events":[]}"#)
            #expect(local.status == .created)
            #expect(local.json["url"] == "http://localhost:3000/hook")
        }
    }
}
