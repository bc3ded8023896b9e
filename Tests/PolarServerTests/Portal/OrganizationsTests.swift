import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("GET and PATCH /v1/organizations/{id}")
struct OrganizationsTests {
    @Test("reads the token's organization in Polar's shape with default portal settings")
    func get() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let id = server.organizationID.uuidString.lowercased()
            let response = try await api.request(.get, "/v1/organizations/\(id)")
            #expect(response.status == .ok)
            let organization = response.json
            #expect(organization["id"]?.stringValue == id)
            #expect(organization["name"] == "acme")
            #expect(organization["slug"] == "acme")
            #expect(organization["modified_at"] == .null)
            #expect(
                organization["customer_portal_settings"]
                    == .object([
                        "usage": .object(["show": true]), "subscription": .object(["update_seats": true, "update_plan": true]),
                        "customer": .object(["allow_email_change": false]),
                    ]))
            // Every key Polar's Organization schema requires (as the served document has it).
            let required = try JSONValue.parse(OpenAPIDocument.bytes)["components"]?["schemas"]?["Organization"]?["required"]?.arrayValue ?? []
            #expect(required.count > 20)
            for key in required.compactMap(\.stringValue) { #expect(organization[key] != nil, "missing \(key)") }
            #expect(organization["embed_hosts_enforced"] == true)
            let other = try await server.otherOrganization()
            let theirs = try await api.request(.get, "/v1/organizations/\(other.id.uuidString.lowercased())")
            #expect(theirs.status == .notFound)
            #expect(theirs.json == .object(["error": "ResourceNotFound", "detail": "Not found"]))
            let noScope = try await api.request(.get, "/v1/organizations/\(id)", token: server.readToken)
            #expect(noScope.status == .forbidden)
        }
    }

    @Test("updates the name and the customer portal settings, read laxly and stored as sent")
    func update() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let path = "/v1/organizations/\(server.organizationID.uuidString.lowercased())"
            let response = try await api.request(
                .patch, path,
                json: #"{"name":"Acme Tools","customer_portal_settings":{"usage":{"show":"no"},"subscription":{"update_seats":1,"update_plan":false,"pause":true},"customer":{"allow_email_change":"yes"}}}"#)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json["name"] == "Acme Tools")
            #expect(response.json["slug"] == "acme-tools")
            #expect(response.json["modified_at"] != .null)
            #expect(
                response.json["customer_portal_settings"]
                    == .object([
                        "usage": .object(["show": false]),
                        "subscription": .object(["update_seats": true, "update_plan": false, "pause": true]),
                        "customer": .object(["allow_email_change": true]),
                    ]))
            #expect(try await api.request(.get, path).json == response.json)

            let invalid = try await api.request(
                .patch, path, json: #"{"name":"ab","customer_portal_settings":{"usage":{"show":"maybe"}}}"#)
            #expect(invalid.status == .unprocessableContent)
            let errors = invalid.json["detail"]?.arrayValue.map { [$0["type"]!, $0["loc"]!] }
            #expect(
                errors == [
                    ["string_too_short", ["body", "name"]],
                    ["bool_parsing", ["body", "customer_portal_settings", "usage", "show"]],
                    ["missing", ["body", "customer_portal_settings", "subscription"]],
                ])
            let readOnly = try await api.request(.patch, path, json: "{}", token: server.readToken)
            #expect(readOnly.status == .forbidden)
        }
    }
}
