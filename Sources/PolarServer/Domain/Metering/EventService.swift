import Foundation
import PolarModels

/// Reading events back (`GET /v1/events/`, `/{id}`), as Polar's event list and get do.
struct EventService: Sendable {
    let events: EventStore
    let meters: MeterStore
    let customers: CustomerStore

    /// One page of the organization's events matching `query`, and how many match; none when
    /// the query names only other organizations. A `meter_id` applies that meter's filter, and
    /// keeps only events with a number to aggregate when the meter sums a metadata property.
    func list(_ query: EventListQuery, access: OrganizationAccess) async throws -> (items: [JSONValue], total: Int) {
        guard access.sees(query.organizationIDs) else { return ([], 0) }
        let organizationID = access.organizationID
        var filters = query.clause.map { [$0] } ?? []
        var numericProperty: String?
        if let meterID = query.meterID {
            guard let meter = try await meters.find(meterID, organizationID: organizationID) else {
                throw APIError.validation(
                    [ValidationError(loc: ["query", "meter_id"], msg: "Meter not found.", type: "meter_id", input: .string(meterID.lowercased))],
                    kind: .business)
            }
            filters.append(meter.filter)
            if case .property(_, let property) = meter.aggregation, !["name", "source", "timestamp"].contains(property) {
                numericProperty = property
            }
        }
        var filter = query.filter
        try await expandCustomers(&filter.customerIDs, &filter.externalCustomerIDs, organizationID: organizationID)
        if let text = query.queryText {
            let found = try await customers.search(text, organizationID: organizationID)
            filter.query = .init(text: text, customerIDs: found.ids, externalCustomerIDs: found.externalIDs)
        }
        let matching = filters.isEmpty && numericProperty == nil ? nil : Self.matcher(filters, numericProperty: numericProperty)
        let (rows, total) = try await events.list(
            filter, organizationID: organizationID, page: query.pages.page, limit: query.pages.limit, matching: matching)
        return (try await wire(rows, organizationID: organizationID), total)
    }

    /// Whether an event passes every filter and, when `numericProperty` is set, has a number there.
    static func matcher(_ filters: [MeterFilter], numericProperty: String?) -> @Sendable (EventStore.Row) -> Bool {
        { row in
            let event = row.metered
            guard filters.allSatisfy({ $0.matches(event) }) else { return false }
            guard let numericProperty else { return true }
            return MeterAggregation.number(of: numericProperty, in: event) != nil
        }
    }

    /// One page of the organization's event names (Polar's `EventName`), and how many there are.
    func names(_ query: EventNamesQuery, access: OrganizationAccess) async throws -> (items: [JSONValue], total: Int) {
        guard access.sees(query.organizationIDs) else { return ([], 0) }
        var filter = query.filter
        try await expandCustomers(&filter.customerIDs, &filter.externalCustomerIDs, organizationID: access.organizationID)
        let (names, total) = try await events.names(
            filter, organizationID: access.organizationID, page: query.pages.page, limit: query.pages.limit)
        let items: [JSONValue] = names.map { name in
            .object([
                "name": .string(name.name), "label": .string(EventStore.Row.label(name: name.name, source: name.source)),
                "source": .string(name.source), "occurrences": .integer(name.occurrences), "first_seen": .timestamp(name.firstSeen),
                "last_seen": .timestamp(name.lastSeen),
            ])
        }
        return (items, total)
    }

    /// Customer IDs and external IDs each also find the customers' other identifier, as Polar's
    /// event filters do (live customers only).
    func expandCustomers(_ customerIDs: inout [UUID], _ externalIDs: inout [String], organizationID: UUID) async throws {
        let (ids, external) = (customerIDs, externalIDs)
        if !ids.isEmpty {
            externalIDs += try await customers.liveExternalIDs(ids, organizationID: organizationID)
        }
        if !external.isEmpty {
            customerIDs += try await customers.liveIDs(externalIDs: Set(external), organizationID: organizationID).values
        }
    }

