import Foundation
import Polar
import Testing

@Suite("Webhooks API against the live server")
struct WebhooksIntegrationTests {
    @Test("create, get, list, update, reset the secret, list deliveries and delete an endpoint")
    func endpoints() async throws {
        let server = try await LiveServer.make()
        try await server.run { polar in
            let created = try await polar.webhooks.createEndpoint(
                WebhookEndpointCreate(url: "http://localhost:9/hooks", name: "App", events: ["customer.created"]))
            #expect(created.secret.hasPrefix("whsec_"))
            #expect(created.apiVersion == "2026-04")
            #expect(created.usesStandardWebhookSignature == false)
            #expect(try await polar.webhooks.getEndpoint(id: created.id) == created)
            #expect(try await polar.webhooks.listEndpoints().items == [created])
            var all: [WebhookEndpoint] = []
            for try await endpoint in polar.webhooks.allEndpoints() { all.append(endpoint) }
            #expect(all == [created])

            let updated = try await polar.webhooks.updateEndpoint(
                id: created.id, WebhookEndpointUpdate(events: ["customer.created", "customer.state_changed"], enabled: false))
            #expect(updated.events == ["customer.created", "customer.state_changed"])
            #expect(updated.enabled == false)
            #expect(updated.name == "App")
            let reset = try await polar.webhooks.resetSecret(id: created.id)
            #expect(reset.secret != created.secret)
            #expect(try await polar.webhooks.listDeliveries(endpointIDs: [created.id]).items.isEmpty)

            do {
                try await polar.webhooks.redeliver(eventID: UUID())
                Issue.record("an unknown event redelivered")
            } catch {
                guard (error as? PolarError)?.code == .notFound else { throw error }
            }
            try await polar.webhooks.deleteEndpoint(id: created.id)
            do {
                _ = try await polar.webhooks.getEndpoint(id: created.id)
                Issue.record("a deleted endpoint was found")
            } catch {
                guard (error as? PolarError)?.code == .notFound else { throw error }
            }
        }
    }

    @Test("a URL Polar refuses is a typed validation error")
    func validation() async throws {
        let server = try await LiveServer.make()
        try await server.run { polar in
            do {
                _ = try await polar.webhooks.createEndpoint(WebhookEndpointCreate(url: "ftp://example.com", events: ["nope"]))
                Issue.record("created an endpoint with a bad URL")
            } catch {
                guard let polar = error as? PolarError, polar.code == .validation, let body = polar.validation else { throw error }
                #expect(body.detail.map(\.type) == ["url_scheme", "enum"])
            }
        }
    }
}
