import SQLKit

/// Commits SQLite's write transactions in groups.
///
/// SQLite lets one writer in at a time, and with `synchronous = FULL` every commit waits for the
/// disk. Writers wait here, holding neither a thread nor a connection (waiting in SQLite's busy
/// timeout would starve the writer that holds the lock of a thread to finish on). Whoever finds
/// nobody committing commits for everyone waiting: one transaction, each writer's work in its
/// own savepoint, so a writer that fails is rolled back alone, and one sync to disk for all.
/// No writer hears of success before the commit that holds its writes is on disk.
actor GroupCommit {
    /// A writer waiting to run. `write` runs its work in a savepoint of the group's transaction
    /// and returns how to tell it the group's outcome; it throws only when the transaction itself
    /// is broken. `fail` tells a writer that never ran why.
    private struct Writer: Sendable {
        let write: @Sendable (any SQLDatabase) async throws -> @Sendable (Result<Void, any Error>) -> Void
        let fail: @Sendable (any Error) -> Void
    }

    private let sql: any SQLDatabase
    private let begin: SQLQueryString
    private var waiting: [Writer] = []
    private var committing = false

    init(sql: any SQLDatabase, begin: String) {
        self.sql = sql
        self.begin = SQLQueryString(begin)
    }

    /// Writers waiting for the next group.
    var queued: Int { waiting.count }

    /// Runs `body` in the next group's transaction; returns once that transaction committed,
    /// throws what `body` threw (its writes rolled back) or why the group could not commit.
    func run<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<T, any Error>) in
            waiting.append(
                Writer(
                    write: { session in
                        try await session.raw("SAVEPOINT writer").run()
                        let outcome: Result<T, any Error>
                        do { outcome = .success(try await body(session)) } catch { outcome = .failure(error) }
                        if case .failure = outcome { try await session.raw("ROLLBACK TO writer").run() }
                        try await session.raw("RELEASE writer").run()
                        return { group in done.resume(with: group.flatMap { outcome }) }
                    },
                    fail: { done.resume(throwing: $0) }))
            if !committing {
                committing = true
                Task { await commitWhileWaiting() }
            }
        }
    }

    /// Commits groups until nobody waits; writers arriving meanwhile join the next group.
    private func commitWhileWaiting() async {
        while !waiting.isEmpty {
            let group = waiting
            waiting.removeAll()
            await commit(group)
        }
        committing = false
    }

    /// One transaction for `group`, every writer told its outcome exactly once.
    private nonisolated func commit(_ group: [Writer]) async {
        do {
            // The closure never throws: a failure inside it is the group's outcome. So
            // `withSession` throws only when no connection could be leased, before it ran.
            try await sql.withSession { [begin] session in
                var ran: [@Sendable (Result<Void, any Error>) -> Void] = []
                do {
                    try await session.raw(begin).run()
                    for writer in group { ran.append(try await writer.write(session)) }
                    try await session.raw("COMMIT").run()
                } catch {
                    try? await session.raw("ROLLBACK").run()
                    for finish in ran { finish(.failure(error)) }
                    for writer in group.dropFirst(ran.count) { writer.fail(error) }
                    return
                }
                for finish in ran { finish(.success(())) }
            }
        } catch {
            for writer in group { writer.fail(error) }
        }
    }
}
