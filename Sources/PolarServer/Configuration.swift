import Logging

/// How to run the server.
public struct ServerConfiguration: Sendable {
    public var hostname: String
    public var port: Int
    public var database: DatabaseURL
    public var logLevel: Logger.Level

    public init(
        hostname: String = "127.0.0.1", port: Int = 8080, database: DatabaseURL = .embeddedDefault,
        logLevel: Logger.Level = .info
    ) {
        self.hostname = hostname
        self.port = port
        self.database = database
        self.logLevel = logLevel
    }
}
