import Foundation
import PolarModels
import Testing

@Suite("GET and PATCH /v1/customers/{id} and /external/{external_id}")
struct CustomerUpdateTests {
    @Test("gets by id and by exact external id; unknown ids are Polar's 404, bad ids a 422")
    func get() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let created = try await api.createCustomer(#"{"email":"a@example.com","external_id":"Ext-1"}"#)
            let id = try #require(created["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/customers/\(id)").json == created)
            #expect(try await api.request(.get, "/v1/customers/external/Ext-1").json == created)
            let caseMismatch = try await api.request(.get, "/v1/customers/external/ext-1")
            #expect(caseMismatch.status == .notFound)
            #expect(caseMismatch.json == .object(["error": "ResourceNotFound", "detail": "Not found"]))
            let unknown = try await api.request(.get, "/v1/customers/\(UUID().uuidString.lowercased())")
            #expect(unknown.status == .notFound)
            let version1 = try await api.request(.get, "/v1/customers/123e4567-e89b-12d3-a456-426614174000")
            #expect(
                version1.json["detail"]
                    == [
                        .object([
                            "type": "uuid_version", "loc": ["path", "id"], "msg": "UUID version 4 expected",
                            "input": "123e4567-e89b-12d3-a456-426614174000", "ctx": .object(["expected_version": 4]),
                        ])
                    ])
        }
    }

    @Test("updates fields, replaces metadata, and sets modified_at only on a real change")
    func update() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let created = try await api.createCustomer(
                #"{"email":"a@example.com","name":"Ann","locale":"en_US","metadata":{"a":"1","b":2}}"#)
            let id = try #require(created["id"]?.stringValue)
            #expect(created["locale"] == "en-US")

            let unchanged = try await api.request(.patch, "/v1/customers/\(id)", json: "{}")
            #expect(unchanged.status == .ok)
            #expect(unchanged.json == created)

            let updated = try await api.request(
                .patch, "/v1/customers/\(id)", json: #"{"name":"  ","metadata":{"c":true},"locale":null,"billing_name":"ignored"}"#)
            #expect(updated.status == .ok)
            #expect(updated.json["name"] == .null)
            #expect(updated.json["billing_name"] == .null)
            #expect(updated.json["metadata"] == .object(["c": true]))
            #expect(updated.json["locale"] == .null)
            #expect(updated.json["modified_at"]?.stringValue != nil)
        }
    }

    @Test("email: case-only changes are ignored, null is ignored, a real change resets verification")
    func email() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let created = try await api.createCustomer(#"{"email":"Ann@example.com"}"#)
            _ = try await api.createCustomer(#"{"email":"taken@example.com"}"#)
            let id = try #require(created["id"]?.stringValue)
            #expect(try await api.request(.patch, "/v1/customers/\(id)", json: #"{"email":"ANN@example.com"}"#).json["email"] == "Ann@example.com")
            #expect(try await api.request(.patch, "/v1/customers/\(id)", json: #"{"email":null}"#).json["email"] == "Ann@example.com")
            let taken = try await api.request(.patch, "/v1/customers/\(id)", json: #"{"email":"Taken@example.com"}"#)
            #expect(taken.status == .unprocessableContent)
            #expect(taken.json["error"] == "PolarRequestValidationError")
            #expect(taken.json["detail"]?.arrayValue.first?["loc"] == ["body", "email"])
            let changed = try await api.request(.patch, "/v1/customers/\(id)", json: #"{"email":"new@example.com"}"#)
            #expect(changed.json["email"] == "new@example.com")
            #expect(changed.json["email_verified"] == false)
        }
    }

    @Test("external id is write-once; business errors are collected together")
    func externalID() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let created = try await api.createCustomer(#"{"email":"a@example.com"}"#)
            _ = try await api.createCustomer(#"{"email":"b@example.com","external_id":"used"}"#)
            let id = try #require(created["id"]?.stringValue)
            let duplicate = try await api.request(.patch, "/v1/customers/\(id)", json: #"{"external_id":"used"}"#)
            #expect(duplicate.json["detail"]?.arrayValue.first?["msg"] == "A customer with this external ID already exists.")
            let set = try await api.request(.patch, "/v1/customers/\(id)", json: #"{"external_id":" mine "}"#)
            #expect(set.json["external_id"] == "mine")
            #expect(try await api.request(.patch, "/v1/customers/\(id)", json: #"{"external_id":"mine"}"#).status == .ok)

            let rejected = try await api.request(
                .patch, "/v1/customers/\(id)", json: #"{"external_id":null,"billing_address":null,"type":"team"}"#)
            #expect(rejected.status == .unprocessableContent)
            #expect(
                rejected.json
                    == .object([
                        "error": "PolarRequestValidationError",
                        "detail": [
                            .object([
                                "type": "value_error", "loc": ["body", "billing_address"],
                                "msg": "Customer billing address cannot be reset to null once set.", "input": .null,
                            ]),
                            .object([
                                "type": "value_error", "loc": ["body", "external_id"],
                                "msg": "Customer external ID cannot be updated.", "input": .null,
                            ]),
                        ],
                    ]))
            // Nothing of the rejected request was applied.
            #expect(try await api.request(.get, "/v1/customers/\(id)").json["type"] == "individual")

            // The external-id route ignores external_id and type entirely.
            let viaExternal = try await api.request(
                .patch, "/v1/customers/external/mine", json: #"{"external_id":"other","type":"team","name":"Via external"}"#)
            #expect(viaExternal.status == .ok)
            #expect(viaExternal.json["external_id"] == "mine")
            #expect(viaExternal.json["type"] == "individual")
            #expect(viaExternal.json["name"] == "Via external")
        }
    }

    @Test("type upgrades to team but never downgrades")
    func type() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let created = try await api.createCustomer(#"{"email":"a@example.com"}"#)
            let id = try #require(created["id"]?.stringValue)
            #expect(try await api.request(.patch, "/v1/customers/\(id)", json: #"{"type":"team"}"#).json["type"] == "team")
            let downgrade = try await api.request(.patch, "/v1/customers/\(id)", json: #"{"type":"individual"}"#)
            #expect(
                downgrade.json["detail"]
                    == [
                        .object([
                            "type": "value_error", "loc": ["body", "type"],
                            "msg": "Customer type cannot be downgraded from 'team' to 'individual'.", "input": "individual",
                        ])
                    ])
            let invalid = try await api.request(.patch, "/v1/customers/\(id)", json: #"{"type":"company"}"#)
            #expect(invalid.json["detail"]?.arrayValue.first?["type"] == "enum")
            #expect(invalid.json["error"] == "RequestValidationError")
        }
    }

    @Test("tax ids need a billing country, are validated against it, and re-validated when the address changes")
    func taxID() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let noCountry = try await api.request(.post, "/v1/customers/", json: #"{"email":"a@example.com","tax_id":"FR61954506077"}"#)
            #expect(
                noCountry.json["detail"]
                    == [
                        .object([
                            "type": "missing", "loc": ["body", "billing_address"],
                            "msg": "Country is required to validate tax ID.", "input": .null,
                        ])
                    ])
            let created = try await api.createCustomer(
                #"{"email":"a@example.com","tax_id":"FR 6195 4506 077","billing_address":{"country":"FR"}}"#)
            #expect(created["tax_id"] == ["FR61954506077", "eu_vat"])
            let id = try #require(created["id"]?.stringValue)
            let invalid = try await api.request(.patch, "/v1/customers/\(id)", json: #"{"tax_id":"FR00000000000"}"#)
            #expect(
                invalid.json["detail"]
                    == [.object(["type": "invalid", "loc": ["body", "tax_id"], "msg": "Invalid tax ID.", "input": "FR00000000000"])])
            let moved = try await api.request(.patch, "/v1/customers/\(id)", json: #"{"billing_address":{"country":"US"}}"#)
            #expect(moved.json["detail"]?.arrayValue.first?["input"] == "FR61954506077")
            let cleared = try await api.request(
                .patch, "/v1/customers/\(id)", json: #"{"billing_address":{"country":"US"},"tax_id":null}"#)
            #expect(cleared.status == .ok)
            #expect(cleared.json["tax_id"] == .null)
        }
    }
}
