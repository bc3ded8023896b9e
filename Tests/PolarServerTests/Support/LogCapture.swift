import Logging
import NIOConcurrencyHelpers

/// Keeps every line a logger writes, message and metadata rendered as a log backend would
/// print them, so a test can search the whole log.
final class LogCapture: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    /// A logger that writes here, at every level.
    func logger(label: String = "polar-server") -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every entry logged so far, oldest first (an entry may span lines).
    var entries: [String] { lines.withLockedValue { $0 } }

    /// Everything logged so far.
    var text: String { entries.joined(separator: "\n") }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let line = "\(event.level) \(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
            capture.lines.withLockedValue { $0.append(line) }
        }
    }
}
