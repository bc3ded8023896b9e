import Foundation
import PolarModels

/// A `POST /v1/meters/` body (Polar's `MeterCreate`).
struct MeterInput: Sendable {
    var name: String
    var unit: String
    var customLabel: String?
    var customMultiplier: Int?
    var filter: MeterFilter
    var aggregation: MeterAggregation
    var metadata: Metadata

    init(body: JSONValue?) throws {
        var reader = InputReader()
        let loc: [LocationItem] = ["body"]
        guard let body, reader.requireObject(body, at: loc) else {
            if body == nil { reader.fail(loc, "missing", "Field required", input: .null) }
            try reader.stop()
        }
        let metadata = body["metadata"].flatMap { reader.metadata($0, at: loc + ["metadata"]) }
        let name = reader.required(body, "name", at: loc).flatMap { reader.string($0, at: loc + ["name"], minLength: 3) }
        let unit = body["unit"].map { reader.choice($0, at: loc + ["unit"], ["scalar", "token", "custom"]) } ?? "scalar"
        let customLabel = reader.optional(body, "custom_label").flatMap { reader.string($0, at: loc + ["custom_label"]) }
        let customMultiplier = reader.optional(body, "custom_multiplier").flatMap {
            reader.int($0, at: loc + ["custom_multiplier"], greaterThan: 0)
        }
        let filter = reader.required(body, "filter", at: loc).flatMap { Self.filter($0, at: loc + ["filter"], reader: &reader) }
        let aggregation = reader.required(body, "aggregation", at: loc).flatMap {
            Self.aggregation($0, at: loc + ["aggregation"], reader: &reader)
        }
        if let error = reader.rejectOrganizationID(body, at: loc) {
            try reader.check()
            throw APIError.validation([error], kind: .business)
        }
        if reader.errors.isEmpty {
            let message: String? =
                unit == "custom"
                ? (customLabel == nil ? "custom_label is required when unit is 'custom'." : nil)
                : (customLabel != nil ? "custom_label and custom_multiplier are only allowed when unit is 'custom'." : nil)
            if let message {
                reader.fail(loc, "value_error", "Value error, \(message)", input: body, ctx: .object(["error": .object([])]))
            }
        }
        try reader.check()
        self.name = name!
        self.unit = unit!
        self.customLabel = customLabel
        self.customMultiplier = customMultiplier
        self.filter = filter!
        self.aggregation = aggregation!
        self.metadata = metadata ?? [:]
    }

    /// Polar's `Filter`; each clause is the plain union `FilterClause | Filter`: the first member
    /// that takes it, or both members' errors.
    static func filter(_ value: JSONValue, at loc: [LocationItem], reader: inout InputReader) -> MeterFilter? {
        guard reader.requireObject(value, at: loc) else { return nil }
        let errorCount = reader.errors.count
        let conjunction = reader.required(value, "conjunction", at: loc).flatMap {
            reader.choice($0, at: loc + ["conjunction"], ["and", "or"])
        }
        var clauses: [MeterFilter.Clause] = []
        if let items = reader.required(value, "clauses", at: loc).flatMap({ reader.list($0, at: loc + ["clauses"]) }) {
            for (index, item) in items.enumerated() {
                let itemLoc = loc + ["clauses", .index(index)]
                var asClause = InputReader()
                if let clause = clause(item, at: itemLoc + ["FilterClause"], reader: &asClause) {
                    clauses.append(clause)
                    continue
                }
                var asFilter = InputReader()
                if let nested = filter(item, at: itemLoc + ["Filter"], reader: &asFilter) {
                    clauses.append(.filter(nested))
                    continue
                }
                reader.record(asClause.errors + asFilter.errors)
            }
        }
        guard reader.errors.count == errorCount, let conjunction else { return nil }
        return MeterFilter(conjunction: MeterFilter.Conjunction(rawValue: conjunction)!, clauses: clauses)
    }

