import Foundation
import PolarModels
import SQLKit

/// Where changes announce themselves. Called inside the transaction of the change, it writes
/// one event row per subscribed endpoint, with the exact body every attempt will send: a
/// change that rolls back sends nothing, and one that commits is delivered even if the process
/// dies the moment after (``WebhookDispatcher`` drains the rows).
struct WebhookOutbox: Sendable {
    let store: WebhookStore
    let organizations: OrganizationStore
    /// What "now" is.
    let clock: ServerClock

    /// Sends `type` with `data` (the object as its GET returns it) to the organization's endpoints.
    func publish(_ type: String, data: JSONValue, organizationID: UUID, on db: any SQLDatabase) async throws {
        let endpoints = try await store.subscribers(organizationID: organizationID, type: type, on: db)
        guard !endpoints.isEmpty else { return }
        let now = clock.now()
        let organizationName = try await organizations.find(id: organizationID, on: db)?.name ?? ""
        for endpoint in endpoints {
            guard
                let payload = WebhookPayload.render(
                    type: type, timestamp: now, apiVersion: endpoint.apiVersion, data: data, format: endpoint.format,
                    organizationName: organizationName)
            else { continue }
            try await store.insert(
                WebhookEventRecord(
                    id: UUID(), endpointID: endpoint.id, type: type, apiVersion: endpoint.apiVersion, payload: payload, lastHTTPCode: nil,
                    succeeded: nil, skipped: false, createdAt: now, modifiedAt: nil), on: db)
        }
    }

    /// `customer.created`, `.updated` or `.deleted` with the customer as it is now, followed
    /// (as in Polar's job) by a `customer.state_changed` with the state at sending time.
    func customerChanged(_ type: String, _ customer: CustomerRecord, on db: any SQLDatabase) async throws {
        try await store.queueCustomerChange(
            customerID: customer.id, organizationID: customer.organizationID,
            event: (type, try JSONValueEncoder.encode(customer.wire)), now: clock.now(), on: db)
    }

    /// A change to what the customer has (subscriptions, grants, meters): one debounced
    /// `customer.state_changed`, about a second after the last of a burst.
    func stateMayHaveChanged(customerID: UUID, organizationID: UUID, on db: any SQLDatabase) async throws {
        try await store.queueCustomerChange(
            customerID: customerID, organizationID: organizationID, event: nil, now: clock.now(), on: db)
    }
}

/// The body of one event for one endpoint, by its format.
enum WebhookPayload {
    /// nil where Polar sends such an endpoint nothing for the event.
    static func render(
        type: String, timestamp: Int64, apiVersion: String, data: JSONValue, format: String, organizationName: String
    ) -> String? {
        switch format {
        case "discord", "slack":
            guard let message = WebhookChatMessage.make(type: type, data: data, organizationName: organizationName, timestamp: timestamp)
            else { return nil }
            return PythonText.jsonDumps(format == "discord" ? message.discord : message.slack)
        default:
            // pydantic's model_dump_json: compact, in declaration order.
            let envelope: JSONValue = .object([
                "type": .string(type), "timestamp": .string(PolarTimestamp.format(microseconds: timestamp)),
                "api_version": .string(apiVersion), "data": data,
            ])
            return String(decoding: envelope.serialized, as: UTF8.self)
        }
    }
}