    func get(_ id: UUID, access: OrganizationAccess) async throws -> JSONValue {
        guard let row = try await events.find(id, organizationID: access.organizationID) else { throw APIError.notFound }
        return try await wire([row], organizationID: access.organizationID)[0]
    }

    /// Polar's `Event`s, each with its customer (a deleted one too, as Polar's relationship reads it).
    private func wire(_ rows: [EventStore.Row], organizationID: UUID) async throws -> [JSONValue] {
        let records = try await customers.find(Array(Set(rows.compactMap(\.customerID))), organizationID: organizationID)
        let byID = Dictionary(uniqueKeysWithValues: try records.map { ($0.id, try JSONValueEncoder.encode($0.wire)) })
        return rows.map { $0.wire(customer: $0.customerID.flatMap { byID[$0] }) }
    }
}

extension EventStore.Row {
    /// Polar's `Event`. An event sent by external ID has no `customer_id` on the wire, as in
    /// Polar, though this service resolves it to count it; members and parents do not exist here.
    func wire(customer: JSONValue?) -> JSONValue {
        let isSystem = source == "system"
        var members: [JSONValue.Member] = [
            .init("id", .string(id.lowercased)), .init("timestamp", .timestamp(timestamp)),
            .init("organization_id", .string(organizationID.lowercased)),
            .init("customer_id", externalCustomerID == nil ? customerID.map { .string($0.lowercased) } ?? .null : .null),
            .init("customer", customer ?? .null), .init("external_customer_id", externalCustomerID.map(JSONValue.string) ?? .null),
            .init("member_id", .null), .init("external_member_id", .null), .init("child_count", .integer(0)), .init("parent_id", .null),
            .init("label", .string(Self.label(name: name, source: source))),
        ]
        members += isSystem
            ? [.init("source", .string(source)), .init("name", .string(name))]
            : [.init("name", .string(name)), .init("source", .string(source))]
        members.append(.init("metadata", Self.outputMetadata(metadata)))
        return .object(members)
    }

    /// Polar's `EventMetadataOutput`: `_cost.amount` is a `Decimal`, written as its text
    /// (`0.0` as `"0.0"`, `5` as `"5"`, `1e-07` as `"1E-7"`), whatever number was sent.
    static func outputMetadata(_ metadata: JSONValue) -> JSONValue {
        guard case .object(var members) = metadata, let index = members.firstIndex(where: { $0.key == "_cost" }),
            case .object(var cost) = members[index].value, let amount = cost.firstIndex(where: { $0.key == "amount" })
        else { return metadata }
        let text: String
        switch cost[amount].value {
        case .integer(let number): text = String(number)
        case .number:
            let repr = String(decoding: cost[amount].value.serialized, as: UTF8.self)
            guard let e = repr.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(repr[repr.index(after: e)...]) else {
                text = repr
                break
            }
            text = "\(repr[..<e])E\(exponent < 0 ? "-" : "+")\(abs(exponent))"
        default: return metadata
        }
        cost[amount].value = .string(text)
        members[index].value = .object(cost)
        return .object(members)
    }

    /// Polar's label for an event name: its own for the events it records, else the name.
    static func label(name: String, source: String) -> String {
        source == "system" ? systemLabels[name] ?? name : name
    }

    /// Polar's labels for the events it records itself.
    static let systemLabels: [String: String] = [
        "benefit.granted": "Benefit Granted", "benefit.cycled": "Benefit Cycled", "benefit.updated": "Benefit Updated",
        "benefit.revoked": "Benefit Revoked", "subscription.created": "Subscription Created",
        "subscription.updated": "Subscription Updated", "subscription.canceled": "Subscription Canceled",
        "subscription.cycled": "Subscription Cycled", "subscription.revoked": "Subscription Revoked",
        "subscription.uncanceled": "Subscription Uncanceled", "subscription.product_updated": "Subscription Product Updated",
        "customer.created": "Customer Created", "customer.updated": "Customer Updated", "customer.deleted": "Customer Deleted",
        "meter.credited": "Meter Credited", "meter.reset": "Meter Reset",
    ]
}
