import Foundation
import PolarModels
import Testing

@Suite("GET /v1/customers/{id}/state and /external/{external_id}/state")
struct CustomerStateTests {
    @Test("every customer field in order, then the three state arrays; by id and by external id")
    func state() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let created = try await api.createCustomer(#"{"email":"s@example.com","external_id":"ext/1","type":"team"}"#)
            let id = try #require(created["id"]?.stringValue)
            let byID = try await api.request(.get, "/v1/customers/\(id)/state")
            #expect(byID.status == .ok)
            #expect(byID.json.keys == created.keys + ["active_subscriptions", "granted_benefits", "active_meters"])
            for key in created.keys { #expect(byID.json[key] == created[key], "\(key)") }
            #expect(byID.json["type"] == "team")
            #expect(byID.json["active_subscriptions"] == [])
            #expect(byID.json["granted_benefits"] == [])
            #expect(byID.json["active_meters"] == [])
            let byExternal = try await api.request(.get, "/v1/customers/external/ext%2F1/state")
            #expect(byExternal.json == byID.json)
            let decoded = try JSONDecoder().decode(CustomerState.self, from: Data(byID.text.utf8))
            #expect(decoded.customer.id.uuidString.lowercased() == id)
        }
    }

    @Test("404 for unknown, deleted and other organizations' customers; 422 for a bad id; read scope suffices")
    func errors() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let created = try await api.createCustomer(#"{"email":"gone@example.com","external_id":"gone"}"#)
            let id = try #require(created["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/customers/\(id)/state", token: server.readToken).status == .ok)
            let other = try await server.otherOrganization()
            #expect(try await api.request(.get, "/v1/customers/\(id)/state", token: other.token).status == .notFound)
            #expect(try await api.request(.delete, "/v1/customers/\(id)").status == .noContent)
            let deleted = try await api.request(.get, "/v1/customers/\(id)/state")
            #expect(deleted.json == .object(["error": "ResourceNotFound", "detail": "Not found"]))
            #expect(try await api.request(.get, "/v1/customers/external/gone/state").status == .notFound)
            #expect(try await api.request(.get, "/v1/customers/nope/state").status == .unprocessableContent)
        }
    }
}
