import Foundation
import PolarModels

/// The query of `GET /v1/customers/`, validated as Polar validates it.
struct CustomerListQuery: Sendable {
    var organizationIDs: [UUID]?
    var filter = CustomerFilter()
    var active: Bool?
    var pages = PageQuery()
    var page: Int { pages.page }
    var limit: Int { pages.limit }

    init(_ query: QueryParameters) throws {
        var reader = InputReader()
        // FastAPI reports dependency parameters (pagination, sorting) before the endpoint's own.
        for (key, value) in query.pairs {
            guard key.hasPrefix("metadata["), let close = key.firstIndex(of: "]") else { continue }
            let name = String(key[key.index(key.startIndex, offsetBy: 9)..<close])
            guard !name.isEmpty else { continue }
            if let index = filter.metadata.firstIndex(where: { $0.key == name }) {
                filter.metadata[index].values.append(value)
            } else {
                filter.metadata.append((name, [value]))
            }
        }
        filter.email = query["email"]
        filter.query = query["query"]
        pages = PageQuery(query, reader: &reader)
        let sorting = query.values("sorting")
        if !sorting.isEmpty {
            let expected = InputReader.choices(CustomerSortProperty.allCases.map(\.rawValue))
            filter.sorting = sorting.enumerated().compactMap { index, value in
                guard let property = CustomerSortProperty(rawValue: value) else {
                    reader.fail(
                        ["query", "sorting", .index(index)], "enum", "Input should be \(expected)", input: .string(value),
                        ctx: .object(["expected": .string(expected)]))
                    return nil
                }
                return property
            }
        }
        organizationIDs = reader.organizationIDs(query)
        active = query["active"].flatMap { reader.bool($0, at: ["query", "active"]) }
        try reader.check()
    }
}

extension InputReader {
    /// The repeatable `organization_id` filter; `nil` when absent.
    mutating func organizationIDs(_ query: QueryParameters) -> [UUID]? {
        let values = query.values("organization_id")
        guard !values.isEmpty else { return nil }
        return values.enumerated().compactMap { index, value in
            uuid4(.string(value), at: ["query", "organization_id", .index(index)])
        }
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
