@preconcurrency import AsyncKit
import Logging
import NIOCore
import SQLiteKit

/// An `SQLiteDatabase` that leases connections from a pool, so SQLKit queries from concurrent
/// requests run on separate connections and `withSession` pins a transaction to one of them.
struct SQLitePool: SQLiteDatabase {
    let pool: EventLoopGroupConnectionPool<TunedSQLiteSource>
    let logger: Logger
    var eventLoop: any EventLoop { pool.eventLoopGroup.any() }

    func query(
        _ query: String, _ binds: [SQLiteData], logger: Logger, _ onRow: @escaping @Sendable (SQLiteRow) -> Void
    ) -> EventLoopFuture<Void> {
        pool.withConnection(logger: logger) { $0.query(query, binds, logger: logger, onRow) }
    }

    func query(_ query: String, _ binds: [SQLiteData], _ onRow: @escaping @Sendable (SQLiteRow) -> Void) async throws {
        try await self.query(query, binds, logger: logger, onRow).get()
    }

    func withConnection<T>(_ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        pool.withConnection(logger: logger, closure)
    }

    func withConnection<T>(_ closure: @escaping @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        try await pool.withConnection(logger: logger) { connection in
            connection.eventLoop.makeFutureWithTask { UncheckedBox(value: try await closure(connection)) }
        }.get().value
    }
}

/// Opens SQLite connections tuned for a server: WAL so readers never block the writer, a busy
/// timeout so concurrent writers queue instead of failing, every commit synced to disk
/// (`synchronous = FULL`), so no acknowledged write is lost on power loss, and temporary
/// structures (statement journals, sorts) in memory rather than in files.
struct TunedSQLiteSource: ConnectionPoolSource {
    let source: SQLiteConnectionSource

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        source.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            connection.query("PRAGMA journal_mode = WAL").flatMap { _ in
                connection.query("PRAGMA busy_timeout = 10000")
            }.flatMap { _ in
                connection.query("PRAGMA synchronous = FULL")
            }.flatMap { _ in
                connection.query("PRAGMA temp_store = MEMORY")
            }.map { _ in connection }
        }
    }
}

/// Carries a result out of a pooled connection's future. The value is handed over once, from the
/// closure that made it to the caller awaiting it, never shared.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
}
