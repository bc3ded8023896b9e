import Foundation
import PolarModels

/// A webhook endpoint as stored.
struct WebhookEndpointRecord: Sendable, Hashable {
    var id: UUID
    var organizationID: UUID
    var url: String
    var name: String?
    var apiVersion: String
    var format: String
    var secret: String
    /// Signs with the Standard Webhooks key instead of Polar's original one.
    var standardSignature: Bool
    var events: [String]
    var enabled: Bool
    var createdAt: Int64
    var modifiedAt: Int64?
    var deletedAt: Int64?

    var wire: WebhookEndpoint {
        WebhookEndpoint(
            createdAt: PolarTimestamp.date(microseconds: createdAt), modifiedAt: modifiedAt.map(PolarTimestamp.date(microseconds:)),
            id: id, url: url, name: name, apiVersion: apiVersion, format: format, secret: secret, organizationID: organizationID,
            events: events, enabled: enabled, usesStandardWebhookSignature: standardSignature)
    }
}

/// One event for one endpoint, with its delivery state.
struct WebhookEventRecord: Sendable, Hashable {
    var id: UUID
    var endpointID: UUID
    var type: String
    var apiVersion: String
    var payload: String?
    var lastHTTPCode: Int?
    var succeeded: Bool?
    var skipped: Bool
    var createdAt: Int64
    var modifiedAt: Int64?

    var wire: WebhookEvent {
        WebhookEvent(
            createdAt: PolarTimestamp.date(microseconds: createdAt), modifiedAt: modifiedAt.map(PolarTimestamp.date(microseconds:)),
            id: id, lastHTTPCode: lastHTTPCode, succeeded: succeeded, skipped: skipped, apiVersion: apiVersion, payload: payload,
            type: type)
    }
}

/// One attempt to deliver an event.
struct WebhookDeliveryRecord: Sendable, Hashable {
    var id: UUID
    var succeeded: Bool
    var httpCode: Int?
    var response: String?
    var createdAt: Int64
    var event: WebhookEventRecord

    var wire: WebhookDelivery {
        WebhookDelivery(
            createdAt: PolarTimestamp.date(microseconds: createdAt), modifiedAt: nil, id: id, succeeded: succeeded, httpCode: httpCode,
            response: response, webhookEvent: event.wire)
    }
}

/// The filters of `GET /v1/webhooks/deliveries`.
struct WebhookDeliveryFilter: Sendable {
    var endpointIDs: [UUID]?
    var startTimestamp: Int64?
    var endTimestamp: Int64?
    var succeeded: Bool?
    var query: String?
    /// 2, 3, 4 or 5.
    var httpCodeClass: Int?
    var eventTypes: [String]?
}
