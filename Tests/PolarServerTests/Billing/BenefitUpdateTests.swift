import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("PATCH and DELETE /v1/benefits/{id}")
struct BenefitUpdateTests {
    @Test("an update replaces what it sends, keeps the type, and leaves existing grants as they are")
    func update() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            _ = try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)
            let path = "/v1/benefits/\(catalog.credit)"
            let before = try await api.request(.get, path).json
            #expect(before["modified_at"] == .null)

            let patched = try await api.request(
                .patch, path,
                json: #"{"type":"meter_credit","description":"250 calls","metadata":{"tier":"gold"},"visibility":"private","properties":{"units":250,"rollover":true,"meter_id":"\#(catalog.meter)"}}"#)
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(patched.json["description"] == "250 calls")
            #expect(patched.json["metadata"] == .object(["tier": "gold"]))
            #expect(patched.json["visibility"] == "private")
            #expect(patched.json["properties"] == .object(["units": 250, "rollover": true, "meter_id": .string(catalog.meter)]))
            #expect(patched.json["modified_at"] != .null)
            #expect(patched.json["created_at"] == before["created_at"])
            #expect(patched.json.keys == before.keys)
            #expect(try await api.request(.get, path).json == patched.json)
            // Polar's strategies leave the grant alone: the 100 units credited stay until the next period.
            let state = try await api.request(.get, "/v1/customers/\(ada)/state").json
            #expect(state["active_meters"]?.arrayValue.first?["credited_units"] == 100)

            // Only what is sent changes; `null` visibility is the type's default; an unchanged
            // body keeps modified_at.
            let partial = try await api.request(.patch, path, json: #"{"type":"meter_credit","visibility":null}"#)
            #expect(partial.json["visibility"] == "public")
            #expect(partial.json["description"] == "250 calls")
            let again = try await api.request(.patch, path, json: #"{"type":"meter_credit","description":"250 calls"}"#)
            #expect(again.status == .ok)
            #expect(again.json["modified_at"] == partial.json["modified_at"])
            let flag = try await api.request(.patch, "/v1/benefits/\(catalog.flag)", json: #"{"type":"feature_flag","visibility":null,"properties":{"x":1}}"#)
            #expect(flag.json["visibility"] == "private")
            #expect(flag.json["properties"] == .object([]))
            let custom = try await api.request(.post, "/v1/benefits/", json: #"{"type":"custom","description":"Support","properties":{"note":"hi"}}"#)
            let customID = try #require(custom.json["id"]?.stringValue)
            let note = try await api.request(.patch, "/v1/benefits/\(customID)", json: #"{"type":"custom","properties":{"note":null}}"#)
            #expect(note.json["properties"] == .object(["note": .null]))
            #expect(note.json["is_tax_applicable"] == true)
        }
    }

    @Test("Polar's refusals: another type, the union's errors, an unknown meter, other organizations and scopes")
    func refusals() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let path = "/v1/benefits/\(catalog.flag)"
            let retyped = try await api.request(.patch, path, json: #"{"type":"custom","description":"Now custom"}"#)
            #expect(retyped.status == .unprocessableContent)
            #expect(
                retyped.json == .object([
                    "error": "PolarRequestValidationError",
                    "detail": [.object(["type": "value_error", "loc": ["body", "type"], "msg": "Benefit type cannot be changed.", "input": "feature_flag"])],
                ]))
            // A kind this server never grants is still that kind: the same refusal.
            let discord = try await api.request(.patch, path, json: #"{"type":"discord"}"#)
            #expect(discord.json["detail"]?.arrayValue.first?["msg"] == "Benefit type cannot be changed.")

            // No member takes the body: every member's errors, in the union's order.
            let short = try await api.request(.patch, path, json: #"{"type":"feature_flag","description":"ab"}"#)
            #expect(short.status == .unprocessableContent)
            #expect(short.json["error"] == "RequestValidationError")
            let detail = short.json["detail"]?.arrayValue ?? []
            #expect(detail.count == 15)
            #expect(detail.first?["loc"] == ["body", "BenefitCustomUpdate", "description"])
            #expect(detail.first?["type"] == "string_too_short")
            #expect(detail[1]["loc"] == ["body", "BenefitCustomUpdate", "type"])
            #expect(detail[1]["msg"] == "Input should be <BenefitType.custom: 'custom'>")
            #expect(detail[1]["ctx"] == .object(["expected": "<BenefitType.custom: 'custom'>"]))
            let members: [String] = detail.compactMap { error in error["loc"]?.arrayValue.dropFirst().first?.stringValue }
            #expect(members.filter { $0 == "BenefitFeatureFlagUpdate" } == ["BenefitFeatureFlagUpdate"])
            #expect(detail.last?["loc"] == ["body", "BenefitSlackSharedChannelUpdate", "type"])

            let missingType = try await api.request(.patch, path, json: #"{"description":"Pro features"}"#)
            #expect(missingType.json["detail"]?.arrayValue.count == 8)
            #expect(missingType.json["detail"]?.arrayValue.first?["type"] == "missing")

            let credit = "/v1/benefits/\(catalog.credit)"
            let unknown = UUID().uuidString.lowercased()
            let noMeter = try await api.request(
                .patch, credit, json: #"{"type":"meter_credit","properties":{"units":5,"rollover":false,"meter_id":"\#(unknown)"}}"#)
            #expect(
                noMeter.json == .object([
                    "error": "BenefitPropertiesValidationError",
                    "detail": [
                        .object(["type": "value_error", "loc": ["body", "properties", "meter_id"], "msg": "This meter does not exist.", "input": .string(unknown)])
                    ],
                ]))
            #expect(try await api.request(.get, credit).json["properties"]?["units"] == 100)

            let other = try await server.otherOrganization()
            let theirs = try await api.request(.patch, path, json: #"{"type":"feature_flag","description":"Mine now"}"#, token: other.token)
            #expect(theirs.status == .notFound)
            #expect(theirs.json == .object(["error": "ResourceNotFound", "detail": "Not found"]))
            #expect(try await api.request(.delete, path, token: other.token).status == .notFound)
            #expect(try await api.request(.patch, path, json: #"{"type":"feature_flag"}"#, token: server.readToken).status == .forbidden)
            #expect(try await api.request(.delete, path, token: server.readToken).status == .forbidden)
            #expect(try await api.request(.get, path).json["description"] == "Pro features")
        }
    }

    @Test("a delete hides the benefit, takes it off its products and revokes its grants with their credits")
    func delete() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            let subscribed = try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)
            let path = "/v1/benefits/\(catalog.credit)"

            let deleted = try await api.request(.delete, path)
            #expect(deleted.status == .noContent)
            #expect(deleted.text.isEmpty)
            #expect(try await api.request(.get, path).status == .notFound)
            #expect(try await api.request(.delete, path).status == .notFound)
            #expect(try await api.request(.patch, path, json: #"{"type":"meter_credit"}"#).status == .notFound)
            let listed = try await api.request(.get, "/v1/benefits/").json["items"]?.arrayValue.compactMap { $0["id"]?.stringValue }
            #expect(listed == [catalog.flag])
            let product = try await api.request(.get, "/v1/products/\(catalog.product)").json
            #expect(product["benefits"]?.arrayValue.compactMap { $0["id"]?.stringValue } == [catalog.flag])

            let state = try await api.request(.get, "/v1/customers/\(ada)/state").json
            #expect(state["granted_benefits"]?.arrayValue.compactMap { $0["benefit_id"]?.stringValue } == [catalog.flag])
            #expect(state["active_meters"]?.arrayValue.first?["credited_units"] == 0)
            // The credits come back out; Polar records no benefit.revoked for a deleted benefit's grants.
            let system = try await api.request(.get, "/v1/events/?source=system&limit=100").json["items"]?.arrayValue ?? []
            #expect(system.contains { $0["name"] == "meter.credited" && $0["metadata"]?["units"] == -100 })
            #expect(!system.contains { $0["name"] == "benefit.revoked" })
            // The subscription goes on with its other benefit.
            #expect(try await api.request(.get, "/v1/subscriptions/\(subscribed["id"]?.stringValue ?? "")").json["status"] == "active")
        }
    }

    @Test("webhooks: benefit.updated for an update (its modified_at as before, as Polar sends it) and for a delete")
    func webhooks() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let server = try await TestServer.make()
        try await server.test(.live, configure: WebhookDeliveryTests.configure) { api in
            _ = try await WebhookDeliveryTests.subscribe(api, receiver, events: ["benefit.updated", "benefit_grant.revoked", "product.updated"])
            let catalog = try await SubscriptionTests.catalog(api)
            let ada = try #require(try await api.createCustomer(#"{"email":"ada@example.com"}"#)["id"]?.stringValue)
            _ = try await SubscriptionTests.subscribe(api, customer: ada, to: catalog.product)
            let seen = try await receiver.wait(for: 1).count  // the product's benefits
            let updated = try await api.request(.patch, "/v1/benefits/\(catalog.flag)", json: #"{"type":"feature_flag","description":"Pro+ features"}"#)
            #expect(updated.status == .ok)
            let update = try #require(try await receiver.wait(for: seen + 1).last?.json)
            #expect(update["type"] == "benefit.updated")
            #expect(update["data"]?["description"] == "Pro+ features")
            #expect(update["data"]?["modified_at"] == .null)
            #expect(updated.json["modified_at"] != .null)

            #expect(try await api.request(.delete, "/v1/benefits/\(catalog.flag)").status == .noContent)
            let after = try await receiver.wait(for: seen + 3).dropFirst(seen + 1).map(\.json)
            #expect(after.compactMap { $0["type"]?.stringValue } == ["benefit.updated", "benefit_grant.revoked"])
            #expect(after.first?["data"]?["is_deleted"] == true)
            #expect(after.first?["data"]?["modified_at"] != .null)
            #expect(after.last?["data"]?["benefit_id"] == .string(catalog.flag))
        }
    }
}

extension BenefitUpdateTests {
    @Test("polar-sdk 1.x and 0.32 update a benefit, are refused a change of type, and delete one")
    func polarSDKs() async throws {
        for (generation, python) in [("1.x", try await PythonTools.python()), ("0.32", try await PythonTools.python032())] {
            let server = try await TestServer.make()
            try await server.test(.live) { api in
                let catalog = try await SubscriptionTests.catalog(api)
                let port = try #require(api.client.port)
                let run = try await PythonTools.run(
                    python,
                    ["Tests/Compatibility/update_benefits.py", "http://127.0.0.1:\(port)", api.token, catalog.credit, catalog.flag, catalog.meter])
                #expect(run.status == 0, "\(generation): \(run.output.suffix(3000))")
                let read = run.output.split(separator: "\n").last.flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? .null
                #expect(read["credit"] == ["250 calls", 250, true, true], "\(generation)")
                #expect(read["refused"] == "HTTPValidationError", "\(generation)")
                #expect(read["gone"] == true, "\(generation)")
            }
        }
    }
}
