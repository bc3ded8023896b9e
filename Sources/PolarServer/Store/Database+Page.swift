import Foundation
import SQLKit

extension Database {
    /// The rows before `page` (counted from 1) of `limit` rows each. Saturating: Polar takes any
    /// positive page, and one far past the end is simply empty.
    static func offset(page: Int, limit: Int) -> Int {
        let (skip, overflow) = (page - 1).multipliedReportingOverflow(by: limit)
        return overflow ? Int.max : skip
    }

    /// One page of a list endpoint: the rows of `source` matching `condition` in `order` (the
    /// id breaking ties, so pages are stable), and how many match in all.
    func page(
        _ columns: String, from source: String, where condition: SQLQueryString, orderBy order: String, idColumn: String = "id",
        page: Int, limit: Int
    ) async throws -> (rows: [any SQLRow], total: Int) {
        let total = try await count(from: SQLQueryString(source), where: condition)
        let rows = try await rows(
            columns, from: SQLQueryString(source), where: condition, orderBy: order, idColumn: idColumn, page: page, limit: limit)
        return (rows, total)
    }

    /// How many rows of `source` match `condition`.
    func count(from source: SQLQueryString, where condition: SQLQueryString) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM " + source + " WHERE " + condition).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// The rows of page `page` (of `limit` each) of `source` matching `condition` in `order`.
    func rows(
        _ columns: String, from source: SQLQueryString, where condition: SQLQueryString, orderBy order: String, idColumn: String = "id",
        page: Int, limit: Int
    ) async throws -> [any SQLRow] {
        try await sql.raw(
            "SELECT \(unsafeRaw: columns) FROM " + source + " WHERE " + condition
                + " ORDER BY \(unsafeRaw: order), \(unsafeRaw: idColumn) LIMIT \(literal: limit) OFFSET \(literal: Self.offset(page: page, limit: limit))"
        ).all()
    }
}
