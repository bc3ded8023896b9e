/// Lets one write transaction at a time into SQLite from this process.
///
/// SQLite has one writer at a time anyway. Without this queue, waiting writers would block in
/// `busy_timeout` on the few threads SQLite queries run on, starving the writer that holds the
/// lock of a thread to finish on: a deadlock until the timeout. Queued here, they wait without
/// holding a thread or a connection.
actor WriteQueue {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Transactions waiting for the writer.
    var waiting: Int { waiters.count }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiters.isEmpty {
                busy = false
            } else {
                waiters.removeFirst().resume()
            }
        }
        return try await body()
    }
}
