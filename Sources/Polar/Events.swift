import Foundation
import PolarModels

extension Polar {
    /// Polar's events, `/v1/events/`: usage the app sends, and what Polar records itself.
    /// Reached as ``Polar/events``. Ingesting needs `events:write`; reading `events:read` or
    /// `events:write`.
    ///
    /// ```swift
    /// _ = try await polar.events.ingest([EventCreate(name: "api_call", customer: .externalID("usr_42"), metadata: ["tokens": 120])])
    /// for try await event in polar.events.all(name: "api_call") { print(event.timestamp) }
    /// ```
    public struct Events: Sendable {
        let client: Polar

        /// Sends events (`POST /v1/events/ingest`): all or none, an unknown customer failing the
        /// batch; events whose `externalID` is already known are skipped as duplicates.
        /// - Throws: ``PolarError``; `.validation` for a bad event or an unknown customer.
        public func ingest(_ events: [EventCreate]) async throws(PolarError) -> EventsIngestResult {
            try await client.decode(EventsIngestResult.self, APIRequest(.post, "/v1/events/ingest").json(["events": events]))
        }

        /// One event (`GET /v1/events/{id}`).
        /// - Throws: ``PolarError``; `.notFound` for another organization's event.
        public func get(id: UUID) async throws(PolarError) -> Event {
            try await client.decode(Event.self, APIRequest(.get, "/v1/events/\(id.lowercased)"))
        }

        /// One page of events (`GET /v1/events/`).
        /// - Throws: ``PolarError``; `.validation` for a bad filter.
        public func list(_ filter: EventFilter = EventFilter(), page: Int? = nil, limit: Int? = nil) async throws(PolarError) -> ListResource<Event> {
            try await client.decode(ListResource<Event>.self, listRequest(filter, page: page, limit: limit))
        }

        /// Every matching event, page after page, fetched as iteration proceeds.
        public func all(_ filter: EventFilter = EventFilter(), limit: Int = 100) -> Paginator<Event> {
            let events = self
            return Paginator { page throws(PolarError) in
                try await events.client.decode(ListResource<Event>.self, events.listRequest(filter, page: page, limit: limit))
            }
        }

        /// The event names seen, with how often and when (`GET /v1/events/names`), most recently
        /// seen first unless `sorting` says otherwise (`name`, `-occurrences`, `first_seen`, …).
        public func names(
            customerIDs: [UUID] = [], externalCustomerIDs: [String] = [], source: Event.Source? = nil, query: String? = nil,
            sorting: [String] = [], page: Int? = nil, limit: Int? = nil
        ) async throws(PolarError) -> ListResource<EventName> {
            var items = QueryItems()
            items.add("customer_id", each: customerIDs.map(\.lowercased))
            items.add("external_customer_id", each: externalCustomerIDs)
            items.add("source", source?.rawValue)
            items.add("query", query)
            items.add("sorting", each: sorting)
            items.add("page", page)
            items.add("limit", limit)
            return try await client.decode(ListResource<EventName>.self, APIRequest(.get, "/v1/events/names", query: items))
        }

        func listRequest(_ filter: EventFilter, page: Int?, limit: Int?) -> APIRequest {
            var items = QueryItems()
            items.add("start_timestamp", filter.start.map(PolarTimestamp.format))
            items.add("end_timestamp", filter.end.map(PolarTimestamp.format))
            items.add("customer_id", each: filter.customerIDs.map(\.lowercased))
            items.add("external_customer_id", each: filter.externalCustomerIDs)
            items.add("meter_id", filter.meterID?.lowercased)
            items.add("name", each: filter.names)
            items.add("source", filter.source?.rawValue)
            items.add("query", filter.query)
            items.add("metadata", deepObject: filter.metadata)
            items.add("sorting", filter.oldestFirst ? "timestamp" : nil)
            items.add("page", page)
            items.add("limit", limit)
            return APIRequest(.get, "/v1/events/", query: items)
        }
    }

    /// Events: usage sent by the app, and what Polar records itself.
    public var events: Events { Events(client: self) }

