import Foundation
import NIOConcurrencyHelpers
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
        let status: (Subprocess.TerminationReason, Int32) = await withCheckedContinuation { continuation in
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

    @Test("SIGTERM with requests and a webhook delivery in flight: each is finished, the rest of the claim is given back, exit 0")
    func shutdownInFlight() async throws {
        let server = try await TestServer.make()
        let receiver = try await WebhookReceiver.start(held: true)
        defer { receiver.stop() }
        let replica = try await Replica.start(database: server.database)
        let token = server.token
        let endpoint = try await send(
            .POST, replica.port, "/v1/webhooks/endpoints", token: token,
            json: #"{"url":"\#(receiver.url)","format":"raw","events":["customer.created"]}"#)
        #expect(endpoint.status == 201)
        let first = try await send(.POST, replica.port, "/v1/customers/", token: token, json: #"{"email":"first@example.com"}"#)
        #expect(first.status == 201)
        // Its delivery is now in flight, held by the receiver.
        #expect(try await receiver.wait(for: 1).count == 1)

        let process = replica.process
        let port = replica.port
        let exited = Task {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    process.waitUntilExit()
                    continuation.resume(returning: Date())
                }
            }
        }
        let terminated = NIOLockedValueBox(Date())
        let outcomes = await withTaskGroup(of: (Int, String?)?.self) { group in
            for index in 0..<20 {
                group.addTask {
                    // A request the server never took fails (refused, or closed on an idle
                    // keep-alive connection); one it took is answered.
                    guard
                        let response = try? await send(
                            .POST, port, "/v1/customers/", token: token, json: #"{"email":"late\#(index)@example.com"}"#, timeout: .seconds(5))
                    else { return nil }
                    return (response.status, response.body["id"]?.stringValue)
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(30))
                terminated.withLockedValue { $0 = Date() }
                process.terminate()
                try? await Task.sleep(for: .seconds(1))
                receiver.release()
                return nil
            }
            return await group.reduce(into: []) { $0.append($1) }.compactMap { $0 }
        }
        // Within a second or so of the receiver's answer: nothing waits for the claim's lease.
        #expect(await exited.value.timeIntervalSince(terminated.withLockedValue { $0 }) < 15)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(outcomes.allSatisfy { $0.0 == 201 }, "\(outcomes.map(\.0))")

        // Everything answered is there, and every customer's webhook arrives once: the events the
        // stopped replica had claimed but not tried come back at once, not after their lease.
        let next = try await Replica.start(database: server.database)
        let listed = try await send(.GET, next.port, "/v1/customers/?limit=100", token: token)
        let stored = Set(listed.body["items"]?.arrayValue.compactMap { $0["id"]?.stringValue } ?? [])
        let acknowledged = Set(outcomes.compactMap(\.1) + [first.body["id"]?.stringValue].compactMap { $0 })
        #expect(acknowledged.isSubset(of: stored))
        let delivered = try await receiver.wait(for: stored.count, timeout: .seconds(30))
        #expect(delivered.count == stored.count)
        #expect(Set(delivered.compactMap { $0.json["data"]?["id"]?.stringValue }) == stored)
        try await Task.sleep(for: .milliseconds(500))
        #expect(receiver.requests.count == stored.count, "none twice")
    }
}
