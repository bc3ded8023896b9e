import Foundation

/// Polar's `WebhookEndpoint`: where an organization's events are sent, how, and with which secret.
public struct WebhookEndpoint: Codable, Sendable, Hashable {
    /// When the endpoint was created.
    public var createdAt: Date
    /// When it last changed, `nil` before its first update.
    public var modifiedAt: Date?
    /// The endpoint's ID.
    public var id: UUID
    /// The URL events are sent to.
    public var url: String
    /// An optional name to tell endpoints apart.
    public var name: String?
    /// The API version of the payloads, e.g. `2026-04`.
    public var apiVersion: String
    /// `raw`, `discord` or `slack`.
    public var format: String
    /// The secret deliveries are signed with.
    public var secret: String
    /// The organization whose events these are.
    public var organizationID: UUID
    /// The event types sent, e.g. `customer.created`.
    public var events: [String]
    /// Whether events are sent at all.
    public var enabled: Bool
    /// Whether signatures use the Standard Webhooks key (the base64 after `whsec_`); `false` is
    /// Polar's original key, the UTF-8 bytes of the whole secret.
    public var usesStandardWebhookSignature: Bool

    /// Creates an endpoint value.
    public init(
        createdAt: Date, modifiedAt: Date?, id: UUID, url: String, name: String?, apiVersion: String, format: String, secret: String,
        organizationID: UUID, events: [String], enabled: Bool, usesStandardWebhookSignature: Bool
    ) {
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.id = id
        self.url = url
        self.name = name
        self.apiVersion = apiVersion
        self.format = format
        self.secret = secret
        self.organizationID = organizationID
        self.events = events
        self.enabled = enabled
        self.usesStandardWebhookSignature = usesStandardWebhookSignature
    }

    enum CodingKeys: String, CodingKey {
        case createdAt = "created_at", modifiedAt = "modified_at", id, url, name, apiVersion = "api_version", format, secret
        case organizationID = "organization_id", events, enabled, usesStandardWebhookSignature = "uses_standard_webhook_signature"
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        id = try c.decode(UUID.self, forKey: .id)
        url = try c.decode(String.self, forKey: .url)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        apiVersion = try c.decode(String.self, forKey: .apiVersion)
        format = try c.decode(String.self, forKey: .format)
        secret = try c.decode(String.self, forKey: .secret)
        organizationID = try c.decode(UUID.self, forKey: .organizationID)
        events = try c.decode([String].self, forKey: .events)
        enabled = try c.decode(Bool.self, forKey: .enabled)
        usesStandardWebhookSignature = try c.decodeIfPresent(Bool.self, forKey: .usesStandardWebhookSignature) ?? false
    }

    /// Encodes Polar's JSON: every key, in Polar's order, nulls written.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(id.lowercased, forKey: .id)
        try c.encode(url, forKey: .url)
        try c.encode(name, forKey: .name)
        try c.encode(apiVersion, forKey: .apiVersion)
        try c.encode(format, forKey: .format)
        try c.encode(secret, forKey: .secret)
        try c.encode(organizationID.lowercased, forKey: .organizationID)
        try c.encode(events, forKey: .events)
        try c.encode(enabled, forKey: .enabled)
        try c.encode(usesStandardWebhookSignature, forKey: .usesStandardWebhookSignature)
    }
}

/// Polar's `WebhookEvent`: one event as sent to one endpoint.
public struct WebhookEvent: Codable, Sendable, Hashable {
    /// When the event happened (the payload's `timestamp`).
    public var createdAt: Date
    /// When its delivery state last changed.
    public var modifiedAt: Date?
    /// The event's ID, sent as `webhook-id` on every attempt.
    public var id: UUID
    /// The HTTP status of the last attempt, `nil` before one or when unreachable.
    public var lastHTTPCode: Int?
    /// `true` once delivered, `false` once given up on, `nil` while attempts remain.
    public var succeeded: Bool?
    /// Whether it was skipped because the endpoint was disabled.
    public var skipped: Bool
    /// The API version of the payload.
    public var apiVersion: String
    /// The exact body sent, `nil` once archived.
    public var payload: String?
    /// The event type, e.g. `customer.updated`.
    public var type: String
    /// Whether the payload was archived (it can no longer be redelivered).
    public var isArchived: Bool

    /// Creates an event value.
    public init(
        createdAt: Date, modifiedAt: Date?, id: UUID, lastHTTPCode: Int?, succeeded: Bool?, skipped: Bool, apiVersion: String,
        payload: String?, type: String
    ) {
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.id = id
        self.lastHTTPCode = lastHTTPCode
        self.succeeded = succeeded
        self.skipped = skipped
        self.apiVersion = apiVersion
        self.payload = payload
        self.type = type
        self.isArchived = payload == nil
    }

