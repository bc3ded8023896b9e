import Foundation
import PolarCompatibility
import PolarModels

/// The query of `GET /v1/events/`, validated as Polar validates it: the parameters first (the
/// dependencies' before the endpoint's own), then the `filter` JSON, then `query`.
struct EventListQuery: Sendable {
    var pages: PageQuery
    var organizationIDs: [UUID]?
    /// Before customer IDs and external IDs expand to each other, and `query` finds customers.
    var filter = EventListFilter()
    /// The `filter` parameter, a meter filter clause.
    var clause: MeterFilter?
    var meterID: UUID?
    var queryText: String?
    /// Descendants up to this depth; every event here is a root, so any depth keeps them all.
    var depth: Int?

    init(_ query: QueryParameters) throws {
        var reader = InputReader()
        pages = PageQuery(query, reader: &reader)
        let sorting: [EventSortProperty]? = reader.sorting(query)
        filter.descending = sorting?.first.map { $0 == .timestampDescending } ?? true
        filter.metadata = query.metadataFilter
        filter.after = query["start_timestamp"].flatMap { reader.awareDatetime(.string($0), at: ["query", "start_timestamp"]) }
        filter.before = query["end_timestamp"].flatMap { reader.awareDatetime(.string($0), at: ["query", "end_timestamp"]) }
        organizationIDs = reader.organizationIDs(query)
        filter.customerIDs = reader.uuids(query, "customer_id") ?? []
        filter.externalCustomerIDs = query.values("external_customer_id")
        meterID = query["meter_id"].flatMap { reader.uuid4(.string($0), at: ["query", "meter_id"]) }
        let names = query.values("name")
        filter.names = names.isEmpty ? nil : names
        filter.sources = reader.choices(query, "source", ["system", "user"])
        filter.parentID = query["parent_id"].flatMap { reader.uuid4(.string($0), at: ["query", "parent_id"]) }
        depth = query["depth"].flatMap { reader.int(.string($0), at: ["query", "depth"], min: 0, max: 5) }
        try reader.check()

        if let text = query["filter"] {
            clause = try Self.clause(text)
        }
        if let text = query["query"] {
            guard organizationIDs != nil else {
                throw APIError.validation([
                    ValidationError(
                        loc: ["query", "query"], msg: "Query is only supported when organization_id is provided.", type: "value_error",
                        input: .string(text))
                ])
            }
            guard text.count >= 3 else {
                throw APIError.validation([
                    ValidationError(loc: ["query", "query"], msg: "Query must be at least 3 characters.", type: "query", input: .string(text))
                ])
            }
            queryText = text
        }
    }

    /// The `filter` parameter, parsed as pydantic's `model_validate_json` does: its errors are
    /// located in the filter itself, not in the query.
    private static func clause(_ text: String) throws -> MeterFilter {
        let value: JSONValue
        do {
            value = try JSONValue.parse(Array(text.utf8))
        } catch {
            throw APIError.validation([
                ValidationError(
                    loc: [], msg: "Invalid JSON: \(error.message)", type: "json_invalid", input: .string(text),
                    ctx: .object(["error": .string(error.message)]))
            ])
        }
        var reader = InputReader()
        let filter = MeterInput.filter(value, at: [], reader: &reader)
        try reader.check()
        return filter!
    }
}

/// Polar's event sort keys: newest first unless told otherwise.
enum EventSortProperty: String, CaseIterable, Sendable {
    case timestamp
    case timestampDescending = "-timestamp"
}
