import Foundation

/// Where the data lives, parsed from `--database` / `POLAR_DATABASE_URL`.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file (`sqlite:///absolute/path` or `sqlite://relative/path`).
    case sqlite(path: String)
    /// A PostgreSQL database, `postgres://user:password@host:port/database`; TLS when the URL
    /// asks for it (`?sslmode=require`, `verify-full`, ...).
    case postgres(url: String)

    /// The embedded default: a file under `./.polar/`.
    public static let embeddedDefault = DatabaseURL.sqlite(path: ".polar/polar.sqlite")

    public init(parsing text: String) throws {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw ConfigurationError("The SQLite URL names no file: \(text)") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            throw ConfigurationError(
                "Unsupported database URL \(text): expected sqlite:///path/to/file.sqlite or postgres://user@host/database")
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .postgres(let url):
            // Never print a password.
            url.replacingOccurrences(of: #"://([^:@/]+):[^@/]*@"#, with: "://$1:***@", options: .regularExpression)
        }
    }
}

/// A configuration the server cannot start with.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
