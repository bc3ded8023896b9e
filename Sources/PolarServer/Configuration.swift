import Logging

/// How to run the server.
public struct ServerConfiguration: Sendable {
    public var hostname: String
    public var port: Int
    public var database: DatabaseURL
    /// Database connections per event loop (one event loop per core).
    public var databasePoolSize: Int
    public var logLevel: Logger.Level

    public init(
        hostname: String = "127.0.0.1", port: Int = 8080, database: DatabaseURL = .embeddedDefault,
        databasePoolSize: Int = 4, logLevel: Logger.Level = .info
    ) {
        self.hostname = hostname
        self.port = port
        self.database = database
        self.databasePoolSize = databasePoolSize
        self.logLevel = logLevel
    }
}
