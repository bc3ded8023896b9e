import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import PolarModels
import ServiceLifecycle

/// A real HTTP server on loopback that records every webhook it is sent, answering with
/// `failing` statuses first (one per request) and 200 after.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        let headers: [String: String]
        let body: String
        var json: JSONValue { (try? JSONValue.parse(Array(body.utf8))) ?? .null }
    }

    let port: Int
    private let received: NIOLockedValueBox<[Received]>
    private let task: Task<Void, any Error>

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var requests: [Received] { received.withLockedValue { $0 } }

    static func start(failing: [Int] = []) async throws -> WebhookReceiver {
        let received = NIOLockedValueBox<[Received]>([])
        let failures = NIOLockedValueBox(failing)
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 22)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            received.withLockedValue { $0.append(Received(headers: headers, body: String(buffer: body))) }
            let status = failures.withLockedValue { $0.isEmpty ? 200 : $0.removeFirst() }
            return Response(status: .init(code: status), body: .init(byteBuffer: .init(string: status == 200 ? "ok" : "nope \(status)")))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "webhook-receiver"))
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return WebhookReceiver(port: port, received: received, task: task)
    }

    private init(port: Int, received: NIOLockedValueBox<[Received]>, task: Task<Void, any Error>) {
        self.port = port
        self.received = received
        self.task = task
    }

    /// Waits up to `timeout` for at least `count` requests, those matching `type` when given.
    func wait(for count: Int, type: String? = nil, timeout: Duration = .seconds(15)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        func matching() -> [Received] { requests.filter { type == nil || $0.json["type"]?.stringValue == type } }
        while ContinuousClock.now < deadline, matching().count < count { try await Task.sleep(for: .milliseconds(25)) }
        return matching()
    }

    func stop() { task.cancel() }
}
