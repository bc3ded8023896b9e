import Foundation

/// Where the data lives, parsed from `--database` / `POLAR_DATABASE_URL`.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file (`sqlite:///absolute/path` or `sqlite://relative/path`).
    case sqlite(path: String)

    /// The embedded default: a file under `./.polar/`.
    public static let embeddedDefault = DatabaseURL.sqlite(path: ".polar/polar.sqlite")

    public init(parsing text: String) throws {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw ConfigurationError("The SQLite URL names no file: \(text)") }
            self = .sqlite(path: path)
        } else {
            throw ConfigurationError("Unsupported database URL \(text): expected sqlite:///path/to/file.sqlite")
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        }
    }
}

/// A configuration the server cannot start with.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