    enum CodingKeys: String, CodingKey {
        case createdAt = "created_at", modifiedAt = "modified_at", id, lastHTTPCode = "last_http_code", succeeded, skipped
        case apiVersion = "api_version", payload, type, isArchived = "is_archived"
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        id = try c.decode(UUID.self, forKey: .id)
        lastHTTPCode = try c.decodeIfPresent(Int.self, forKey: .lastHTTPCode)
        succeeded = try c.decodeIfPresent(Bool.self, forKey: .succeeded)
        skipped = try c.decode(Bool.self, forKey: .skipped)
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion) ?? "2026-04"
        payload = try c.decodeIfPresent(String.self, forKey: .payload)
        type = try c.decode(String.self, forKey: .type)
        isArchived = try c.decodeIfPresent(Bool.self, forKey: .isArchived) ?? (payload == nil)
    }

    /// Encodes Polar's JSON: every key, in Polar's order, nulls written.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(id.lowercased, forKey: .id)
        try c.encode(lastHTTPCode, forKey: .lastHTTPCode)
        try c.encode(succeeded, forKey: .succeeded)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(apiVersion, forKey: .apiVersion)
        try c.encode(payload, forKey: .payload)
        try c.encode(type, forKey: .type)
        try c.encode(isArchived, forKey: .isArchived)
    }
}

/// Polar's `WebhookDelivery`: one attempt to send an event.
public struct WebhookDelivery: Codable, Sendable, Hashable {
    /// When the attempt was made.
    public var createdAt: Date
    /// When it last changed.
    public var modifiedAt: Date?
    /// The attempt's ID.
    public var id: UUID
    /// Whether the endpoint answered 2xx.
    public var succeeded: Bool
    /// The HTTP status, `nil` when the endpoint was unreachable.
    public var httpCode: Int?
    /// The start of the response body, or the error when unreachable.
    public var response: String?
    /// The event sent.
    public var webhookEvent: WebhookEvent

    /// Creates a delivery value.
    public init(
        createdAt: Date, modifiedAt: Date?, id: UUID, succeeded: Bool, httpCode: Int?, response: String?, webhookEvent: WebhookEvent
    ) {
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.id = id
        self.succeeded = succeeded
        self.httpCode = httpCode
        self.response = response
        self.webhookEvent = webhookEvent
    }

    enum CodingKeys: String, CodingKey {
        case createdAt = "created_at", modifiedAt = "modified_at", id, succeeded, httpCode = "http_code", response
        case webhookEvent = "webhook_event"
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        id = try c.decode(UUID.self, forKey: .id)
        succeeded = try c.decode(Bool.self, forKey: .succeeded)
        httpCode = try c.decodeIfPresent(Int.self, forKey: .httpCode)
        response = try c.decodeIfPresent(String.self, forKey: .response)
        webhookEvent = try c.decode(WebhookEvent.self, forKey: .webhookEvent)
    }

    /// Encodes Polar's JSON: every key, in Polar's order, nulls written.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(id.lowercased, forKey: .id)
        try c.encode(succeeded, forKey: .succeeded)
        try c.encode(httpCode, forKey: .httpCode)
        try c.encode(response, forKey: .response)
        try c.encode(webhookEvent, forKey: .webhookEvent)
    }
}

/// The body of `POST /v1/webhooks/endpoints`.
public struct WebhookEndpointCreate: Encodable, Sendable, Hashable {
    /// Where events are sent: `https`, to a public host (a server on loopback also takes
    /// `http://localhost…`).
    public var url: String
    /// An optional name.
    public var name: String?
    /// The API version of the payloads; the server's default (`2026-04`) when `nil`.
    public var apiVersion: String?
    /// `raw` (Polar's JSON), `discord` or `slack`.
    public var format: String
    /// The event types to send, e.g. `["customer.created", "customer.state_changed"]`.
    public var events: [String]

    /// Creates the body.
    public init(url: String, name: String? = nil, apiVersion: String? = nil, format: String = "raw", events: [String]) {
        self.url = url
        self.name = name
        self.apiVersion = apiVersion
        self.format = format
        self.events = events
    }

    enum CodingKeys: String, CodingKey { case url, name, apiVersion = "api_version", format, events }

    /// Encodes the set fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try c.encode(format, forKey: .format)
        try c.encode(events, forKey: .events)
    }
}

/// The body of `PATCH /v1/webhooks/endpoints/{id}`: only the fields set are sent (Polar ignores
/// `null`, so a name cannot be cleared).
public struct WebhookEndpointUpdate: Encodable, Sendable, Hashable {
    /// A new URL.
    public var url: String?
    /// A new name.
    public var name: String?
    /// A new payload API version.
    public var apiVersion: String?
    /// A new format.
    public var format: String?
    /// A new list of event types.
    public var events: [String]?
    /// Turns sending on or off; re-enabling checks the stored URL.
    public var enabled: Bool?

    /// Creates the body.
    public init(
        url: String? = nil, name: String? = nil, apiVersion: String? = nil, format: String? = nil, events: [String]? = nil,
        enabled: Bool? = nil
    ) {
        self.url = url
        self.name = name
        self.apiVersion = apiVersion
        self.format = format
        self.events = events
        self.enabled = enabled
    }

    enum CodingKeys: String, CodingKey { case url, name, apiVersion = "api_version", format, events, enabled }

    /// Encodes the set fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try c.encodeIfPresent(format, forKey: .format)
        try c.encodeIfPresent(events, forKey: .events)
        try c.encodeIfPresent(enabled, forKey: .enabled)
    }
}
