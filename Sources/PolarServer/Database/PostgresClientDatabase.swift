import Logging
import NIOCore
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// SQLKit over postgres-nio's `PostgresClient`, its connection pool: each statement runs on
/// any free connection, and `withSession` keeps one connection for its whole closure (what a
/// transaction or an advisory lock needs).
struct PostgresClientDatabase: SQLDatabase {
    let client: PostgresClient
    let logger: Logger

    var eventLoop: any EventLoop { PostgresClient.defaultEventLoopGroup.any() }
    var dialect: any SQLDialect { PostgresDialect() }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    /// Never logged: bound values include token hashes and email bodies.
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await client.withConnection { connection in try await connection.sql(queryLogLevel: nil).execute(sql: query, onRow) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { connection in try await closure(connection.sql(queryLogLevel: nil)) }
    }
}

extension PostgresClient.Configuration {
    /// The client's configuration for a `postgres://user:password@host:port/database` URL
    /// (or `postgres+uds://`), with postgres-kit's reading of it (`sslmode`/`tlsmode`, TLS
    /// preferred by default), and at most `maximumConnections` connections.
    init(url: String, maximumConnections: Int) throws {
        let core = try SQLPostgresConfiguration(url: url).coreConfiguration
        let tls: TLS =
            if !core.tls.isAllowed { .disable } else if core.tls.isEnforced { .require(.makeClientConfiguration()) } else {
                .prefer(.makeClientConfiguration())
            }
        if let path = core.unixSocketPath {
            self.init(unixSocketPath: path, username: core.username, password: core.password, database: core.database)
        } else {
            self.init(
                host: core.host ?? "localhost", port: core.port ?? 5432, username: core.username, password: core.password,
                database: core.database, tls: tls)
        }
        options.maximumConnections = maximumConnections
    }
}
