import Foundation
import PolarModels

/// Reading and updating the caller's own organization. An organization token sees only its
/// organization: any other id is Polar's 404.
struct OrganizationService: Sendable {
    let database: Database
    let store: OrganizationStore
    /// What the portal's organization page offers.
    let products: ProductStore
    let webhooks: WebhookOutbox
    /// What "now" is.
    let clock: ServerClock

    /// The portal's public page of an organization (Polar's `CustomerOrganizationData`): the
    /// organization as customers see it, and its public products on sale.
    func portal(slug: String) async throws -> JSONValue {
        guard let organization = try await store.find(slug: slug) else { throw APIError.notFound }
        var filter = ProductFilter()
        filter.isArchived = false
        filter.visibility = ["public"]
        filter.sorting = [.createdAt]
        let (products, _) = try await products.list(organizationID: organization.id, filter: filter, page: 1, limit: 10_000)
        return .object([
            .init("organization", organization.customerWire), .init("products", .array(products.map { $0.customerWire() })),
        ])
    }

    func get(_ id: UUID, access: OrganizationAccess) async throws -> Organization {
        guard id == access.organizationID, let organization = try await store.find(id: id) else { throw APIError.notFound }
        return organization
    }

    func update(_ id: UUID, with patch: OrganizationPatchInput, access: OrganizationAccess) async throws -> Organization {
        guard id == access.organizationID else { throw APIError.notFound }
        return try await database.transaction { [store, webhooks] db in
            guard var organization = try await store.find(id: id, forUpdate: true, on: db) else { throw APIError.notFound }
            let original = organization
            if let name = patch.name { organization.name = name }
            if let settings = patch.customerPortalSettings { organization.customerPortalSettings = settings }
            if organization != original {
                organization.modifiedAt = clock.now()
                try await store.update(organization, on: db)
            }
            // Polar announces every update, a no-op included.
            try await webhooks.publish(
                "organization.updated", data: organization.wire, organizationID: id, on: db)
            return organization
        }
    }
}
