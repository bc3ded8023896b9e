import Foundation
import PolarModels
import Testing

@Suite("The portal's benefit grants and organization page")
struct PortalBenefitGrantTests {
    @Test("a customer sees its live grants of public benefits, as Polar's CustomerBenefitGrant")
    func grants() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            // The catalogue's feature flag is private (Polar's default for flags), its credit public.
            let catalog = try await SubscriptionTests.catalog(api)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com","name":"Ada"}"#)["id"]?.stringValue)
            let bob = try #require(try await api.createCustomer(#"{"email":"bob@example.com"}"#)["id"]?.stringValue)
            let pro = try #require(try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)["id"]?.stringValue)
            _ = try await SubscriptionTests.subscribe(api, customer: bob, to: catalog.product)
            let token = try await PortalSubscriptionTests.session(api, ada)

            let list = try await api.request(.get, "/v1/customer-portal/benefit-grants/", token: token)
            #expect(list.status == .ok, "\(list.text)")
            let items = list.json["items"]?.arrayValue ?? []
            #expect(items.compactMap { $0["benefit_id"]?.stringValue } == [catalog.credit])
            let grant = try #require(items.first)
            #expect(
                grant.keys == [
                    "created_at", "modified_at", "id", "granted_at", "revoked_at", "customer_id", "member_id", "benefit_id", "subscription_id",
                    "order_id", "is_granted", "is_revoked", "error", "customer", "benefit", "properties",
                ])
            #expect(grant["subscription_id"] == .string(pro))
            #expect(grant["customer"] == (try await api.request(.get, "/v1/customer-portal/customers/me", token: token).json))
            #expect(
                grant["benefit"]?.keys == [
                    "id", "created_at", "modified_at", "type", "description", "selectable", "deletable", "is_deleted", "organization_id",
                    "organization", "properties",
                ])
            #expect(grant["benefit"]?["properties"] == .object(["units": 100, "rollover": false, "meter_id": .string(catalog.meter)]))
            #expect(grant["benefit"]?["organization"]?["slug"] == "acme")
            #expect(grant["benefit"]?["organization"]?["customer_portal_settings"] == nil)
            // The portal shows what the grant recorded.
            #expect(grant["properties"]?["last_credited_units"] == 100)
            let id = try #require(grant["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/customer-portal/benefit-grants/\(id)", token: token).json == grant)

            func listed(_ query: String) async throws -> Int {
                let response = try await api.request(.get, "/v1/customer-portal/benefit-grants/?\(query)", token: token)
                #expect(response.status == .ok, "\(query): \(response.text)")
                return response.json["items"]?.arrayValue.count ?? -1
            }
            #expect(try await listed("type=meter_credit") == 1)
            #expect(try await listed("type=custom") == 0)
            #expect(try await listed("query=100%") == 1)
            #expect(try await listed("query=calls%20extra") == 0)
            #expect(try await listed("subscription_id=\(pro)&sorting=-granted_at&sorting=type") == 1)
            #expect(try await listed("order_id=\(UUID().uuidString.lowercased())") == 0)
            #expect(try await api.request(.get, "/v1/customer-portal/benefit-grants/?type=coupon", token: token).status == .unprocessableContent)

            // A matching update changes nothing; another kind is refused; a bad tag is pydantic's.
            let same = try await api.request(.patch, "/v1/customer-portal/benefit-grants/\(id)", json: #"{"benefit_type":"meter_credit"}"#, token: token)
            #expect(same.status == .ok)
            #expect(same.json == grant)
            let other = try await api.request(
                .patch, "/v1/customer-portal/benefit-grants/\(id)", json: #"{"benefit_type":"discord","properties":{"account_id":null}}"#, token: token)
            #expect(
                other.json == .object([
                    "error": "PolarRequestValidationError",
                    "detail": [
                        .object([
                            "type": "value_error", "loc": ["body", "benefit_type"], "msg": "Benefit type must match the existing granted benefit type.",
                            "input": "discord",
                        ])
                    ],
                ]))
            let missing = try await api.request(.patch, "/v1/customer-portal/benefit-grants/\(id)", json: #"{"benefit_type":"discord"}"#, token: token)
            #expect(missing.json["detail"]?.arrayValue.first?["loc"] == ["body", "discord", "properties"])
            #expect(try await api.request(.patch, "/v1/customer-portal/benefit-grants/\(id)", json: #"{}"#, token: token).json["detail"]?
                .arrayValue.first?["type"] == "union_tag_not_found")

            // Not Bob's; gone once revoked; no customer, no grants.
            let bobsToken = try await PortalSubscriptionTests.session(api, bob)
            #expect(try await api.request(.get, "/v1/customer-portal/benefit-grants/\(id)", token: bobsToken).status == .notFound)
            #expect(try await api.request(.delete, "/v1/subscriptions/\(pro)").status == .ok)
            #expect(try await api.request(.get, "/v1/customer-portal/benefit-grants/\(id)", token: token).status == .notFound)
            #expect(try await listed("") == 0)
            #expect(try await api.request(.get, "/v1/customer-portal/benefit-grants/").status == .unauthorized)
        }
    }

    @Test("the organization's public page: the organization as customers see it, and its public products")
    func organization() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            _ = try await ProductTests.product(api, #"{"name":"Hidden","visibility":"private","prices":[{"amount_type":"fixed","price_amount":500}]}"#)
            let page = try await api.request(.get, "/v1/customer-portal/organizations/acme", token: .some(nil))
            #expect(page.status == .ok, "\(page.text)")
            #expect(page.json.keys == ["organization", "products"])
            let organization = try await api.request(.get, "/v1/organizations/\(server.organizationID.lowercased)").json
            #expect(page.json["organization"]?["id"] == organization["id"])
            #expect(page.json["organization"]?["allow_customer_updates"] == true)
            #expect(page.json["organization"]?["organization_features"] != nil)
            let products = page.json["products"]?.arrayValue ?? []
            #expect(products.compactMap { $0["id"]?.stringValue } == [catalog.product])
            #expect(products.first?["organization"] == nil)
            #expect(products.first?["metadata"] == nil)
            #expect(products.first?["benefits"]?.arrayValue.compactMap { $0["id"]?.stringValue } == [catalog.credit])
            let missing = try await api.request(.get, "/v1/customer-portal/organizations/nope", token: .some(nil))
            #expect(missing.status == .notFound)
            #expect(missing.json == .object(["error": "ResourceNotFound", "detail": "Not found"]))
            #expect(try await api.request(.get, "/v1/customer-portal/organizations/acme", token: "polar_cst_nope").status == .unauthorized)
        }
    }
}

extension PortalBenefitGrantTests {
    @Test("polar-sdk 1.x and 0.32 read the portal's grants and the organization's page into their own types")
    func polarSDKs() async throws {
        let server = try await TestServer.make()
        try await server.test(.live) { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            _ = try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)
            let token = try await PortalSubscriptionTests.session(api, ada)
            let port = try #require(api.client.port)
            for (generation, python) in [("1.x", try await PythonTools.python()), ("0.32", try await PythonTools.python032())] {
                let run = try await PythonTools.run(python, ["Tests/Compatibility/portal_grants.py", "http://127.0.0.1:\(port)", token, "acme"])
                #expect(run.status == 0, "\(generation): \(run.output.suffix(3000))")
                let read = run.output.split(separator: "\n").last.flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? .null
                #expect(read["grants"] == [["meter_credit", "100 calls", true]], "\(generation)")
                #expect(read["get"] == true, "\(generation)")
                #expect(read["updated"] == true, "\(generation)")
                #expect(read["organization"] == "acme", "\(generation)")
                #expect(read["products"] == ["Pro"], "\(generation)")
            }
        }
    }
}
