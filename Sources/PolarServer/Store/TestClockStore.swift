import Foundation
import PolarModels
import SQLKit

/// Test clocks, one organization's at a time; deleted ones are kept (their customers still
/// name them) but never found.
struct TestClockStore: Sendable {
    let database: Database

    private static let columns = "id, organization_id, name, frozen_time, advancing_to, created_at, modified_at"

    func insert(_ clock: TestClockRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO test_clocks (\(unsafeRaw: Self.columns), status) VALUES (\(bind: clock.id.lowercased), \
            \(bind: clock.organizationID.lowercased), \(bind: clock.name), \(bind: clock.frozenTime), \(bind: clock.advancingTo), \
            \(bind: clock.createdAt), \(bind: clock.modifiedAt), \(bind: clock.wire.status.rawValue))
            """
        ).run()
    }

    func update(_ clock: TestClockRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE test_clocks SET frozen_time = \(bind: clock.frozenTime), advancing_to = \(bind: clock.advancingTo), \
            status = \(bind: clock.wire.status.rawValue), modified_at = \(bind: clock.modifiedAt) WHERE id = \(bind: clock.id.lowercased)
            """
        ).run()
    }

    /// One of the organization's clocks (any organization's when `organizationID` is `nil`);
    /// `forUpdate` locks it for the transaction.
    func find(_ id: UUID, organizationID: UUID?, forUpdate: Bool = false, on db: (any SQLDatabase)? = nil) async throws -> TestClockRecord? {
        let scope: SQLQueryString = organizationID.map { " AND organization_id = \(bind: $0.lowercased)" } ?? ""
        return try await (db ?? database.sql).raw(
            "SELECT \(unsafeRaw: Self.columns) FROM test_clocks WHERE id = \(bind: id.lowercased) AND deleted_at IS NULL" + scope
                + SQLQueryString(forUpdate ? database.dialect.lockForUpdate : "")
        ).first().map(TestClockRecord.init(row:))
    }

    /// A page of the organization's clocks, newest first, and how many there are.
    func list(organizationID: UUID, page: Int, limit: Int) async throws -> (items: [TestClockRecord], total: Int) {
        let (rows, total) = try await database.page(
            Self.columns, from: "test_clocks",
            where: "organization_id = \(bind: organizationID.lowercased) AND deleted_at IS NULL", orderBy: "created_at DESC",
            page: page, limit: limit)
        return (try rows.map(TestClockRecord.init(row:)), total)
    }

    /// The clocks whose advance has not finished (a crash stopped it), oldest first.
    func advancing() async throws -> [UUID] {
        try await database.sql.raw(
            "SELECT id FROM test_clocks WHERE advancing_to IS NOT NULL AND deleted_at IS NULL ORDER BY created_at"
        ).all().map { try $0.uuid("id") }
    }

    func delete(_ id: UUID, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE test_clocks SET deleted_at = \(bind: now), advancing_to = NULL WHERE id = \(bind: id.lowercased)").run()
    }

    /// The time of each of the customers that lives on a test clock.
    func frozenTimes(customerIDs: Set<UUID>, on db: any SQLDatabase) async throws -> [UUID: Int64] {
        guard !customerIDs.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT c.id, t.frozen_time FROM customers c JOIN test_clocks t ON t.id = c.test_clock_id \
            WHERE c.id IN (\(binds: customerIDs.map(\.lowercased)))
            """
        ).all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.uuid("id"), try $0.decode(column: "frozen_time", as: Int64.self)) })
    }

    /// A clock's time: "now" for its customers (`nil` for a customer on no clock).
    func frozenTime(_ testClockID: UUID?, on db: any SQLDatabase) async throws -> Int64? {
        guard let testClockID else { return nil }
        return try await db.raw("SELECT frozen_time FROM test_clocks WHERE id = \(bind: testClockID.lowercased)")
            .first(decodingColumn: "frozen_time", as: Int64.self)
    }
}

extension TestClockRecord {
    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        organizationID = try row.uuid("organization_id")
        name = try row.optional("name", as: String.self)
        frozenTime = try row.decode(column: "frozen_time", as: Int64.self)
        advancingTo = try row.optional("advancing_to", as: Int64.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        modifiedAt = try row.optional("modified_at", as: Int64.self)
    }
}
