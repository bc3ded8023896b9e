import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PolarModels
import Testing

@testable import PolarServer

/// Two `polar-server` processes sharing one database, as replicas behind a load balancer.
@Suite("Replicas on one database", .serialized)
struct ReplicaTests {
    /// A running `polar-server serve` process and the port it chose.
    final class Replica {
        let process: Subprocess
        let port: Int

        private init(process: Subprocess, port: Int) {
            self.process = process
            self.port = port
        }

        /// Starts a replica and waits, on a dispatch thread so no cooperative thread blocks,
        /// until it logs the address it listens on.
        static func start(database: DatabaseURL, arguments: [String] = []) async throws -> Replica {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result { try launch(database: database, arguments: arguments) })
                }
            }
        }

        private static func launch(database: DatabaseURL, arguments: [String]) throws -> Replica {
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("polar-server")
            let process = try Subprocess(
                binary.path, ["serve", "--port", "0", "--database", argument(database), "--log-level", "info"] + arguments)
            var output = ""
            let deadline = Date().addingTimeInterval(60)
            while !output.contains("listening on"), Date() < deadline {
                output += String(decoding: process.output.availableData, as: UTF8.self)
            }
            guard let match = output.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression),
                let port = Int(output[match].split(separator: ":").last ?? "")
            else {
                process.terminate()
                throw ReplicaError(output: output)
            }
            return Replica(process: process, port: port)
        }

        static func argument(_ database: DatabaseURL) -> String {
            switch database {
            case .sqlite(let path): "sqlite://\(path)"
            case .postgres(let url): url
            }
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }
    }

    struct ReplicaError: Error { let output: String }

    func send(
        _ method: HTTPMethod, _ port: Int, _ path: String, token: String, json: String? = nil, timeout: TimeAmount = .seconds(60)
    ) async throws -> (
        status: Int, body: JSONValue
    ) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 10_000_000)
        return (Int(response.status.code), (try? JSONValue.parse(body.readableBytesView)) ?? .null)
    }

    @Test("racing writes through two replicas: no duplicate customer, no lost update")
    func twoReplicas() async throws {
        let server = try await TestServer.make()
        let replicas = [try await Replica.start(database: server.database), try await Replica.start(database: server.database)]
        let ports = replicas.map(\.port)
        let token = server.token

        // 40 creates for 8 emails, spread over both replicas at once.
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    try await send(.POST, ports[index % 2], "/v1/customers/", token: token, json: #"{"email":"r\#(index % 8)@example.com"}"#).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 8)
        #expect(statuses.filter { $0 == 422 }.count == 32)
        let list = try await send(.GET, ports[0], "/v1/customers/?limit=100", token: token)
        #expect(list.body["pagination"]?["total_count"] == 8)

        // Updates of different fields of one customer, through both replicas at once, all land.
        let id = try #require(list.body["items"]?.arrayValue.first?["id"]?.stringValue)
        let fields = [#"{"name":"N"}"#, #"{"locale":"de"}"#, #"{"metadata":{"a":1}}"#, #"{"external_id":"x"}"#]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, body) in fields.enumerated() {
                group.addTask { _ = try await send(.PATCH, ports[index % 2], "/v1/customers/\(id)", token: token, json: body) }
            }
            try await group.waitForAll()
        }
        let customer = try await send(.GET, ports[1], "/v1/customers/\(id)", token: token).body
        #expect(customer["name"] == "N")
        #expect(customer["locale"] == "de")
        #expect(customer["metadata"] == .object(["a": 1]))
        #expect(customer["external_id"] == "x")
    }

    @Test("two replicas with one SMTP server: every queued email goes out exactly once")
    func outboxOnce() async throws {
        let server = try await TestServer.make()
        try await TestServer.withContext(server.database) { try await $0.setAllowEmailChange(organizationID: server.organizationID, true) }
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let smtp = ["--smtp-url", "smtp://127.0.0.1:\(sink.port)"]
        let replicas = [
            try await Replica.start(database: server.database, arguments: smtp),
            try await Replica.start(database: server.database, arguments: smtp),
        ]
        let ports = replicas.map(\.port)
        let token = server.token

        // Twelve customers each ask, through alternating replicas, for an email change.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                group.addTask {
                    let port = ports[index % 2]
                    let customer = try await send(.POST, port, "/v1/customers/", token: token, json: #"{"email":"o\#(index)@example.com"}"#)
                    let id = customer.body["id"]?.stringValue ?? ""
                    let session = try await send(.POST, port, "/v1/customer-sessions/", token: token, json: #"{"customer_id":"\#(id)"}"#)
                    let sessionToken = session.body["token"]?.stringValue ?? ""
                    let requested = try await send(
                        .POST, ports[(index + 1) % 2], "/v1/customer-portal/customers/me/email-update/request", token: sessionToken,
                        json: #"{"email":"n\#(index)@example.com"}"#)
                    #expect(requested.status == 202)
                }
            }
            try await group.waitForAll()
        }
        let received = try await sink.waitForMessages(12, timeout: .seconds(30))
        // A little longer, so a duplicate delivery would have time to show.
        try await Task.sleep(for: .seconds(2))
        let all = try sink.messages()
        #expect(received.count == 12)
        #expect(all.count == 12)
        #expect(Set(all.compactMap { $0["rcpt_tos"]?.arrayValue.first?.stringValue }).count == 12)
        let unsent = try await TestServer.withContext(server.database) { context in
            try await context.database.sql.raw("SELECT COUNT(*) AS n FROM email_outbox WHERE sent_at IS NULL").first(decodingColumn: "n", as: Int.self)
        }
        #expect(unsent == 0)
    }

    @Test("two replicas with one webhook receiver: every event delivered, none twice")
    func webhooksOnce() async throws {
        let server = try await TestServer.make()
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let replicas = [try await Replica.start(database: server.database), try await Replica.start(database: server.database)]
        let ports = replicas.map(\.port)
        let token = server.token
        let endpoint = try await send(
            .POST, ports[0], "/v1/webhooks/endpoints", token: token,
            json: #"{"url":"\#(receiver.url)","format":"raw","events":["customer.created","customer.state_changed"]}"#)
        #expect(endpoint.status == 201)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                group.addTask {
                    let created = try await send(.POST, ports[index % 2], "/v1/customers/", token: token, json: #"{"email":"w\#(index)@example.com"}"#)
                    #expect(created.status == 201)
                }
            }
            try await group.waitForAll()
        }
        _ = try await receiver.wait(for: 24, timeout: .seconds(30))
        try await Task.sleep(for: .seconds(2))
        let received = receiver.requests
        #expect(received.count == 24)
        #expect(Set(received.compactMap { $0.headers["webhook-id"] }).count == 24)
        #expect(received.filter { $0.json["type"] == "customer.created" }.count == 12)
    }

    @Test("a replica killed with SIGKILL right after a change commits: its webhook arrives after restart")
    func webhookSurvivesKill() async throws {
        let server = try await TestServer.make()
        // A port to deliver to that is closed until the receiver comes back.
        let placeholder = try await WebhookReceiver.start()
        let port = placeholder.port
        placeholder.stop()
        try await Task.sleep(for: .milliseconds(200))
        let first = try await Replica.start(database: server.database, arguments: ["--webhook-retry-base", "0.05"])
        let endpoint = try await send(
            .POST, first.port, "/v1/webhooks/endpoints", token: server.token,
            json: #"{"url":"http://127.0.0.1:\#(port)/hook","format":"raw","events":["customer.created"]}"#)
        #expect(endpoint.status == 201)
        let created = try await send(.POST, first.port, "/v1/customers/", token: server.token, json: #"{"email":"kill@example.com"}"#)
        #expect(created.status == 201)
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()

        let receiver = try await WebhookReceiver.start(port: port)
        defer { receiver.stop() }
        let second = try await Replica.start(database: server.database, arguments: ["--webhook-retry-base", "0.05"])
        // Within the lease of a claim the killed replica may have made.
        let delivered = try await receiver.wait(for: 1, timeout: .seconds(90))
        #expect(delivered.count == 1)
        #expect(delivered.first?.json["data"]?["id"] == created.body["id"])
        _ = second
    }
    /// Subscriptions whose periods began mid-January, as if no server had run since: each has
    /// `steps` renewals to catch up on.
    static func overdueSubscriptions(_ server: TestServer, count: Int) async throws -> (ids: [String], steps: Int) {
        let ids = try await server.test { api in
            let catalog = try await SubscriptionTests.catalog(api)
            var ids: [String] = []
            for index in 0..<count {
                let customer = try #require(try await api.createCustomer(#"{"email":"due\#(index)@example.com"}"#)["id"]?.stringValue)
                let created = try await api.request(
                    .post, "/v1/subscriptions/", json: #"{"customer_id":"\#(customer)","product_id":"\#(catalog.product)"}"#)
                ids.append(try #require(created.json["id"]?.stringValue))
            }
            return ids
        }
        let start = try #require(PolarTimestamp.parseMicroseconds("2026-01-15T08:00:00Z"))
        var end = SubscriptionRecord.periodEnd(from: start, interval: "month", count: 1, anchorDay: 15)
        let firstEnd = end
        var steps = 0
        while end <= ServerClock.system.now() {
            end = SubscriptionRecord.periodEnd(from: end, interval: "month", count: 1, anchorDay: 15)
            steps += 1
        }
        try await TestServer.withContext(server.database) { context in
            try await context.database.sql.raw(
                """
                UPDATE subscriptions SET started_at = \(bind: start), current_period_start = \(bind: start), \
                current_period_end = \(bind: firstEnd)
                """
            ).run()
        }
        return (ids, steps)
    }

    /// How many renewals each subscription has had, once none is overdue (or the time is up).
    static func renewals(_ server: TestServer, of ids: [String]) async throws -> [String: Int] {
        try await TestServer.withContext(server.database) { context in
            for _ in 0..<600 {
                let overdue = try await context.database.sql.raw(
                    "SELECT COUNT(*) AS n FROM subscriptions WHERE current_period_end <= \(bind: ServerClock.system.now())"
                ).first(decodingColumn: "n", as: Int.self)
                if overdue == 0 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let rows = try await context.database.sql.raw("SELECT metadata FROM events WHERE name = 'subscription.cycled'").all()
            var counts = Dictionary(uniqueKeysWithValues: ids.map { ($0, 0) })
            for row in rows {
                if let id = try row.json("metadata")["subscription_id"]?.stringValue { counts[id, default: 0] += 1 }
            }
            return counts
        }
    }

    @Test("two replicas catching up on overdue subscriptions: each renewal happens once")
    func renewalsOnce() async throws {
        let server = try await TestServer.make()
        let (ids, steps) = try await Self.overdueSubscriptions(server, count: 6)
        let replicas = [try await Replica.start(database: server.database), try await Replica.start(database: server.database)]
        let counts = try await Self.renewals(server, of: ids)
        #expect(counts == Dictionary(uniqueKeysWithValues: ids.map { ($0, steps) }))
        _ = replicas
    }

    @Test("a replica killed with SIGKILL during catch-up: the next one resumes, no step done twice")
    func catchUpSurvivesKill() async throws {
        let server = try await TestServer.make()
        let (ids, steps) = try await Self.overdueSubscriptions(server, count: 12)
        let first = try await Replica.start(database: server.database)
        try await Task.sleep(for: .milliseconds(300))
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        let second = try await Replica.start(database: server.database)
        let counts = try await Self.renewals(server, of: ids)
        #expect(counts == Dictionary(uniqueKeysWithValues: ids.map { ($0, steps) }))
        _ = second
    }
}