    /// Customers' usage per meter, `/v1/customer-meters/` (`customer_meters:read`): reached as
    /// ``Polar/customerMeters``.
    public struct CustomerMeters: Sendable {
        let client: Polar

        /// One customer meter (`GET /v1/customer-meters/{id}`).
        /// - Throws: ``PolarError``; `.notFound` for another organization's.
        public func get(id: UUID) async throws(PolarError) -> CustomerMeter {
            try await client.decode(CustomerMeter.self, APIRequest(.get, "/v1/customer-meters/\(id.lowercased)"))
        }

        /// One page of customer meters (`GET /v1/customer-meters/`).
        /// - Parameters:
        ///   - customerIDs: Only these customers'.
        ///   - externalCustomerIDs: Only these external customers'.
        ///   - meterIDs: Only these meters'.
        ///   - sorting: Sort keys as Polar spells them (`-modified_at` is its default, `balance`, …).
        public func list(
            customerIDs: [UUID] = [], externalCustomerIDs: [String] = [], meterIDs: [UUID] = [], sorting: [String] = [],
            page: Int? = nil, limit: Int? = nil
        ) async throws(PolarError) -> ListResource<CustomerMeter> {
            try await client.decode(
                ListResource<CustomerMeter>.self, listRequest(customerIDs, externalCustomerIDs, meterIDs, sorting, page: page, limit: limit))
        }

        /// Every matching customer meter, page after page, fetched as iteration proceeds.
        public func all(
            customerIDs: [UUID] = [], externalCustomerIDs: [String] = [], meterIDs: [UUID] = [], sorting: [String] = [], limit: Int = 100
        ) -> Paginator<CustomerMeter> {
            let meters = self
            return Paginator { page throws(PolarError) in
                try await meters.client.decode(
                    ListResource<CustomerMeter>.self,
                    meters.listRequest(customerIDs, externalCustomerIDs, meterIDs, sorting, page: page, limit: limit))
            }
        }

        func listRequest(
            _ customerIDs: [UUID], _ externalCustomerIDs: [String], _ meterIDs: [UUID], _ sorting: [String], page: Int?, limit: Int?
        ) -> APIRequest {
            var items = QueryItems()
            items.add("customer_id", each: customerIDs.map(\.lowercased))
            items.add("external_customer_id", each: externalCustomerIDs)
            items.add("meter_id", each: meterIDs.map(\.lowercased))
            items.add("sorting", each: sorting)
            items.add("page", page)
            items.add("limit", limit)
            return APIRequest(.get, "/v1/customer-meters/", query: items)
        }
    }

    /// Customers' usage per meter.
    public var customerMeters: CustomerMeters { CustomerMeters(client: self) }
}

/// The filters of `GET /v1/events/` (``Polar/Events``), each optional.
public struct EventFilter: Sendable, Hashable {
    /// Only events after this time.
    public var start: Date?
    /// Only events before this time.
    public var end: Date?
    /// Only these customers' events (by ID or by their external IDs).
    public var customerIDs: [UUID]
    /// Only events of these external customer IDs.
    public var externalCustomerIDs: [String]
    /// Only the events this meter counts.
    public var meterID: UUID?
    /// Only events of these names.
    public var names: [String]
    /// Only the app's events or only Polar's.
    public var source: Event.Source?
    /// Text found in the name, metadata or customer.
    public var query: String?
    /// Metadata conditions.
    public var metadata: MetadataFilter
    /// Oldest first when `true`; Polar's default is newest first.
    public var oldestFirst: Bool

    /// Creates a filter.
    public init(
        start: Date? = nil, end: Date? = nil, customerIDs: [UUID] = [], externalCustomerIDs: [String] = [], meterID: UUID? = nil,
        names: [String] = [], source: Event.Source? = nil, query: String? = nil, metadata: MetadataFilter = MetadataFilter(),
        oldestFirst: Bool = false
    ) {
        self.start = start
        self.end = end
        self.customerIDs = customerIDs
        self.externalCustomerIDs = externalCustomerIDs
        self.meterID = meterID
        self.names = names
        self.source = source
        self.query = query
        self.metadata = metadata
        self.oldestFirst = oldestFirst
    }
}
