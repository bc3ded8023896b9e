import Foundation
import PolarModels
import SQLKit

/// Benefits, one organization's at a time.
struct BenefitStore: Sendable {
    let database: Database

    private static let columns =
        "id, organization_id, type, description, properties, metadata, visibility, created_at, modified_at, deleted_at"

    func insert(_ benefit: BenefitRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO benefits (\(unsafeRaw: Self.columns)) VALUES (\(bind: benefit.id.lowercased), \
            \(bind: benefit.organizationID.lowercased), \(bind: benefit.type.rawValue), \(bind: benefit.description), \
            \(bind: benefit.properties.text), \(bind: benefit.metadata.wire.text), \(bind: benefit.visibility), \
            \(bind: benefit.createdAt), \(bind: benefit.modifiedAt), \(bind: benefit.deletedAt))
            """
        ).run()
    }

    /// Writes every field that can change: description, properties, metadata, visibility and the times.
    func update(_ benefit: BenefitRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE benefits SET description = \(bind: benefit.description), properties = \(bind: benefit.properties.text), \
            metadata = \(bind: benefit.metadata.wire.text), visibility = \(bind: benefit.visibility), \
            modified_at = \(bind: benefit.modifiedAt), deleted_at = \(bind: benefit.deletedAt) WHERE id = \(bind: benefit.id.lowercased)
            """
        ).run()
    }

    /// How many live `meter_credit` benefits credit the meter.
    func creditCount(meterID: UUID, on db: any SQLDatabase) async throws -> Int {
        let credits: SQLQueryString = "SELECT COUNT(*) AS n FROM benefits WHERE type = 'meter_credit' AND deleted_at IS NULL AND "
        return try await db.raw(credits + database.dialect.jsonMemberIn("properties", "meter_id", [meterID.lowercased]))
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    func find(_ id: UUID, organizationID: UUID, on db: (any SQLDatabase)? = nil) async throws -> BenefitRecord? {
        try await (db ?? database.sql).raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM benefits WHERE id = \(bind: id.lowercased) \
            AND organization_id = \(bind: organizationID.lowercased) AND deleted_at IS NULL
            """
        ).first().map(BenefitRecord.init(row:))
    }

    /// The live benefits among `ids`, in no particular order.
    func find(_ ids: [UUID], on db: (any SQLDatabase)? = nil) async throws -> [BenefitRecord] {
        guard !ids.isEmpty else { return [] }
        return try await (db ?? database.sql).raw(
            "SELECT \(unsafeRaw: Self.columns) FROM benefits WHERE id IN (\(binds: ids.map(\.lowercased)))"
        ).all().map(BenefitRecord.init(row:))
    }

    /// One page of the organization's live benefits matching `filter`, and how many match.
    func list(organizationID: UUID, filter: BenefitListFilter, page: Int, limit: Int) async throws -> (items: [BenefitRecord], total: Int) {
        var conditions: [SQLQueryString] = ["organization_id = \(bind: organizationID.lowercased) AND deleted_at IS NULL"]
        if let types = filter.types { conditions.append("type IN (\(binds: types))") }
        if let ids = filter.ids { conditions.append("id IN (\(binds: ids.map(\.lowercased)))") }
        if let ids = filter.excludedIDs { conditions.append("id NOT IN (\(binds: ids.map(\.lowercased)))") }
        if let query = filter.query { conditions.append("LOWER(description) LIKE \(bind: "%" + query.lowercased() + "%")") }
        for (key, values) in filter.metadata { conditions.append(database.dialect.jsonMemberIn("metadata", key, values)) }
        let (rows, total) = try await database.page(
            Self.columns, from: "benefits", where: conditions.joined(separator: " AND "), orderBy: filter.orderBy, page: page,
            limit: limit)
        return (try rows.map(BenefitRecord.init(row:)), total)
    }
}

/// The filters and order of `GET /v1/benefits/`.
struct BenefitListFilter: Sendable {
    var types: [String]?
    var ids: [UUID]?
    var excludedIDs: [UUID]?
    var query: String?
    var metadata: [(key: String, values: [String])] = []
    var sorting: [BenefitSortProperty] = [.createdAtDescending]

    /// Polar's order: `user_order` is the order of the `id` filter (and means nothing without
    /// it); the other keys in turn.
    var orderBy: String {
        var clauses: [String] = []
        if let userOrder = sorting.first(where: { $0 == .userOrder || $0 == .userOrderDescending }), let ids, !ids.isEmpty {
            let cases = ids.enumerated().map { "WHEN '\($1.lowercased)' THEN \($0)" }.joined(separator: " ")
            clauses.append("CASE id \(cases) END" + (userOrder == .userOrderDescending ? " DESC" : ""))
        }
        clauses += sorting.compactMap(\.orderBy)
        return clauses.isEmpty ? "id" : clauses.joined(separator: ", ")
    }
}

/// Polar's benefit sort keys.
enum BenefitSortProperty: String, CaseIterable, Sendable {
    case createdAt = "created_at"
    case createdAtDescending = "-created_at"
    case description
    case descriptionDescending = "-description"
    case type
    case typeDescending = "-type"
    case userOrder = "user_order"
    case userOrderDescending = "-user_order"

    var orderBy: String? {
        switch self {
        case .createdAt: "created_at"
        case .createdAtDescending: "created_at DESC"
        case .description: "description"
        case .descriptionDescending: "description DESC"
        case .type: "type"
        case .typeDescending: "type DESC"
        case .userOrder, .userOrderDescending: nil
        }
    }
}

extension BenefitRecord {
    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        organizationID = try row.uuid("organization_id")
        type = BenefitType(rawValue: try row.decode(column: "type", as: String.self))
        description = try row.decode(column: "description", as: String.self)
        properties = try row.json("properties")
        metadata = try row.metadata()
        visibility = try row.decode(column: "visibility", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        modifiedAt = try row.optional("modified_at", as: Int64.self)
        deletedAt = try row.optional("deleted_at", as: Int64.self)
    }
}
