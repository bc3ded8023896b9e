import Foundation
import SQLKit

/// Online backup and offline restore of the embedded SQLite database. PostgreSQL has its own
/// tools (`pg_dump`, base backups), which the README points to.
public enum SQLiteBackup {
    /// Writes a consistent copy of the database to `destination` while it serves (`VACUUM INTO`
    /// reads one snapshot, so writes that committed before it started are all in it).
    public static func backup(_ url: DatabaseURL, to destination: String) async throws {
        guard case .sqlite = url else { throw ConfigurationError(postgresMessage) }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw ConfigurationError("\(destination) exists already; back up to a new file")
        }
        let database = try Database.open(url, poolSize: 1, logger: .init(label: "polar-server"))
        do {
            try await database.sql.raw("VACUUM INTO \(bind: destination)").run()
            try await database.close()
        } catch {
            try? await database.close()
            throw error
        }
    }

    /// Replaces the database with the backup at `source`, after checking the backup is whole.
    /// Every server on the file must be stopped: each holds a shared lock on `<file>.lock`.
    public static func restore(_ url: DatabaseURL, from source: String) async throws {
        guard case .sqlite(let path) = url else { throw ConfigurationError(postgresMessage) }
        let check = try Database.open(.sqlite(path: source), poolSize: 1, logger: .init(label: "polar-server"))
        let result = try? await check.sql.raw("PRAGMA integrity_check").first(decodingColumn: "integrity_check", as: String.self)
        try await check.close()
        guard result == "ok" else { throw ConfigurationError("\(source) is not a whole SQLite database (integrity_check: \(result ?? "unreadable"))") }
        guard let lock = ServingLock(path: path, exclusive: true) else {
            throw ConfigurationError("A server is using \(path); stop every one before restoring")
        }
        defer { lock.release() }
        let manager = FileManager.default
        for suffix in ["-wal", "-shm"] where manager.fileExists(atPath: path + suffix) { try manager.removeItem(atPath: path + suffix) }
        if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
        try manager.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try manager.copyItem(atPath: source, toPath: path)
    }

    static let postgresMessage =
        "backup and restore are for the embedded SQLite database; back up PostgreSQL with pg_dump (or base backups) and restore with pg_restore"
}

/// A lock on `<database>.lock` that says a server uses the file: shared by every server
/// process, exclusive for a restore, released when the process ends however it ends.
final class ServingLock: Sendable {
    private let descriptor: Int32

    init?(path: String, exclusive: Bool) {
        let descriptor = open(path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
