import Foundation
import PolarModels

/// Polar's webhook endpoints API: endpoints, their deliveries, and redelivery. Every read and
/// write is scoped to the caller's organization; anything else is a 404.
struct WebhookService: Sendable {
    let database: Database
    let store: WebhookStore
    /// Whether new secrets are Standard Webhooks keys (else Polar's original scheme).
    let standardSignatures: Bool
    /// Where endpoints may point.
    let policy: WebhookURLPolicy
    /// What "now" is.
    let clock: ServerClock

    func list(access: OrganizationAccess, organizationIDs: [UUID]?, pages: PageQuery) async throws -> ListResource<WebhookEndpoint> {
        let (items, total) =
            organizationIDs.map { $0.contains(access.organizationID) } ?? true
            ? try await store.listEndpoints(organizationID: access.organizationID, page: pages.page, limit: pages.limit) : ([], 0)
        return ListResource(items: items.map(\.wire), pagination: Pagination(totalCount: total, maxPage: pages.maxPage(total: total)))
    }

    func get(_ id: UUID, access: OrganizationAccess) async throws -> WebhookEndpoint {
        guard let endpoint = try await store.endpoint(id, organizationID: access.organizationID) else { throw APIError.notFound }
        return endpoint.wire
    }

    func create(_ input: WebhookEndpointCreateInput, access: OrganizationAccess) async throws -> WebhookEndpoint {
        if let organizationID = input.organizationID {
            throw APIError.validation(
                [
                    ValidationError(
                        loc: ["body", "organization_id"], msg: "Setting organization_id is disallowed when using an organization token.",
                        type: "organization_token", input: .string(organizationID.lowercased))
                ], kind: .business)
        }
        let endpoint = WebhookEndpointRecord(
            id: UUID(), organizationID: access.organizationID, url: input.url, name: input.name, apiVersion: input.apiVersion,
            format: input.format, secret: input.secret ?? WebhookSignature.newSecret(standard: standardSignatures),
            standardSignature: input.secret == nil && standardSignatures, events: input.events, enabled: true,
            createdAt: clock.now())
        try await database.transaction { [store] db in try await store.insert(endpoint, on: db) }
        return endpoint.wire
    }

    func update(_ id: UUID, with input: WebhookEndpointUpdateInput, access: OrganizationAccess) async throws -> WebhookEndpoint {
        try await change(id, access: access) { endpoint in
            // Re-enabling checks the stored URL (not one sent alongside), as Polar does.
            if input.enabled == true, !endpoint.enabled, !policy.accepts(storedURL: endpoint.url) {
                throw APIError.validation(
                    [
                        ValidationError(
                            loc: ["body", "enabled"], msg: "Cannot enable a webhook endpoint with an invalid URL. Please update the URL first.",
                            type: "value_error", input: true)
                    ], kind: .business)
            }
            if let url = input.url { endpoint.url = url }
            if let name = input.name { endpoint.name = name }
            if let apiVersion = input.apiVersion { endpoint.apiVersion = apiVersion }
            if let format = input.format { endpoint.format = format }
            if let events = input.events { endpoint.events = events }
            if let enabled = input.enabled { endpoint.enabled = enabled }
            if let secret = input.secret { (endpoint.secret, endpoint.standardSignature) = (secret, false) }
        }
    }

    func resetSecret(_ id: UUID, access: OrganizationAccess) async throws -> WebhookEndpoint {
        try await change(id, access: access) { [standardSignatures] endpoint in
            endpoint.secret = WebhookSignature.newSecret(standard: standardSignatures)
            endpoint.standardSignature = standardSignatures
            endpoint.modifiedAt = clock.now()
        }
    }

    func delete(_ id: UUID, access: OrganizationAccess) async throws {
        _ = try await change(id, access: access) { endpoint in endpoint.deletedAt = clock.now() }
    }

    func deliveries(access: OrganizationAccess, filter: WebhookDeliveryFilter, pages: PageQuery) async throws
        -> ListResource<WebhookDelivery>
    {
        let (items, total) = try await store.listDeliveries(
            organizationID: access.organizationID, filter: filter, page: pages.page, limit: pages.limit)
        return ListResource(items: items.map(\.wire), pagination: Pagination(totalCount: total, maxPage: pages.maxPage(total: total)))
    }

    /// Sends an event again, with the same `webhook-id` and body (a new timestamp and signature).
    func redeliver(eventID: UUID, access: OrganizationAccess) async throws {
        try await database.transaction { [store] db in
            guard try await store.event(eventID, organizationID: access.organizationID, on: db) != nil else { throw APIError.notFound }
            try await store.schedule(eventID, now: clock.now(), on: db)
        }
    }

    /// Applies `body` to the caller's live endpoint under a row lock; any change bumps `modified_at`.
    private func change(
        _ id: UUID, access: OrganizationAccess, _ body: @escaping @Sendable (inout WebhookEndpointRecord) throws -> Void
    ) async throws -> WebhookEndpoint {
        try await database.transaction { [store] db in
            guard var endpoint = try await store.endpoint(id, organizationID: access.organizationID, lock: true, on: db) else {
                throw APIError.notFound
            }
            let original = endpoint
            try body(&endpoint)
            guard endpoint != original else { return endpoint.wire }
            endpoint.modifiedAt = clock.now()
            try await store.update(endpoint, on: db)
            return endpoint.wire
        }
    }
}
