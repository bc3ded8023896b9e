import Foundation
import PolarModels
import Testing

@Suite("GET and PATCH /v1/customer-portal/customers/me")
struct PortalCustomerTests {
    static let me = "/v1/customer-portal/customers/me"

    @Test("reads the customer in Polar's portal shape: every key, billing name falling back to the name")
    func get() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (customer, token) = try await api.signIn(#"{"email":"jane@example.com","name":"Jane","locale":"fr"}"#)
            let me = try await api.request(.get, Self.me, token: token)
            #expect(me.status == .ok)
            #expect(
                me.json
                    == .object([
                        "created_at": customer["created_at"]!, "modified_at": nil, "id": customer["id"]!, "email": "jane@example.com",
                        "email_verified": false, "name": "Jane", "billing_name": "Jane", "billing_address": nil, "tax_id": nil,
                        "oauth_accounts": .object([]), "default_payment_method_id": nil, "type": "individual", "locale": "fr",
                    ]))
            let anonymous = try await api.request(.get, Self.me, token: .some(nil))
            #expect(anonymous.json == .object(["error": "Unauthorized", "detail": "Unauthorized"]))
            #expect(anonymous.headers[.wwwAuthenticate] == #"Bearer realm="polar""#)
            let organization = try await api.request(.get, Self.me)
            #expect(organization.status == .unauthorized)
            #expect(organization.json["error"] == "Unauthorized")
            let slash = try await api.request(.get, Self.me + "/", token: token)
            #expect(slash.status == .temporaryRedirect)
            #expect(slash.headers[.location] == Self.me)
        }
    }

    @Test("billing name, address and tax id: set, trimmed, cleared; email, name and locale ignored")
    func update() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (customer, token) = try await api.signIn()
            let id = try #require(customer["id"]?.stringValue)
            let updated = try await api.request(
                .patch, Self.me,
                json: #"{"billing_name":"  Jane Co ","billing_address":{"country":"fr","city":"Paris"},"tax_id":" FR40303265045 ","email":"x@example.com","name":"X","locale":"de"}"#,
                token: token)
            #expect(updated.status == .ok, "\(updated.text)")
            #expect(updated.json["billing_name"] == "Jane Co")
            #expect(updated.json["billing_address"]?["country"] == "FR")
            #expect(updated.json["tax_id"] == ["FR40303265045", "eu_vat"])
            #expect(updated.json["email"] == "portal@example.com")
            #expect(updated.json["name"] == "Jane")
            #expect(updated.json["locale"] == .null)
            #expect(updated.json["modified_at"] != .null)
            // The organization sees the same change.
            let seen = try await api.request(.get, "/v1/customers/\(id)")
            #expect(seen.json["billing_name"] == "Jane Co")
            #expect(seen.json["tax_id"] == ["FR40303265045", "eu_vat"])

            let blank = try await api.request(.patch, Self.me, json: #"{"billing_name":"   ","tax_id":""}"#, token: token)
            #expect(blank.json["billing_name"] == "Jane Co")
            #expect(blank.json["tax_id"] == .null)

            let modifiedAt = blank.json["modified_at"]
            let nothing = try await api.request(.patch, Self.me, json: "{}", token: token)
            #expect(nothing.status == .ok)
            #expect(nothing.json["modified_at"] == modifiedAt)
        }
    }

    @Test("Polar's business 422s, one at a time, and nothing written on failure")
    func rules() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (_, token) = try await api.signIn()
            func detail(_ json: String) async throws -> JSONValue? {
                let response = try await api.request(.patch, Self.me, json: json, token: token)
                #expect(response.status == .unprocessableContent, "\(response.text)")
                #expect(response.json["error"] == "PolarRequestValidationError")
                return response.json["detail"]
            }
            #expect(
                try await detail(#"{"billing_address":null}"#)
                    == [
                        .object([
                            "type": "missing", "loc": ["body", "billing_address"],
                            "msg": "Customer billing address cannot be reset to null once set.", "input": nil,
                        ])
                    ])
            #expect(
                try await detail(#"{"default_payment_method_id":null}"#)
                    == [
                        .object([
                            "type": "missing", "loc": ["body", "default_payment_method_id"],
                            "msg": "Default payment method cannot be reset to null.", "input": nil,
                        ])
                    ])
            let unknown = UUID().uuidString.lowercased()
            #expect(
                try await detail(#"{"default_payment_method_id":"\#(unknown)"}"#)
                    == [
                        .object([
                            "type": "invalid", "loc": ["body", "default_payment_method_id"], "msg": "Payment method not found.",
                            "input": .string(unknown),
                        ])
                    ])
            #expect(
                try await detail(#"{"tax_id":"FR40303265045"}"#)
                    == [
                        .object([
                            "type": "missing", "loc": ["body", "billing_address"], "msg": "Country is required to validate tax ID.",
                            "input": nil,
                        ])
                    ])
            // The first failure wins, and the billing name before it is not kept.
            let first = try await detail(#"{"billing_name":"Kept?","billing_address":null,"default_payment_method_id":null}"#)
            #expect(first?.arrayValue.count == 1)
            #expect(first?.arrayValue.first?["loc"] == ["body", "billing_address"])
            #expect(try await api.request(.get, Self.me, token: token).json["billing_name"] == "Jane")

            // A new address re-validates the stored tax id, echoing it.
            let french = try await api.request(
                .patch, Self.me, json: #"{"billing_address":{"country":"FR"},"tax_id":"FR40303265045"}"#, token: token)
            #expect(french.status == .ok)
            #expect(
                try await detail(#"{"billing_address":{"country":"GB"}}"#)
                    == [.object(["type": "invalid", "loc": ["body", "tax_id"], "msg": "Invalid tax ID.", "input": "FR40303265045"])])
            #expect(try await api.request(.get, Self.me, token: token).json["billing_address"]?["country"] == "FR")
        }
    }

    @Test("schema errors are RequestValidationError 422s")
    func schema() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let (_, token) = try await api.signIn()
            let notObject = try await api.request(.patch, Self.me, json: "[]", token: token)
            #expect(notObject.json["detail"]?.arrayValue.first?["type"] == "model_attributes_type")
            let badID = try await api.request(.patch, Self.me, json: #"{"default_payment_method_id":"nope"}"#, token: token)
            #expect(badID.json["error"] == "RequestValidationError")
            #expect(badID.json["detail"]?.arrayValue.first?["type"] == "uuid_parsing")
            let badCountry = try await api.request(.patch, Self.me, json: #"{"billing_address":{"country":"XX"}}"#, token: token)
            #expect(badCountry.status == .unprocessableContent)
            #expect(badCountry.json["error"] == "RequestValidationError")
        }
    }
}
