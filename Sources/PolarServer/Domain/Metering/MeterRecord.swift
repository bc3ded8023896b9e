import Foundation
import PolarModels

/// A meter: which events count (``MeterFilter``) and how they add up (``MeterAggregation``).
struct MeterRecord: Sendable, Hashable {
    var id: UUID
    var organizationID: UUID
    var name: String
    /// `scalar`, `token` or `custom`.
    var unit: String
    var customLabel: String?
    var customMultiplier: Int?
    var filter: MeterFilter
    var aggregation: MeterAggregation
    var metadata: Metadata
    var createdAt: Int64
    var modifiedAt: Int64?
    var archivedAt: Int64?

    /// Polar's `Meter` object.
    var wire: JSONValue {
        .object([
            "metadata": metadata.wire,
            "created_at": .timestamp(createdAt),
            "modified_at": .timestamp(modifiedAt),
            "id": .string(id.lowercased),
            "name": .string(name),
            "unit": .string(unit),
            "custom_label": customLabel.map(JSONValue.string) ?? .null,
            "custom_multiplier": customMultiplier.map(JSONValue.integer) ?? .null,
            "filter": filter.wire,
            "aggregation": aggregation.wire,
            "organization_id": .string(organizationID.lowercased),
            "archived_at": .timestamp(archivedAt),
        ])
    }
}

extension MeterFilter {
    var wire: JSONValue {
        .object(["conjunction": .string(conjunction.rawValue), "clauses": .array(clauses.map(\.wire))])
    }
}

extension MeterFilter.Clause {
    var wire: JSONValue {
        switch self {
        case .filter(let filter): filter.wire
        case .comparison(let property, let op, let value):
            .object(["property": .string(property), "operator": .string(op.rawValue), "value": value.wire])
        }
    }
}

extension MeterFilter.Value {
    var wire: JSONValue {
        switch self {
        case .string(let text): .string(text)
        case .integer(let number): .integer(number)
        case .bool(let flag): .bool(flag)
        }
    }
}

extension MeterAggregation {
    var wire: JSONValue {
        switch self {
        case .count: .object(["func": "count"])
        case .property(let function, let property): .object(["func": .string(function.rawValue), "property": .string(property)])
        case .unique(let property): .object(["func": "unique", "property": .string(property)])
        }
    }
}
