import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import PolarModels
import ServiceLifecycle
import Testing

/// A real HTTP server on loopback that records every webhook it is sent, answering with
/// `failing` statuses first (one per request) and 200 after; a `held` one answers nothing
/// until ``release()``.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        let headers: [String: String]
        let body: String
        var json: JSONValue { (try? JSONValue.parse(Array(body.utf8))) ?? .null }
    }

    let port: Int
    private let received: NIOLockedValueBox<[Received]>
    private let held: NIOLockedValueBox<Bool>
    private let task: Task<Void, any Error>

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var requests: [Received] { received.withLockedValue { $0 } }

    static func start(failing: [Int] = [], port: Int = 0, held: Bool = false) async throws -> WebhookReceiver {
        let received = NIOLockedValueBox<[Received]>([])
        let held = NIOLockedValueBox(held)
        let failures = NIOLockedValueBox(failing)
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 22)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            received.withLockedValue { $0.append(Received(headers: headers, body: String(buffer: body))) }
            while held.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
            let status = failures.withLockedValue { $0.isEmpty ? 200 : $0.removeFirst() }
            return Response(status: .init(code: status), body: .init(byteBuffer: .init(string: status == 200 ? "ok" : "nope \(status)")))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "webhook-receiver"))
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return WebhookReceiver(port: port, received: received, held: held, task: task)
    }

    private init(port: Int, received: NIOLockedValueBox<[Received]>, held: NIOLockedValueBox<Bool>, task: Task<Void, any Error>) {
        self.port = port
        self.received = received
        self.held = held
        self.task = task
    }

    /// Lets a held receiver answer.
    func release() { held.withLockedValue { $0 = false } }

    /// Waits up to `timeout` for at least `count` requests, those matching `type` when given.
    func wait(for count: Int, type: String? = nil, timeout: Duration = .seconds(15)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        func matching() -> [Received] { requests.filter { type == nil || $0.json["type"]?.stringValue == type } }
        while ContinuousClock.now < deadline, matching().count < count { try await Task.sleep(for: .milliseconds(25)) }
        return matching()
    }

    func stop() { task.cancel() }

    /// What one polar-sdk generation made of every delivery received.
    struct SDKCheck {
        let status: Int32
        let output: String
        /// One per delivery: `type` and `id`, or `unparsed` (verified, but the SDK's models
        /// could not load it).
        let results: [JSONValue]
        /// Whether a tampered body was refused.
        var refusedTampering: Bool { output.contains("\"tampered\"") }
    }

    /// Runs `Tests/Compatibility/verify_webhooks.py` under polar-sdk 1.x and 0.32 over every
    /// delivery received, as an app verifying with `validate_event` would.
    func verifyWithPolarSDKs(secret: String) async throws -> [String: SDKCheck] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("webhooks-\(UUID().uuidString).json")
        let recorded = JSONValue.array(
            requests.map { .object(["headers": .object($0.headers.map { JSONValue.Member($0.key, .string($0.value)) }), "body": .string($0.body)]) })
        try Data(recorded.serialized).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var checks: [String: SDKCheck] = [:]
        for (generation, python) in [("1.x", try await PythonTools.python()), ("0.32", try await PythonTools.python032())] {
            let run = try await PythonTools.run(python, ["Tests/Compatibility/verify_webhooks.py", file.path, secret])
            let results = run.output.split(separator: "\n").compactMap { try? JSONValue.parse(Array($0.utf8)) }.filter { $0["type"] != nil }
            checks[generation] = SDKCheck(status: run.status, output: run.output, results: results)
        }
        return checks
    }

    /// Checks that both SDK generations verified and parsed every delivery; the only payloads
    /// allowed to be unparsed are the states with an active subscription under polar-sdk 1.0.2,
    /// which types that subscription's status with another enum (it cannot load Polar's either).
    func expectPolarSDKsAccept(secret: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let deliveries = requests
        for (generation, check) in try await verifyWithPolarSDKs(secret: secret) {
            #expect(check.status == 0, "\(generation): \(check.output.suffix(3000))", sourceLocation: sourceLocation)
            #expect(check.results.count == deliveries.count, "\(generation): \(check.output.suffix(3000))", sourceLocation: sourceLocation)
            #expect(check.refusedTampering, "\(generation) accepted a tampered body", sourceLocation: sourceLocation)
            for result in check.results where result["unknown"] == true {
                // polar-sdk 0.32 predates `subscription.cycled` and tells apps to ignore types it does not know.
                #expect(
                    generation == "0.32" && result["type"] == "subscription.cycled", "\(generation) does not know \(result)",
                    sourceLocation: sourceLocation)
            }
            for (result, delivery) in zip(check.results, deliveries) where result["unparsed"] == true {
                let activeSubscriptions = delivery.json["data"]?["active_subscriptions"]?.arrayValue ?? []
                #expect(
                    generation == "1.x" && result["type"] == "customer.state_changed" && !activeSubscriptions.isEmpty,
                    "\(generation) could not load \(delivery.body.prefix(300))", sourceLocation: sourceLocation)
            }
        }
    }
}
