import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import PolarModels
import ServiceLifecycle

/// How webhooks are delivered.
public struct WebhookSettings: Sendable {
    /// The first retry's delay before jitter; later ones double up to 600 times it (Polar: 2 s,
    /// so about 4 s, 8 s, … up to 20 minutes). Shorten it to test retries locally.
    public var retryBase: Duration
    /// How long a receiver has to answer.
    public var timeout: Duration
    /// Whether new secrets are Standard Webhooks keys (`whsec_` + base64 of 32 bytes, reported
    /// by `uses_standard_webhook_signature`) instead of Polar's original scheme, which every
    /// Polar SDK verifies.
    public var standardSignatures: Bool

    public init(retryBase: Duration = .seconds(2), timeout: Duration = .seconds(10), standardSignatures: Bool = false) {
        self.retryBase = retryBase
        self.timeout = timeout
        self.standardSignatures = standardSignatures
    }
}

/// Delivers the webhook outbox, as Polar's worker does: signed POSTs, 10 attempts with
/// jittered exponential backoff, every attempt recorded, best-effort order per endpoint, and
/// an endpoint disabled after ten events in a row fail; endpoints are served concurrently.
/// Every replica runs one: events are claimed under a lease, so each goes to one replica, and a
/// crashed replica's come back when the lease ends. It also sends the pending
/// `customer.state_changed` events when they come due.
struct WebhookDispatcher: Service, CustomStringConvertible {
    let store: WebhookStore
    let outbox: WebhookOutbox
    let customers: CustomerStore
    let states: CustomerStateService
    let settings: WebhookSettings
    let logger: Logger
    /// What "now" is.
    let clock: ServerClock
    var pollInterval: Duration = .milliseconds(200)
    var lease: Duration = .seconds(60)
    /// How many endpoints are delivered to at once.
    var maxConcurrentEndpoints = 32

    static let maxAttempts = 10
    static let failureThreshold = 10

    var description: String { "WebhookDispatcher" }

