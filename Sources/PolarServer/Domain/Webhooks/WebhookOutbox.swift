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
        for endpoint in endpoints where !WebhookPayload.skips(type: type, data: data, format: endpoint.format) {
            let payload = WebhookPayload.render(
                type: type, timestamp: now, apiVersion: endpoint.apiVersion, data: data, format: endpoint.format,
                organizationName: organizationName)
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
    static func render(
        type: String, timestamp: Int64, apiVersion: String, data: JSONValue, format: String, organizationName: String
    ) -> String {
        switch format {
        case "discord": return PythonJSON.dumps(discord(type: type, objectID: data["id"] ?? .null, organizationName: organizationName))
        case "slack": return PythonJSON.dumps(slack(type: type, objectID: data["id"] ?? .null, organizationName: organizationName))
        default:
            // pydantic's model_dump_json: compact, in declaration order.
            let envelope: JSONValue = .object([
                "type": .string(type), "timestamp": .string(PolarTimestamp.format(microseconds: timestamp)),
                "api_version": .string(apiVersion), "data": data,
            ])
            return String(decoding: envelope.serialized, as: UTF8.self)
        }
    }

    /// Polar sends Discord and Slack a `subscription.updated` only for a cancellation, a revocation
    /// or a failed payment; renewals and other updates make no event for such endpoints.
    static func skips(type: String, data: JSONValue, format: String) -> Bool {
        guard type == "subscription.updated", format == "discord" || format == "slack" else { return false }
        let status = data["status"]?.stringValue ?? ""
        return !["canceled", "unpaid", "past_due"].contains(status) && data["ends_at"] == .null && data["ended_at"] == .null
    }

    static let faviconURL =
        "https://raw.githubusercontent.com/polarsource/polar/2648cf7472b5128704a097cd1eb3ae5f1dd847e5/docs/docs/assets/favicon.png"
    static let thumbnailURL =
        "https://raw.githubusercontent.com/polarsource/polar/4fd899222e200ca70982f437039f549b7a822ecc/clients/apps/web/public/email-logo-dark.png"

    /// Polar's generic ("Basic") Discord message, branded as its are.
    private static func discord(type: String, objectID: JSONValue, organizationName: String) -> JSONValue {
        .object([
            "content": .string(type),
            "embeds": [
                .object([
                    "color": 25343, "author": .object(["name": "Polar.sh", "icon_url": .string(faviconURL)]),
                    "thumbnail": .object(["url": .string(thumbnailURL)]), "footer": .object(["text": "Powered by Polar.sh"]),
                    "title": .string(type), "description": .string(type),
                    "fields": [
                        .object(["name": "Object", "value": objectID]),
                        .object(["name": "Organization", "value": .string(organizationName)]),
                    ],
                ])
            ],
        ])
    }

    /// Polar's generic ("Basic") Slack message, branded as its are.
    private static func slack(type: String, objectID: JSONValue, organizationName: String) -> JSONValue {
        .object([
            "text": .string(type),
            "blocks": [
                .object([
                    "type": "section", "text": .object(["type": "mrkdwn", "text": .string(type)]),
                    "fields": [
                        .object(["type": "mrkdwn", "text": .string("*Object*\n\(objectID.stringValue ?? "")")]),
                        .object(["type": "mrkdwn", "text": .string("*Organization*\n\(organizationName)")]),
                    ],
                ]),
                .object([
                    "type": "context",
                    "elements": [
                        .object(["type": "image", "image_url": .string(faviconURL), "alt_text": "Polar"]),
                        .object(["type": "mrkdwn", "text": "Powered by Polar.sh"]),
                    ],
                ]),
            ],
        ])
    }
}
