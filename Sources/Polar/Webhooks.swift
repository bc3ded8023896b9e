import Foundation
import PolarModels

extension Polar {
    /// Polar's webhook endpoints API, `/v1/webhooks/`: reached as ``Polar/webhooks``.
    ///
    /// Reading needs `webhooks:read` or `webhooks:write`; changes need `webhooks:write`.
    /// Verify what arrives with ``Webhook/verify(body:headers:secret:tolerance:now:)``.
    public struct Webhooks: Sendable {
        let client: Polar

        /// One page of endpoints, newest first (`GET /v1/webhooks/endpoints`).
        /// - Parameters:
        ///   - page: The page number, from 1.
        ///   - limit: Items per page (Polar caps it at 100).
        /// - Returns: The page and the pagination totals.
        /// - Throws: ``PolarError``.
        public func listEndpoints(page: Int? = nil, limit: Int? = nil) async throws(PolarError) -> ListResource<WebhookEndpoint> {
            try await client.decode(ListResource<WebhookEndpoint>.self, Self.pageRequest("/v1/webhooks/endpoints", QueryItems(), page, limit))
        }

        /// Every endpoint, page after page, fetched lazily.
        /// - Parameter limit: Items fetched per request, at most 100.
        /// - Returns: A ``Paginator``; nothing is sent until it is iterated.
        public func allEndpoints(limit: Int = 100) -> Paginator<WebhookEndpoint> {
            let client = client
            return Paginator { page throws(PolarError) in
                try await client.decode(
                    ListResource<WebhookEndpoint>.self, Self.pageRequest("/v1/webhooks/endpoints", QueryItems(), page, limit))
            }
        }

        /// Creates an endpoint (`POST /v1/webhooks/endpoints`); its `secret` signs every delivery.
        /// - Parameter endpoint: URL, format and event types.
        /// - Returns: The endpoint, with its secret.
        /// - Throws: ``PolarError``; `.validation` for a URL Polar refuses or an unknown event type.
        public func createEndpoint(_ endpoint: WebhookEndpointCreate) async throws(PolarError) -> WebhookEndpoint {
            try await client.decode(WebhookEndpoint.self, APIRequest(.post, "/v1/webhooks/endpoints").json(endpoint))
        }

        /// One endpoint (`GET /v1/webhooks/endpoints/{id}`).
        /// - Parameter id: The endpoint's ID.
        /// - Returns: The endpoint.
        /// - Throws: ``PolarError``; `.notFound` for an unknown or deleted endpoint.
        public func getEndpoint(id: UUID) async throws(PolarError) -> WebhookEndpoint {
            try await client.decode(WebhookEndpoint.self, APIRequest(.get, Self.path(id)))
        }

        /// Changes an endpoint (`PATCH /v1/webhooks/endpoints/{id}`).
        /// - Parameters:
        ///   - id: The endpoint's ID.
        ///   - update: The fields to change.
        /// - Returns: The endpoint as it now is.
        /// - Throws: ``PolarError``.
        public func updateEndpoint(id: UUID, _ update: WebhookEndpointUpdate) async throws(PolarError) -> WebhookEndpoint {
            try await client.decode(WebhookEndpoint.self, APIRequest(.patch, Self.path(id)).json(update))
        }

        /// Gives an endpoint a new secret (`PATCH /v1/webhooks/endpoints/{id}/secret`); the old one
        /// stops working at once.
        /// - Parameter id: The endpoint's ID.
        /// - Returns: The endpoint with its new secret.
        /// - Throws: ``PolarError``.
        public func resetSecret(id: UUID) async throws(PolarError) -> WebhookEndpoint {
            var request = APIRequest(.patch, Self.path(id) + "/secret")
            request.body = []
            return try await client.decode(WebhookEndpoint.self, request)
        }

        /// Deletes an endpoint (`DELETE /v1/webhooks/endpoints/{id}`).
        /// - Parameter id: The endpoint's ID.
        /// - Throws: ``PolarError``.
        public func deleteEndpoint(id: UUID) async throws(PolarError) {
            try await client.discardingBody(APIRequest(.delete, Self.path(id)))
        }

        /// One page of delivery attempts, newest first (`GET /v1/webhooks/deliveries`).
        /// - Parameters:
        ///   - endpointIDs: Only these endpoints' deliveries.
        ///   - succeeded: Only successful (or failed) attempts.
        ///   - eventTypes: Only these event types.
        ///   - httpCodeClass: `2xx`, `3xx`, `4xx` or `5xx`.
        ///   - page: The page number, from 1.
        ///   - limit: Items per page.
        /// - Returns: The page and the pagination totals.
        /// - Throws: ``PolarError``.
        public func listDeliveries(
            endpointIDs: [UUID] = [], succeeded: Bool? = nil, eventTypes: [String] = [], httpCodeClass: String? = nil, page: Int? = nil,
            limit: Int? = nil
        ) async throws(PolarError) -> ListResource<WebhookDelivery> {
            var items = QueryItems()
            items.add("endpoint_id", each: endpointIDs.map(\.lowercased))
            items.add("succeeded", succeeded)
            items.add("event_type", each: eventTypes)
            items.add("http_code_class", httpCodeClass)
            return try await client.decode(ListResource<WebhookDelivery>.self, Self.pageRequest("/v1/webhooks/deliveries", items, page, limit))
        }

        /// Sends an event again, with its `webhook-id` and body (`POST /v1/webhooks/events/{id}/redeliver`).
        /// - Parameter eventID: The event's ID (a delivery's `webhookEvent.id`).
        /// - Throws: ``PolarError``; `.notFound` for an unknown event.
        public func redeliver(eventID: UUID) async throws(PolarError) {
            var request = APIRequest(.post, "/v1/webhooks/events/\(eventID.lowercased)/redeliver")
            request.body = []
            try await client.discardingBody(request)
        }

        static func path(_ id: UUID) -> String { "/v1/webhooks/endpoints/\(id.lowercased)" }

        static func pageRequest(_ path: String, _ items: QueryItems, _ page: Int?, _ limit: Int?) -> APIRequest {
            var items = items
            items.add("page", page)
            items.add("limit", limit)
            return APIRequest(.get, path, query: items)
        }
    }

    /// The webhook endpoints API, `/v1/webhooks/`.
    public var webhooks: Webhooks { Webhooks(client: self) }
}
