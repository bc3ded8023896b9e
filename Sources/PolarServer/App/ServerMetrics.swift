import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// Prometheus metrics (`GET /metrics` on `--metrics-port`): requests by route template, method
/// and status with their durations, webhook and email deliveries by result, and, read when
/// scraped, the depth of each outbox and the database pool's use.
enum ServerMetrics {
    /// The process's registry. swift-metrics takes one factory per process, so the first server
    /// that serves metrics installs it for every later one.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Prometheus names allow no dots: Hummingbird's `hb.requests` is `hb_requests`.
        factory.nameAndLabelSanitizer = { label, dimensions in
            (prometheusName(label), dimensions.map { (prometheusName($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    static func prometheusName(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" ? $0 : "_" })
    }

    /// The metrics server, run beside the API; `outboxDepths` tells what waits in each outbox.
    static func application(
        hostname: String, port: Int, database: Database, outboxDepths: @escaping @Sendable () async throws -> [(outbox: String, pending: Int)],
        logger: Logger
    ) -> some Service {
        let registry = self.registry
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            for (outbox, pending) in try await outboxDepths() {
                Gauge(label: "polar_outbox_pending", dimensions: [("outbox", outbox)]).record(pending)
            }
            Gauge(label: "polar_db_connections", dimensions: [("state", "in_use")]).record(database.usage.current)
            Gauge(label: "polar_db_connections", dimensions: [("state", "max")]).record(database.usage.capacity)
            if let groupCommit = database.groupCommit {
                Gauge(label: "polar_db_write_waiting").record(await groupCommit.queued)
            }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        return Application(router: router, configuration: .init(address: .hostname(hostname, port: port), serverName: nil), logger: logger)
    }
}