    func run() async throws {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(read: .init(settings.timeout)))
        configuration.timeout.connect = .init(settings.timeout)
        let client = HTTPClient(eventLoopGroup: .singletonMultiThreadedEventLoopGroup, configuration: configuration)
        let busy = NIOLockedValueBox<Set<UUID>>([])
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                var started = false
                do {
                    try await publishDueCustomerChanges()
                    started = try await startDue(client: client, busy: busy, in: &group)
                } catch {
                    logger.error("Webhook outbox unavailable", metadata: ["error": "\(error)"])
                }
                if !started { try? await Task.sleep(for: pollInterval) }
            }
        }
        try await client.shutdown()
    }

    /// Claims due events and starts one delivery task per endpoint that has none running:
    /// a slow receiver holds up only its own events, each endpoint's go out in order, and no
    /// task keeps more events than it can try within their lease. Answers whether it started any.
    func startDue(client: HTTPClient, busy: NIOLockedValueBox<Set<UUID>>, in group: inout DiscardingTaskGroup) async throws -> Bool {
        let running = busy.withLockedValue { $0 }
        guard running.count < maxConcurrentEndpoints else { return false }
        let batch = try await store.claim(limit: 50, lease: lease, now: clock.now(), excluding: running)
        var queues: [(endpoint: UUID, events: [WebhookEventRecord])] = []
        var unused: [UUID] = []
        let perEndpoint = max(1, Int(lease / (settings.timeout + .seconds(1))))
        for event in batch {
            if let index = queues.firstIndex(where: { $0.endpoint == event.endpointID }) {
                if queues[index].events.count < perEndpoint { queues[index].events.append(event) } else { unused.append(event.id) }
            } else if running.count + queues.count < maxConcurrentEndpoints {
                queues.append((event.endpointID, [event]))
            } else {
                unused.append(event.id)
            }
        }
        try await store.release(unused)
        for queue in queues {
            busy.withLockedValue { _ = $0.insert(queue.endpoint) }
            group.addTask {
                defer { busy.withLockedValue { _ = $0.remove(queue.endpoint) } }
                for (index, event) in queue.events.enumerated() {
                    if Task.isShuttingDownGracefully {
                        // What is left goes back for the next replica or start.
                        try? await store.release(queue.events[index...].map(\.id))
                        return
                    }
                    do {
                        try await attempt(event, client: client)
                    } catch {
                        // Its lease runs out and it is tried again.
                        logger.error("Webhook delivery not recorded", metadata: ["error": "\(error)"])
                    }
                }
            }
        }
        return !queues.isEmpty
    }

    /// Fans out each due customer change: its `customer.*` event, then `customer.state_changed`
    /// with the state of this moment (read before the write transaction, which holds SQLite's
    /// single writer).
    func publishDueCustomerChanges() async throws {
        while let change = try await store.dueCustomerChange(now: clock.now()) {
            let customer = try await customers.find(.id(change.customerID), organizationID: change.organizationID, includeDeleted: true)
            var state: JSONValue?
            if let customer { state = try JSONValueEncoder.encode(try await states.state(of: customer)) }
            _ = try await store.take(change) { [outbox, state] db in
                if let event = change.event {
                    try await outbox.publish(event.type, data: event.data, organizationID: change.organizationID, on: db)
                }
                if let state {
                    try await outbox.publish("customer.state_changed", data: state, organizationID: change.organizationID, on: db)
                }
            }
        }
    }

    private func attempt(_ event: WebhookEventRecord, client: HTTPClient) async throws {
        let db = store.database.sql
        let now = clock.now()
        guard let endpoint = try await store.endpoint(event.endpointID, on: db), endpoint.enabled else {
            return try await store.skip(event.id, now: now, on: db)
        }
        guard let payload = event.payload else { return try await store.skip(event.id, now: now, on: db) }
        // Polar's ordering guard: wait (a little, at most a minute) for older events' first attempt.
        let older = try await store.untriedBefore(event, on: db)
        if older > 0 {
            return try await store.postpone(event.id, until: now + min(Int64(older) * 300_000, 60_000_000), on: db)
        }
        let previous = try await store.deliveryCount(eventID: event.id, on: db)
        let (code, response) = await send(payload, event: event, endpoint: endpoint, client: client)
        let succeeded = code.map { (200..<300).contains($0) } ?? false
        Counter(label: "polar_webhook_deliveries", dimensions: [("result", succeeded ? "delivered" : "failed")]).increment()
        let finished = succeeded || previous + 1 >= Self.maxAttempts
        let outcome: Bool? = succeeded ? true : (finished ? (event.succeeded ?? false) : event.succeeded)
        try await store.database.transaction { [store] db in
            try await store.record(
                attemptOf: event, httpCode: code, response: response, succeeded: succeeded, outcome: outcome,
                retryAt: finished ? nil : clock.now() + backoff(attempt: previous + 1), now: clock.now(), on: db)
            if !succeeded, finished,
                try await store.lastFinishedAllFailed(endpointID: endpoint.id, count: Self.failureThreshold, on: db)
            {
                try await store.disable(endpointID: endpoint.id, now: clock.now(), on: db)
            }
        }
        if finished, !succeeded {
            logger.warning("Webhook event failed for good", metadata: ["webhook_event_id": .string(event.id.lowercased), "type": .string(event.type)])
        }
    }

    /// One POST: the status (nil when unreachable) and what Polar records of the answer.
    private func send(_ payload: String, event: WebhookEventRecord, endpoint: WebhookEndpointRecord, client: HTTPClient) async
        -> (Int?, String?)
    {
        let id = event.id.lowercased
        let timestamp = clock.now() / 1_000_000
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers = [
            "user-agent": "polar.sh webhooks", "content-type": "application/json", "webhook-id": id,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": WebhookSignature.sign(
                id: id, timestamp: timestamp, body: Array(payload.utf8), secret: endpoint.secret, standard: endpoint.standardSignature),
            "webhook-api-version": event.apiVersion,
        ]
        request.body = .bytes(ByteBuffer(string: payload))
        do {
            let response = try await client.execute(request, timeout: .init(settings.timeout))
            var body: [UInt8] = []
            for try await chunk in response.body where body.count < 16_384 { body += chunk.readableBytesView.prefix(16_384 - body.count) }
            let text = String(String(decoding: body.filter { $0 != 0 }, as: UTF8.self).prefix(2048))
            return (Int(response.status.code), text.isEmpty ? nil : text)
        } catch {
            return (nil, "\(error)")
        }
    }

    /// dramatiq's backoff as Polar configures it: `base·2ⁿ` capped at 600 bases, jittered
    /// uniformly down to half.
    func backoff(attempt: Int) -> Int64 {
        let base = settings.retryBase.microseconds
        let ceiling = min(base << min(attempt, 20), base * 600)
        return Int64.random(in: ceiling / 2...max(ceiling, 1))
    }
}
