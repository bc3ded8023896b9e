import Foundation
import PolarModels
import SQLKit

/// What Polar does after every write to a customer, in the write's transaction: the
/// `customer.created` / `.updated` / `.deleted` webhook (with its `customer.state_changed`),
/// and the system event of the same name that the events list shows.
struct CustomerChanges: Sendable {
    let webhooks: WebhookOutbox
    let events: EventStore
    let clock: ServerClock

    /// Dated at the customer's creation, as Polar dates it.
    func created(_ customer: CustomerRecord, on db: any SQLDatabase) async throws {
        try await webhooks.customerChanged("customer.created", customer, on: db)
        try await record("customer.created", customer, at: customer.createdAt, on: db)
    }

    /// Announced on every write, even one that changed nothing; `updated_fields` holds the new
    /// value of each field Polar reports that did change.
    func updated(_ customer: CustomerRecord, from original: CustomerRecord, on db: any SQLDatabase) async throws {
        try await webhooks.customerChanged("customer.updated", customer, on: db)
        try await record(
            "customer.updated", customer, at: clock.now(),
            extra: [.init("updated_fields", try Self.updatedFields(customer, from: original))], on: db)
    }

    func deleted(_ customer: CustomerRecord, on db: any SQLDatabase) async throws {
        try await webhooks.customerChanged("customer.deleted", customer, on: db)
        try await record("customer.deleted", customer, at: clock.now(), on: db)
    }

    private func record(
        _ name: String, _ customer: CustomerRecord, at timestamp: Int64, extra: [JSONValue.Member] = [], on db: any SQLDatabase
    ) async throws {
        let wire = customer.wire
        let metadata: [JSONValue.Member] = [
            .init("customer_id", .string(customer.id.lowercased)), .init("customer_email", customer.email.map(JSONValue.string) ?? .null),
            .init("customer_name", customer.name.map(JSONValue.string) ?? .null),
            // A deleted customer's external ID, as Polar keeps it in metadata.
            .init("customer_external_id", wire.externalID.map(JSONValue.string) ?? .null),
        ]
        try await events.insert(
            [
                EventStore.Row(
                    id: UUID(), organizationID: customer.organizationID, name: name, source: "system", timestamp: timestamp,
                    customerID: customer.id, externalCustomerID: nil, externalID: nil, metadata: .object(metadata + extra),
                    ingestedAt: clock.now())
            ], on: db)
    }

    /// Polar's `CustomerUpdatedFields`, in its order.
    static func updatedFields(_ customer: CustomerRecord, from original: CustomerRecord) throws -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        var fields: [JSONValue.Member] = []
        if customer.name != original.name { fields.append(.init("name", text(customer.name))) }
        if customer.billingName != original.billingName { fields.append(.init("billing_name", text(customer.billingName))) }
        if customer.email != original.email { fields.append(.init("email", text(customer.email))) }
        if customer.billingAddress != original.billingAddress {
            // The address without its empty parts, as Polar's `Address.to_dict`.
            let address = customer.billingAddress.map { address -> JSONValue in
                let parts: [(String, String?)] = [
                    ("line1", address.line1), ("line2", address.line2), ("postal_code", address.postalCode), ("city", address.city),
                    ("state", address.state), ("country", address.country),
                ]
                return .object(parts.compactMap { key, value in value.map { .init(key, .string($0)) } })
            }
            fields.append(.init("billing_address", address ?? .null))
        }
        if customer.taxID != original.taxID { fields.append(.init("tax_id", text(customer.taxID?.value))) }
        if customer.metadata != original.metadata {
            fields.append(.init("metadata", try JSONValueEncoder.encode(customer.metadata)))
        }
        return .object(fields)
    }
}
