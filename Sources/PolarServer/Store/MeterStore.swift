import Foundation
import PolarModels
import SQLKit

/// Meters, one organization's at a time.
struct MeterStore: Sendable {
    let database: Database

    private static let columns =
        "id, organization_id, name, unit, custom_label, custom_multiplier, filter, aggregation, metadata, created_at, modified_at, archived_at"

    func insert(_ meter: MeterRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO meters (\(unsafeRaw: Self.columns)) VALUES (\(bind: meter.id.lowercased), \
            \(bind: meter.organizationID.lowercased), \(bind: meter.name), \(bind: meter.unit), \(bind: meter.customLabel), \
            \(bind: meter.customMultiplier), \(bind: meter.filter.wire.text), \(bind: meter.aggregation.wire.text), \
            \(bind: meter.metadata.wire.text), \(bind: meter.createdAt), \(bind: meter.modifiedAt), \(bind: meter.archivedAt))
            """
        ).run()
    }

    /// Writes every field that can change.
    func update(_ meter: MeterRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE meters SET name = \(bind: meter.name), unit = \(bind: meter.unit), custom_label = \(bind: meter.customLabel), \
            custom_multiplier = \(bind: meter.customMultiplier), filter = \(bind: meter.filter.wire.text), \
            aggregation = \(bind: meter.aggregation.wire.text), metadata = \(bind: meter.metadata.wire.text), \
            modified_at = \(bind: meter.modifiedAt), archived_at = \(bind: meter.archivedAt) WHERE id = \(bind: meter.id.lowercased)
            """
        ).run()
    }

    func find(_ id: UUID, organizationID: UUID, on db: (any SQLDatabase)? = nil) async throws -> MeterRecord? {
        try await (db ?? database.sql).raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM meters \
            WHERE id = \(bind: id.lowercased) AND organization_id = \(bind: organizationID.lowercased)
            """
        ).first().map(MeterRecord.init(row:))
    }

    /// The meters among `ids`.
    func find(_ ids: [UUID], on db: (any SQLDatabase)? = nil) async throws -> [MeterRecord] {
        guard !ids.isEmpty else { return [] }
        return try await (db ?? database.sql).raw(
            "SELECT \(unsafeRaw: Self.columns) FROM meters WHERE id IN (\(binds: ids.map(\.lowercased)))"
        ).all().map(MeterRecord.init(row:))
    }

    /// One page of the organization's meters matching `filter`, and how many match.
    func list(organizationID: UUID, filter: MeterListFilter, page: Int, limit: Int) async throws -> (items: [MeterRecord], total: Int) {
        var conditions: [SQLQueryString] = ["organization_id = \(bind: organizationID.lowercased)"]
        if let query = filter.query { conditions.append("LOWER(name) LIKE \(bind: "%" + query.lowercased() + "%")") }
        if let archived = filter.isArchived { conditions.append(archived ? "archived_at IS NOT NULL" : "archived_at IS NULL") }
        for (key, values) in filter.metadata { conditions.append(database.dialect.jsonMemberIn("metadata", key, values)) }
        let (rows, total) = try await database.page(
            Self.columns, from: "meters", where: conditions.joined(separator: " AND "),
            orderBy: filter.sorting.map(\.orderBy).joined(separator: ", "), page: page, limit: limit)
        return (try rows.map(MeterRecord.init(row:)), total)
    }

    /// Every meter of the organization, archived ones too.
    func all(organizationID: UUID) async throws -> [MeterRecord] {
        try await database.sql.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM meters WHERE organization_id = \(bind: organizationID.lowercased)"
        ).all().map(MeterRecord.init(row:))
    }

    /// The meters events still count towards.
    func active(organizationID: UUID, on db: any SQLDatabase) async throws -> [MeterRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM meters \
            WHERE organization_id = \(bind: organizationID.lowercased) AND archived_at IS NULL ORDER BY created_at
            """
        ).all().map(MeterRecord.init(row:))
    }
}

extension MeterRecord {
    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        organizationID = try row.uuid("organization_id")
        name = try row.decode(column: "name", as: String.self)
        unit = try row.decode(column: "unit", as: String.self)
        customLabel = try row.optional("custom_label", as: String.self)
        customMultiplier = try row.optional("custom_multiplier", as: Int.self)
        // Stored by us from validated input, so reading it back cannot fail.
        var reader = InputReader()
        filter = MeterInput.filter(try row.json("filter"), at: [], reader: &reader)!
        aggregation = MeterInput.aggregation(try row.json("aggregation"), at: [], reader: &reader)!
        metadata = try row.metadata()
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        modifiedAt = try row.optional("modified_at", as: Int64.self)
        archivedAt = try row.optional("archived_at", as: Int64.self)
    }
}

/// The filters and order of `GET /v1/meters/`.
struct MeterListFilter: Sendable {
    var query: String?
    var isArchived: Bool?
    var metadata: [(key: String, values: [String])] = []
    var sorting: [MeterSortProperty] = [.name]
}

/// Polar's meter sort keys; by name unless told otherwise.
enum MeterSortProperty: String, CaseIterable, Sendable {
    case createdAt = "created_at"
    case createdAtDescending = "-created_at"
    case name
    case nameDescending = "-name"

    var orderBy: String {
        switch self {
        case .createdAt: "created_at"
        case .createdAtDescending: "created_at DESC"
        case .name: "name"
        case .nameDescending: "name DESC"
        }
    }
}
