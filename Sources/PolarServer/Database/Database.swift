@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import ServiceLifecycle
import StripeEmulator

/// The database every store shares: a connection pool behind SQLKit, the few statements that
/// differ between SQL dialects, and transactions.
public final class Database: StripeEmulatorDatabase {
    /// Runs queries on any free pooled connection.
    let sql: any SQLDatabase
    let dialect: SQLDialectSeam
    /// Commits write transactions in groups where the database takes one writer at a time (SQLite).
    let groupCommit: GroupCommit?
    /// How much of the pool is at work, for the metrics.
    let usage: PoolUsage
    private let closePool: @Sendable () async throws -> Void

    private init(
        sql: any SQLDatabase, dialect: SQLDialectSeam, poolCapacity: Int, closePool: @escaping @Sendable () async throws -> Void
    ) {
        usage = PoolUsage(capacity: poolCapacity)
        self.sql = MeteredSQLDatabase(base: sql, usage: usage)
        self.dialect = dialect
        self.groupCommit = dialect.singleWriter ? GroupCommit(sql: self.sql, begin: dialect.beginWriteTransaction) : nil
        self.closePool = closePool
    }

    /// The threads SQLite's calls block on, shared by every SQLite database the process opens,
    /// rather than NIO's pool of one thread per core: a statement waiting out the busy timeout
    /// on a lock another connection holds must not leave the holder without a thread to finish
    /// on. One for each of a server's connections (four per core by default) and a few for a
    /// command's beside it; more would only spread SQLite's memory over more malloc arenas.
    /// Never shut down, like NIO's own.
    private static let sqliteThreads: NIOThreadPool = {
        let threads = NIOThreadPool(numberOfThreads: 4 * System.coreCount + 8)
        threads.start()
        return threads
    }()

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
            let source = TunedSQLiteSource(
                source: SQLiteConnectionSource(configuration: .init(storage: .file(path: path)), threadPool: Self.sqliteThreads))
            let pool = EventLoopGroupConnectionPool(
                source: source, maxConnectionsPerEventLoop: poolSize, pruneInterval: nil, logger: logger,
                on: MultiThreadedEventLoopGroup.singleton)
            let database = SQLitePool(pool: pool, logger: logger).sql(queryLogLevel: nil)
            return Database(
                sql: database, dialect: .sqlite, poolCapacity: poolSize * Array(pool.eventLoopGroup.makeIterator()).count,
                closePool: { try await pool.shutdownAsync() })
        case .postgres(let url):
            let capacity = poolSize * System.coreCount
            let client = PostgresClient(
                configuration: try PostgresClient.Configuration(url: url, maximumConnections: capacity), backgroundLogger: logger)
            // The client's pool lives as long as this task; cancelling it closes the connections.
            // Started immediately, so the client is running before anything leases from it.
            let running = if #available(macOS 26, *) { Task.immediate { await client.run() } } else { Task { await client.run() } }
            return Database(
                sql: PostgresClientDatabase(client: client, logger: logger), dialect: .postgres, poolCapacity: capacity,
                closePool: {
                    running.cancel()
                    await running.value
                })
        }
    }

    /// Runs `body` in one write transaction on one connection: committed when it returns,
    /// rolled back when it throws, so a failed request leaves nothing half-written. On SQLite
    /// it may share the commit with other writers (``GroupCommit``), never its outcome.
    package func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let groupCommit { return try await groupCommit.run(body) }
        return try await sql.withSession { [dialect] session in try await Self.transaction(on: session, dialect: dialect, body) }
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
