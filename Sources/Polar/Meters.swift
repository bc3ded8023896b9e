import Foundation
import PolarModels

extension Polar {
    /// Polar's meters, `/v1/meters/`: reached as ``Polar/meters``. Reading needs `meters:read`
    /// or `meters:write`; creating and updating need `meters:write`.
    ///
    /// ```swift
    /// let meter = try await polar.meters.create(
    ///     MeterCreate(name: "API calls", filter: MeterFilter([.condition(property: "name", operator: .equal, value: "api_call")]),
    ///                 aggregation: .count))
    /// let usage = try await polar.meters.quantities(id: meter.id, from: start, to: end, interval: .day)
    /// ```
    public struct Meters: Sendable {
        let client: Polar

        /// Creates a meter (`POST /v1/meters/`).
        /// - Throws: ``PolarError``; `.validation` for a bad filter or aggregation.
        public func create(_ meter: MeterCreate) async throws(PolarError) -> Meter {
            try await client.decode(Meter.self, APIRequest(.post, "/v1/meters/").json(meter))
        }

        /// One meter (`GET /v1/meters/{id}`).
        /// - Throws: ``PolarError``; `.notFound` for another organization's meter.
        public func get(id: UUID) async throws(PolarError) -> Meter {
            try await client.decode(Meter.self, APIRequest(.get, Self.path(id)))
        }

        /// Changes a meter (`PATCH /v1/meters/{id}`): its name and metadata at any time, its filter
        /// and aggregation until events count, and whether it is archived.
        /// - Throws: ``PolarError``; `.validation` for a locked filter or a refused archive.
        public func update(id: UUID, _ update: MeterUpdate) async throws(PolarError) -> Meter {
            try await client.decode(Meter.self, APIRequest(.patch, Self.path(id)).json(update))
        }

        /// One page of meters (`GET /v1/meters/`), sorted by name unless told otherwise.
        /// - Parameters:
        ///   - query: Text found in the name.
        ///   - isArchived: Only archived (`true`) or live (`false`) meters.
        ///   - metadata: Metadata conditions.
        ///   - sorting: Sort keys as Polar spells them (`name`, `-created_at`, …).
        ///   - page: The page, from 1.
        ///   - limit: Items per page, at most 100.
        public func list(
            query: String? = nil, isArchived: Bool? = nil, metadata: MetadataFilter = MetadataFilter(), sorting: [String] = [],
            page: Int? = nil, limit: Int? = nil
        ) async throws(PolarError) -> ListResource<Meter> {
            try await client.decode(ListResource<Meter>.self, listRequest(query, isArchived, metadata, sorting, page: page, limit: limit))
        }

        /// Every matching meter, page after page, fetched as iteration proceeds.
        public func all(
            query: String? = nil, isArchived: Bool? = nil, metadata: MetadataFilter = MetadataFilter(), sorting: [String] = [],
            limit: Int = 100
        ) -> Paginator<Meter> {
            let meters = self
            return Paginator { page throws(PolarError) in
                try await meters.client.decode(
                    ListResource<Meter>.self, meters.listRequest(query, isArchived, metadata, sorting, page: page, limit: limit))
            }
        }

        /// A meter's usage from `start` to `end` in buckets of `interval`
        /// (`GET /v1/meters/{id}/quantities`).
        /// - Parameters:
        ///   - timezone: The IANA zone the buckets' calendar periods follow; UTC unless given.
        ///   - customerIDs: Only these customers' usage.
        ///   - externalCustomerIDs: Only these external customers' usage.
        /// - Throws: ``PolarError``; `.validation` for a range the interval makes too long.
        public func quantities(
            id: UUID, from start: Date, to end: Date, interval: MeterQuantityInterval, timezone: String? = nil,
            customerIDs: [UUID] = [], externalCustomerIDs: [String] = []
        ) async throws(PolarError) -> MeterQuantities {
            var items = QueryItems()
            items.add("start_timestamp", PolarTimestamp.format(start))
            items.add("end_timestamp", PolarTimestamp.format(end))
            items.add("interval", interval.rawValue)
            items.add("timezone", timezone)
            items.add("customer_id", each: customerIDs.map(\.lowercased))
            items.add("external_customer_id", each: externalCustomerIDs)
            return try await client.decode(MeterQuantities.self, APIRequest(.get, Self.path(id) + "/quantities", query: items))
        }

        func listRequest(
            _ query: String?, _ isArchived: Bool?, _ metadata: MetadataFilter, _ sorting: [String], page: Int?, limit: Int?
        ) -> APIRequest {
            var items = QueryItems()
            items.add("query", query)
            items.add("is_archived", isArchived)
            items.add("page", page)
            items.add("limit", limit)
            items.add("sorting", each: sorting)
            items.add("metadata", deepObject: metadata)
            return APIRequest(.get, "/v1/meters/", query: items)
        }

        static func path(_ id: UUID) -> String { "/v1/meters/\(id.lowercased)" }
    }

    /// Meters: what counts as usage and how it adds up.
    public var meters: Meters { Meters(client: self) }
}
