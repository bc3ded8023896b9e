import Foundation
import PolarModels
import Testing

@Suite("POST /v1/customers/")
struct CustomerCreateTests {
    @Test("creates an individual with Polar's normalisations and every key present")
    func createIndividual() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let response = try await api.request(
                .post, "/v1/customers/",
                json: """
                    {"email":" Jane.Doe@Example.com ","name":"Jane","external_id":" usr_1 ","metadata":{"plan":"pro","seats":3,"vip":true,"ratio":2.0},
                     "billing_address":{"country":"us","state":"CA","line1":"1 Main","line2":""}}
                    """)
            #expect(response.status == .created)
            let customer = response.json
            #expect(
                customer.keys == [
                    "id", "created_at", "modified_at", "metadata", "external_id", "email", "email_verified", "type", "name",
                    "billing_name", "billing_address", "tax_id", "locale", "organization_id", "default_payment_method_id",
                    "deleted_at", "first_user_event_at", "avatar_url",
                ])
            #expect(customer["email"] == "Jane.Doe@example.com")
            #expect(customer["external_id"] == "usr_1")
            #expect(customer["type"] == "individual")
            #expect(customer["billing_name"] == "Jane")
            #expect(customer["modified_at"] == .null)
            #expect(customer["email_verified"] == false)
            #expect(customer["tax_id"] == .null)
            #expect(customer["deleted_at"] == .null)
            #expect(customer["organization_id"] == .string(server.organizationID.lowercased))
            #expect(
                customer["billing_address"]
                    == .object([
                        "line1": "1 Main", "line2": .null, "postal_code": .null, "city": .null, "state": "US-CA",
                        "country": "US",
                    ]))
            #expect(customer["metadata"] == .object(["vip": true, "plan": "pro", "ratio": .number(2.0), "seats": 3]))
            #expect(response.text.contains(#""ratio":2.0"#))
            #expect(customer["avatar_url"]?.stringValue?.hasPrefix("https://www.gravatar.com/avatar/") == true)
            let createdAt = try #require(customer["created_at"]?.stringValue)
            #expect(createdAt.hasSuffix("Z") && PolarTimestamp.parseMicroseconds(createdAt) != nil)

            // Reading it back gives the same JSON, floats included.
            let id = try #require(customer["id"]?.stringValue)
            let fetched = try await api.request(.get, "/v1/customers/\(id)")
            #expect(fetched.status == .ok)
            #expect(fetched.json == customer)
        }
    }

    @Test("a team may omit its email when it names an owner, and is typed team")
    func createTeam() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let team = try await api.createCustomer(
                #"{"type":"team","name":"Acme","owner":{"email":"owner@acme.io","name":"Olivia"}}"#)
            #expect(team["type"] == "team")
            #expect(team["email"] == .null)
            // The owner member exists only when the organization enables Polar's member model.
            #expect(team["avatar_url"] == .null)

            let response = try await api.request(.post, "/v1/customers/", json: #"{"type":"team","name":"No owner"}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.json["error"] == "RequestValidationError")
            let detail = response.json["detail"]?.arrayValue.first
            #expect(detail?["type"] == "value_error")
            #expect(detail?["loc"] == ["body", "team"])
            #expect(
                detail?["msg"]
                    == "Value error, An owner with an email address is required when creating a team customer without an email.")
        }
    }

    @Test("duplicate email (any case) and external id are reported together as Polar's business 422")
    func duplicates() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            _ = try await api.createCustomer(#"{"email":"jane@example.com","external_id":"usr_1"}"#)
            let response = try await api.request(
                .post, "/v1/customers/", json: #"{"email":"JANE@example.com","external_id":"usr_1"}"#)
            #expect(response.status == .unprocessableContent)
            #expect(
                response.json
                    == .object([
                        "error": "PolarRequestValidationError",
                        "detail": [
                            .object([
                                "type": "value_error", "loc": ["body", "email"],
                                "msg": "A customer with this email address already exists.", "input": "JANE@example.com",
                            ]),
                            .object([
                                "type": "value_error", "loc": ["body", "external_id"],
                                "msg": "A customer with this external ID already exists.", "input": "usr_1",
                            ]),
                        ],
                    ]))
            // Nothing was written.
            let list = try await api.request(.get, "/v1/customers/")
            #expect(list.json["pagination"]?["total_count"] == 1)
        }
    }

    @Test("schema errors carry the union tag in loc and are all reported at once")
    func schemaErrors() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let response = try await api.request(
                .post, "/v1/customers/",
                json: #"{"name":"\#(String(repeating: "x", count: 257))","metadata":{"k":null},"locale":""}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.json["error"] == "RequestValidationError")
            let detail = response.json["detail"]?.arrayValue ?? []
            #expect(
                detail.map { $0["loc"]! } == [
                    ["body", "individual", "metadata", "k", "constrained-str"],
                    ["body", "individual", "metadata", "k", "int"],
                    ["body", "individual", "metadata", "k", "float"],
                    ["body", "individual", "metadata", "k", "bool"],
                    ["body", "individual", "name"],
                    ["body", "individual", "locale"],
                    ["body", "individual", "email"],
                ])
            #expect(detail[4]["type"] == "string_too_long")
            #expect(detail[4]["ctx"] == .object(["max_length": 256]))
            #expect(detail[6]["type"] == "missing")
            #expect(detail[6]["msg"] == "Field required")
            // pydantic echoes the whole body as the input of a missing field.
            #expect(detail[6]["input"]?["locale"] == "")
        }
    }

    @Test("unknown type, missing body and malformed JSON are 422s with Polar's shapes")
    func badBodies() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let tag = try await api.request(.post, "/v1/customers/", json: #"{"type":"foo","email":"a@b.co"}"#)
            #expect(tag.status == .unprocessableContent)
            #expect(tag.json["detail"]?.arrayValue.first?["type"] == "union_tag_invalid")
            #expect(
                tag.json["detail"]?.arrayValue.first?["msg"]
                    == "Input tag 'foo' found using _customer_create_type() does not match any of the expected tags: 'individual', 'team'")

            let empty = try await api.request(.post, "/v1/customers/", json: "")
            #expect(
                empty.json
                    == .object([
                        "error": "RequestValidationError",
                        "detail": [.object(["type": "missing", "loc": ["body"], "msg": "Field required", "input": .null])],
                    ]))

            let malformed = try await api.request(.post, "/v1/customers/", json: #"{"email": "x@y.com",}"#)
            #expect(
                malformed.json["detail"]
                    == [
                        .object([
                            "type": "json_invalid", "loc": ["body", 19], "msg": "JSON decode error", "input": .object([]),
                            "ctx": .object(["error": "Illegal trailing comma before end of object"]),
                        ])
                    ])
            // A JSON null is no body at all, as FastAPI reads it.
            let null = try await api.request(.post, "/v1/customers/", json: "null")
            #expect(null.json["detail"] == [.object(["type": "missing", "loc": ["body"], "msg": "Field required", "input": .null])])
        }
    }

    @Test("an organization token may not name an organization, not even its own")
    func organizationIDWithToken() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let id = server.organizationID.lowercased
            let response = try await api.request(.post, "/v1/customers/", json: #"{"email":"a@example.com","organization_id":"\#(id)"}"#)
            #expect(response.status == .unprocessableContent)
            #expect(
                response.json
                    == .object([
                        "error": "PolarRequestValidationError",
                        "detail": [
                            .object([
                                "type": "organization_token", "loc": ["body", "organization_id"],
                                "msg": "Setting organization_id is disallowed when using an organization token.",
                                "input": .string(id),
                            ])
                        ],
                    ]))
        }
    }
}

