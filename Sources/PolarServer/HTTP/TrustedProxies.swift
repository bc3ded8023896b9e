import Foundation

/// The proxies whose forwarding headers are believed (`--trusted-proxy CIDR`): a client IP in
/// `True-Client-IP` counts only when the peer is one of them, so nobody else can pose as
/// many callers to escape a rate limit. None by default: the peer address counts.
public struct TrustedProxies: Sendable, Equatable {
    struct Network: Sendable, Equatable {
        let address: [UInt8]
        let prefix: Int
    }

    let networks: [Network]

    public static let none = TrustedProxies(networks: [])

    init(networks: [Network]) { self.networks = networks }

    /// Parses CIDRs (`10.0.0.0/8`, `192.168.1.10`, `fd00::/8`); a bare address is a single host.
    public init(parsing cidrs: [String]) throws {
        networks = try cidrs.map { cidr in
            let parts = cidr.split(separator: "/", maxSplits: 1).map(String.init)
            guard let address = Self.bytes(parts[0]) else { throw InvalidCIDR(text: cidr) }
            let prefix = parts.count == 2 ? Int(parts[1]) : address.count * 8
            guard let prefix, (0...address.count * 8).contains(prefix) else { throw InvalidCIDR(text: cidr) }
            return Network(address: address, prefix: prefix)
        }
    }

    public struct InvalidCIDR: Error, CustomStringConvertible {
        public let text: String
        public var description: String { "not an IP address or CIDR: \(text)" }
    }

    /// Whether `ip` (a peer address as text) is a trusted proxy.
    func contains(_ ip: String?) -> Bool {
        guard let ip, let bytes = Self.bytes(ip) else { return false }
        return networks.contains { network in
            guard network.address.count == bytes.count else { return false }
            var remaining = network.prefix
            for (a, b) in zip(network.address, bytes) where remaining > 0 {
                let bits = min(remaining, 8)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if a & mask != b & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    /// The address's bytes: 4 for IPv4, 16 for IPv6.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: v6) { Array($0) } }
        return nil
    }
}
