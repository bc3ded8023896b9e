import Foundation
import NIOConcurrencyHelpers

/// The base URL of every link the service hands out (customer-portal links, email-change links,
/// payment-method return URLs): the portal's, which is this service's own public URL unless the
/// operator hosts a portal elsewhere. So no link made by default leaves this service.
///
/// By default the public URL is the address the server listens on; a server started on port 0
/// learns its port only once it listens (``listening(on:)``).
final class PortalLinks: Sendable {
    private let configured: String?
    private let hostname: String
    private let port: NIOLockedValueBox<Int>

    init(configuration: ServerConfiguration) {
        configured = (configuration.portalBaseURL ?? configuration.publicURL).map(Self.trimmingSlash)
        hostname = configuration.hostname
        port = NIOLockedValueBox(configuration.port)
    }

    /// e.g. `http://127.0.0.1:8080`, with no trailing slash.
    var baseURL: String {
        if let configured { return configured }
        // A wildcard address is not one to link to; this machine is.
        let host = ["0.0.0.0", "::", ""].contains(hostname) ? "127.0.0.1" : hostname
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(port.withLockedValue { $0 })"
    }

    /// The host (and any port) of ``baseURL``, as return URLs are compared with it.
    var host: String? {
        guard let components = URLComponents(string: baseURL), let host = components.host else { return nil }
        return host.lowercased() + (components.port.map { ":\($0)" } ?? "")
    }

    /// Whether the operator chose the base (else it is the listening address).
    var isConfigured: Bool { configured != nil }

    func listening(on port: Int) {
        self.port.withLockedValue { $0 = port }
    }

    private static func trimmingSlash(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}
