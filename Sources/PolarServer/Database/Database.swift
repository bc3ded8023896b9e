@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import ServiceLifecycle

/// The database every store shares: a connection pool behind SQLKit, the few statements that
/// differ between SQL dialects, and transactions.
public final class Database: Sendable {
    /// Runs queries on any free pooled connection.
    let sql: any SQLDatabase
    let dialect: SQLDialectSeam
    /// Queues write transactions where the database takes one writer at a time (SQLite).
    let writeQueue: WriteQueue?
    /// How much of the pool is at work, for the metrics.
    let usage: PoolUsage
    private let closePool: @Sendable () async throws -> Void

    private init(
        sql: any SQLDatabase, dialect: SQLDialectSeam, poolCapacity: Int, closePool: @escaping @Sendable () async throws -> Void
    ) {
        usage = PoolUsage(capacity: poolCapacity)
        self.sql = MeteredSQLDatabase(base: sql, usage: usage)
        self.dialect = dialect
        self.writeQueue = dialect.singleWriter ? WriteQueue() : nil
        self.closePool = closePool
    }

    /// Opens (creating if needed) the database at `url`, with up to `poolSize` connections per
    /// event loop. Call ``close()`` when done.
    ///
    /// The drivers log bound values and row data at `trace` (token hashes, email bodies with
    /// their links), so they never log below `debug`, and queries are not logged.
    public static func open(_ url: DatabaseURL, poolSize: Int = 4, logger: Logger) throws -> Database {
        var logger = logger
        logger.logLevel = max(logger.logLevel, .debug)
        switch url {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let source = TunedSQLiteSource(source: SQLiteConnectionSource(configuration: .init(storage: .file(path: path))))
            let pool = EventLoopGroupConnectionPool(
                source: source, maxConnectionsPerEventLoop: poolSize, pruneInterval: nil, logger: logger,
                on: MultiThreadedEventLoopGroup.singleton)
            let database = SQLitePool(pool: pool, logger: logger).sql(queryLogLevel: nil)
            return Database(
                sql: database, dialect: .sqlite, poolCapacity: poolSize * Array(pool.eventLoopGroup.makeIterator()).count,
                closePool: { try await pool.shutdownAsync() })
        case .postgres(let url):
            let configuration = try SQLPostgresConfiguration(url: url)
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration), maxConnectionsPerEventLoop: poolSize,
                pruneInterval: .seconds(60), logger: logger, on: MultiThreadedEventLoopGroup.singleton)
            let database = pool.database(logger: logger).sql(queryLogLevel: nil)
            return Database(
                sql: database, dialect: .postgres, poolCapacity: poolSize * Array(pool.eventLoopGroup.makeIterator()).count,
                closePool: { try await pool.shutdownAsync() })
        }
    }

    /// Runs `body` in one write transaction on one connection: committed when it returns,
    /// rolled back when it throws, so a failed request leaves nothing half-written.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let run = { @Sendable [sql, dialect] in
            try await sql.withSession { session in try await Self.transaction(on: session, dialect: dialect, body) }
        }
        guard let writeQueue else { return try await run() }
        return try await writeQueue.run(run)
    }

    /// Runs `body` in a transaction on a session already pinned to one connection.
    static func transaction<T>(
        on session: any SQLDatabase, dialect: SQLDialectSeam, _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await session.raw(SQLQueryString(dialect.beginWriteTransaction)).run()
        do {
            let result = try await body(session)
            try await session.raw("COMMIT").run()
            return result
        } catch {
            try? await session.raw("ROLLBACK").run()
            throw error
        }
    }

    public func close() async throws {
        try await closePool()
    }
}

/// Closes the database when the application shuts down, and lets go of the file.
struct DatabaseService: Service {
    let database: Database
    let servingLock: ServingLock?

    func run() async throws {
        try? await gracefulShutdown()
        try await database.close()
        servingLock?.release()
    }
}
