import Foundation
import PolarCompatibility
import PolarModels

/// Readers for the query parameters Polar's list endpoints share.
extension QueryParameters {
    /// Polar's `metadata[key]=value` filter: values of one key are alternatives.
    var metadataFilter: [(key: String, values: [String])] {
        var filter: [(key: String, values: [String])] = []
        for (key, value) in pairs {
            guard key.hasPrefix("metadata["), let close = key.firstIndex(of: "]") else { continue }
            let name = String(key[key.index(key.startIndex, offsetBy: 9)..<close])
            guard !name.isEmpty else { continue }
            if let index = filter.firstIndex(where: { $0.key == name }) {
                filter[index].values.append(value)
            } else {
                filter.append((name, [value]))
            }
        }
        return filter
    }
}

extension InputReader {
    /// The repeatable `sorting` parameter, each value one of `Property`'s; `nil` when absent.
    mutating func sorting<Property: RawRepresentable & CaseIterable>(_ query: QueryParameters) -> [Property]?
    where Property.RawValue == String {
        let values = query.values("sorting")
        guard !values.isEmpty else { return nil }
        let expected = InputReader.choices(Property.allCases.map(\.rawValue))
        return values.enumerated().compactMap { index, value in
            guard let property = Property(rawValue: value) else {
                fail(
                    ["query", "sorting", .index(index)], "enum", "Input should be \(expected)", input: .string(value),
                    ctx: .object(["expected": .string(expected)]))
                return nil
            }
            return property
        }
    }

    /// A repeatable UUID query parameter; `nil` when absent.
    mutating func uuids(_ query: QueryParameters, _ name: String) -> [UUID]? {
        let values = query.values(name)
        guard !values.isEmpty else { return nil }
        return values.enumerated().compactMap { index, value in uuid4(.string(value), at: ["query", .key(name), .index(index)]) }
    }

    /// The repeatable `organization_id` filter; `nil` when absent.
    mutating func organizationIDs(_ query: QueryParameters) -> [UUID]? {
        uuids(query, "organization_id")
    }

    /// A repeatable query parameter whose values are one of `choices`; `nil` when absent.
    mutating func choices(_ query: QueryParameters, _ name: String, _ choices: [String]) -> [String]? {
        let values = query.values(name)
        guard !values.isEmpty else { return nil }
        return values.enumerated().compactMap { index, value in choice(.string(value), at: ["query", .key(name), .index(index)], choices) }
    }

    /// A query `datetime` as pydantic reads one: RFC 3339 with or without an offset (none is
    /// UTC, as PostgreSQL compares it here), or a date at midnight; microseconds since the epoch.
    mutating func datetime(_ query: QueryParameters, _ name: String) -> Int64? {
        guard let text = query[name] else { return nil }
        for candidate in [text, text + "Z", text + "T00:00:00Z"] {
            if let microseconds = PolarTimestamp.parseMicroseconds(candidate) { return microseconds }
        }
        let reason = text.count < 10 ? "input is too short" : "invalid character in year"
        fail(
            ["query", .key(name)], "datetime_from_date_parsing", "Input should be a valid datetime or date, \(reason)",
            input: .string(text), ctx: .object(["error": .string(reason)]))
        return nil
    }

    /// A query boolean as pydantic reads one from text.
    mutating func bool(_ text: String, at loc: [LocationItem]) -> Bool? {
        bool(.string(text), at: loc)
    }

    /// A query integer that must be greater than zero.
    mutating func positiveInt(_ text: String, at loc: [LocationItem]) -> Int? {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            fail(loc, "int_parsing", "Input should be a valid integer, unable to parse string as an integer", input: .string(text))
            return nil
        }
        guard value > 0 else {
            fail(loc, "greater_than", "Input should be greater than 0", input: .string(text), ctx: .object(["gt": 0]))
            return nil
        }
        return value
    }
}
