import Logging
import NIOCore
import SQLKit
import Synchronization

/// How much of the connection pool is at work: the queries and pinned sessions in flight,
/// against how many connections the pool may open. Read when metrics are scraped; counting
/// costs one atomic add per query.
final class PoolUsage: Sendable {
    /// Connections the pool may open (per event loop times event loops).
    let capacity: Int
    private let inUse = Atomic<Int>(0)

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Connections busy now.
    var current: Int { inUse.load(ordering: .relaxed) }

    func enter() { inUse.add(1, ordering: .relaxed) }
    func leave() { inUse.subtract(1, ordering: .relaxed) }
}

/// The pool's `SQLDatabase`, counting into ``PoolUsage`` what is at work.
struct MeteredSQLDatabase: SQLDatabase {
    let base: any SQLDatabase
    let usage: PoolUsage

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        usage.enter()
        return base.execute(sql: query, onRow).always { [usage] _ in usage.leave() }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        usage.enter()
        defer { usage.leave() }
        try await base.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        usage.enter()
        defer { usage.leave() }
        return try await base.withSession(closure)
    }
}
