import AsyncHTTPClient
import Foundation
import Logging
import SQLKit
import Testing

@testable import PolarServer

/// SQLite's writers share commits (``GroupCommit``); each must still be all or nothing.
@Suite("Group commit on SQLite")
struct GroupCommitTests {
    struct Refused: Error {}

    @Test("concurrent writers: those that throw leave nothing, even half-way; the rest all commit; a unique conflict stays the writer's own")
    func eachWriterAllOrNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("group-commit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try Database.open(.sqlite(path: directory.appendingPathComponent("db.sqlite").path), logger: Logger(label: "test"))
        try await database.sql.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, step INTEGER NOT NULL, UNIQUE (writer, step))")
            .run()
        // 200 writers at once, each writing two rows; every third throws after its first row,
        // every fifth writes a row that is already there (a constraint error it catches and
        // answers with its own error).
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for writer in 0..<200 {
                group.addTask {
                    do {
                        try await database.transaction { db in
                            try await db.raw("INSERT INTO t (writer, step) VALUES (\(bind: writer), 1)").run()
                            if writer % 3 == 0 { throw Refused() }
                            let step = writer % 5 == 0 ? 1 : 2
                            try await db.raw("INSERT INTO t (writer, step) VALUES (\(bind: writer), \(bind: step))").run()
                        }
                        return (writer, true)
                    } catch is Refused {
                        return (writer, false)
                    } catch {
                        #expect(String(describing: error).contains("UNIQUE"), "writer \(writer): \(error)")
                        return (writer, false)
                    }
                }
            }
            return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        let rows = try await database.sql.raw("SELECT writer, step FROM t").all().map {
            (try $0.decode(column: "writer", as: Int.self), try $0.decode(column: "step", as: Int.self))
        }
        let committed = Set(outcomes.filter(\.value).keys)
        #expect(committed == Set((0..<200).filter { $0 % 3 != 0 && $0 % 5 != 0 }))
        #expect(Set(rows.map(\.0)) == committed)
        #expect(rows.count == committed.count * 2)
        try await database.close()
    }

    @Test("creates acknowledged to 64 concurrent clients are all there after the server is killed with SIGKILL")
    func acknowledgedSurviveKill() async throws {
        let server = try await TestServer.make()
        let replica = try await ReplicaTests.Replica.start(database: server.database)
        let token = server.token
        let port = replica.port
        let acknowledged = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let created = try await ReplicaTests().send(
                        .POST, port, "/v1/customers/", token: token, json: #"{"email":"kill\#(index)@example.com"}"#)
                    return created.status == 201 ? created.body["id"]?.stringValue : nil
                }
            }
            return try await group.reduce(into: [String]()) { if let id = $1 { $0.append(id) } }
        }
        kill(replica.process.processIdentifier, SIGKILL)
        replica.process.waitUntilExit()
        #expect(acknowledged.count == 64)
        let stored = try await TestServer.withContext(server.database) { context in
            try await context.database.sql.raw("SELECT id FROM customers").all().map { try $0.decode(column: "id", as: String.self) }
        }
        #expect(Set(acknowledged).isSubset(of: Set(stored)))
    }
}
