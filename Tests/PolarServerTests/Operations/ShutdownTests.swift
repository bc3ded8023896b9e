import Foundation
import PolarModels
import Testing

extension ReplicaTests {
    @Test("SIGTERM: requests answered before it stay answered, the server stops within seconds and exits 0")
    func gracefulShutdown() async throws {
        let server = try await TestServer.make()
        let replica = try await Replica.start(database: server.database)
        let created = try await send(.POST, replica.port, "/v1/customers/", token: server.token, json: #"{"email":"term@example.com"}"#)
        #expect(created.status == 201)
        let started = Date()
        let process = replica.process
        process.terminate()
        // Waited for on a dispatch thread, so no cooperative thread blocks.
        let status: (Process.TerminationReason, Int32) = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationReason, process.terminationStatus))
            }
        }
        #expect(status.0 == .exit)
        #expect(status.1 == 0)
        #expect(Date().timeIntervalSince(started) < 15)
        // What was acknowledged is there for the next server.
        let next = try await Replica.start(database: server.database)
        let listed = try await send(.GET, next.port, "/v1/customers/?email=term@example.com", token: server.token)
        #expect(listed.body["pagination"]?["total_count"] == 1)
    }
}
