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

    /// One page of the organization's live benefits, newest first, optionally of some types.
    func list(organizationID: UUID, types: [String]?, page: Int, limit: Int) async throws -> (items: [BenefitRecord], total: Int) {
        var condition: SQLQueryString = "organization_id = \(bind: organizationID.lowercased) AND deleted_at IS NULL"
        if let types { condition = condition + " AND type IN (\(binds: types))" }
        let (rows, total) = try await database.page(
            Self.columns, from: "benefits", where: condition, orderBy: "created_at DESC", page: page, limit: limit)
        return (try rows.map(BenefitRecord.init(row:)), total)
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
        modifiedAt = try row.decode(column: "modified_at", as: Int64?.self)
        deletedAt = try row.decode(column: "deleted_at", as: Int64?.self)
    }
}
