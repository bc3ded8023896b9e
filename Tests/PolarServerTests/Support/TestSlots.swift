/// Bounds how many test servers run at once. Swift Testing starts every test together; against
/// one PostgreSQL on a two-core machine, hundreds of servers with their pools, receivers and SDK
/// runs starve each other into timeouts. SQLite needs no bound: each test has its own file.
actor TestSlots {
    static let postgres = TestSlots(count: 6)

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = count }

    func acquire() async {
        if free > 0 {
            free -= 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }

    /// Runs `body` in a slot.
    nonisolated func run<T>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }
}
