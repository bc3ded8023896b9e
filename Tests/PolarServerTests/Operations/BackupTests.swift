import Foundation
import NIOConcurrencyHelpers
import PolarModels
import Testing

@testable import PolarServer

@Suite("Backup and restore of the embedded database", .serialized)
struct BackupTests {
    @Test("a backup taken under concurrent writes is whole and holds every write acknowledged before it; restore puts it back")
    func backupAndRestore() async throws {
        let server = try await TestServer.make()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString).sqlite").path
        guard case .sqlite = server.database else {
            // PostgreSQL is backed up with its own tools.
            await #expect(throws: ConfigurationError.self) { try await SQLiteBackup.backup(server.database, to: copy) }
            return
        }
        let acknowledged = NIOLockedValueBox(0)
        let backedUpAfter: Int = try await server.test(.live) { api in
            let writer = Task {
                for index in 0..<150 {
                    _ = try await api.createCustomer(#"{"email":"b\#(index)@example.com"}"#)
                    acknowledged.withLockedValue { $0 += 1 }
                }
            }
            while acknowledged.withLockedValue({ $0 }) < 40 { try await Task.sleep(for: .milliseconds(5)) }
            let before = acknowledged.withLockedValue { $0 }
            try await SQLiteBackup.backup(server.database, to: copy)
            try await writer.value
            // The server holds the file: a restore now is refused.
            await #expect(throws: ConfigurationError.self) { try await SQLiteBackup.restore(server.database, from: copy) }
            return before
        }
        let check = try await PythonTools.run(
            "/usr/bin/env",
            ["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute('PRAGMA integrity_check').fetchone()[0], c.execute('SELECT COUNT(*) FROM customers').fetchone()[0])", copy])
        let parts = check.output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(parts.first == "ok", "\(check.output)")
        let inBackup = try #require(parts.last.flatMap { Int($0) })
        #expect(inBackup >= backedUpAfter)
        #expect(inBackup <= 150)

        try await SQLiteBackup.restore(server.database, from: copy)
        try await server.test { api in
            let list = try await api.request(.get, "/v1/customers/?limit=1")
            #expect(list.json["pagination"]?["total_count"] == .integer(inBackup))
        }
        await #expect(throws: ConfigurationError.self) { try await SQLiteBackup.backup(server.database, to: copy) }
    }
}