    private static func clause(_ value: JSONValue, at loc: [LocationItem], reader: inout InputReader) -> MeterFilter.Clause? {
        guard reader.requireObject(value, at: loc) else { return nil }
        let errorCount = reader.errors.count
        let property = reader.required(value, "property", at: loc).flatMap { reader.string($0, at: loc + ["property"]) }
        let op = reader.required(value, "operator", at: loc).flatMap {
            reader.choice($0, at: loc + ["operator"], MeterFilter.Operator.allCases.map(\.rawValue))
        }
        let parsed = reader.required(value, "value", at: loc).flatMap { Self.value($0, at: loc + ["value"], reader: &reader) }
        guard reader.errors.count == errorCount, let property, let op, let parsed else { return nil }
        return .comparison(property: property.strippingMetadataPrefix, operator: MeterFilter.Operator(rawValue: op)!, value: parsed)
    }

    /// A clause's `value`: pydantic's `str (at most 1000 characters) | Int32 | bool`. A value
    /// no member takes gets each member's error.
    private static func value(_ value: JSONValue, at loc: [LocationItem], reader: inout InputReader) -> MeterFilter.Value? {
        let maxLength = 1000
        switch value {
        case .string(let text) where text.unicodeScalars.count <= maxLength: return .string(text)
        case .bool(let flag): return .bool(flag)
        default: break
        }
        var attempt = InputReader()
        if let number = attempt.int(value, at: loc + ["constrained-int"], min: -2_147_483_648, max: 2_147_483_647) {
            return .integer(number)
        }
        if case .string(let text) = value {
            reader.fail(
                loc + ["constrained-str"], "string_too_long", "String should have at most \(maxLength) characters", input: .string(text),
                ctx: .object(["max_length": .integer(maxLength)]))
        } else {
            reader.fail(loc + ["constrained-str"], "string_type", "Input should be a valid string", input: value)
        }
        reader.record(attempt.errors)
        // pydantic reads text and whole numbers as booleans but finds no boolean in these.
        let readable: Bool =
            switch value {
            case .string, .integer: true
            case .number(let number): number.rounded() == number
            default: false
            }
        if readable {
            reader.fail(loc + ["bool"], "bool_parsing", "Input should be a valid boolean, unable to interpret input", input: value)
        } else {
            reader.fail(loc + ["bool"], "bool_type", "Input should be a valid boolean", input: value)
        }
        return nil
    }

    /// Polar's aggregation union, discriminated by `func`.
    static func aggregation(_ value: JSONValue, at loc: [LocationItem], reader: inout InputReader) -> MeterAggregation? {
        let tags = ["count", "sum", "max", "min", "avg", "unique"]
        guard case .object = value else {
            reader.fail(
                loc, "model_attributes_type", "Input should be a valid dictionary or object to extract fields from", input: value)
            return nil
        }
        guard let tagValue = value["func"] else {
            reader.fail(
                loc, "union_tag_not_found", "Unable to extract tag using discriminator 'func'", input: value,
                ctx: .object(["discriminator": "'func'"]))
            return nil
        }
        guard case .string(let tag) = tagValue, tags.contains(tag) else {
            let shown = PythonText.str(tagValue)
            // As pydantic prints Polar's `AggregationFunction` members (`count` is named `cnt`).
            let expected = tags.map { "<AggregationFunction.\($0 == "count" ? "cnt" : $0): '\($0)'>" }.joined(separator: ", ")
            reader.fail(
                loc, "union_tag_invalid",
                "Input tag '\(shown)' found using 'func' does not match any of the expected tags: \(expected)", input: value,
                ctx: .object(["discriminator": "'func'", "tag": .string(shown), "expected_tags": .string(expected)]))
            return nil
        }
        if tag == "count" { return .count }
        let tagLoc = loc + [.key(tag)]
        guard let property = reader.required(value, "property", at: tagLoc).flatMap({ reader.string($0, at: tagLoc + ["property"]) })
        else { return nil }
        if tag == "unique" { return .unique(property: property.strippingMetadataPrefix) }
        return .property(MeterAggregation.Function(rawValue: tag)!, property: property.strippingMetadataPrefix)
    }
}

extension String {
    /// Polar accepts `metadata.key` for a metadata property and stores `key`.
    var strippingMetadataPrefix: String { hasPrefix("metadata.") ? String(dropFirst("metadata.".count)) : self }
}
