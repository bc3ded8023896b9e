import Foundation
import PolarModels

/// Where webhook deliveries may go. Polar accepts only `https` URLs to public hosts (no
/// `localhost`, no private or reserved addresses), so a webhook cannot reach inside the
/// network it runs in. A server listening on loopback only serves its own machine: there
/// `http` and local addresses are fine, since that is where a developer's app runs.
public struct WebhookURLPolicy: Sendable, Equatable {
    /// Accept `http` and loopback or private addresses everywhere.
    public var allowsLocalNetworks: Bool
    /// Hosts (lower-case) accepted over `http` and whatever address they are.
    public var allowedHosts: Set<String>

    public init(allowsLocalNetworks: Bool = false, allowedHosts: Set<String> = []) {
        self.allowsLocalNetworks = allowsLocalNetworks
        self.allowedHosts = allowedHosts
    }

    /// The policy a server gets without options: local networks allowed only when it listens on loopback.
    public static func `default`(hostname: String) -> WebhookURLPolicy {
        WebhookURLPolicy(allowsLocalNetworks: ["127.0.0.1", "localhost", "::1"].contains(hostname.lowercased()))
    }

    func allows(host: String) -> Bool { allowsLocalNetworks || allowedHosts.contains(host) }

    /// Whether an endpoint's stored URL may be enabled again: Polar re-checks only its host.
    func accepts(storedURL: String) -> Bool {
        guard let host = URLComponents(string: storedURL)?.host?.lowercased() else { return false }
        return WebhookHost.isValid(host) && (allows(host: host) || !WebhookHost.isBlocked(host))
    }
}

/// `WebhookEndpointCreate`, read as pydantic reads it.
struct WebhookEndpointCreateInput: Sendable {
    var url: String
    var name: String?
    var apiVersion: String
    var format: String
    var events: [String]
    var secret: String?
    var organizationID: UUID?

    init(body: JSONValue?, policy: WebhookURLPolicy) throws {
        let body = try InputReader.object(body)
        var reader = InputReader()
        let url = reader.required(body, "url", at: ["body"]).flatMap { reader.webhookURL($0, at: ["body", "url"], policy: policy) }
        name = reader.optional(body, "name").flatMap { reader.string($0, at: ["body", "name"]) }
        apiVersion = reader.optional(body, "api_version").flatMap { reader.apiVersion($0, at: ["body", "api_version"]) } ?? "2026-04"
        let format = reader.required(body, "format", at: ["body"]).flatMap {
            reader.choice($0, at: ["body", "format"], WebhookEventType.formats)
        }
        let events = reader.required(body, "events", at: ["body"]).flatMap { reader.webhookEvents($0, at: ["body", "events"]) }
        secret = reader.optional(body, "secret").flatMap { reader.webhookSecret($0, at: ["body", "secret"]) }
        organizationID = reader.optional(body, "organization_id").flatMap { reader.uuid4($0, at: ["body", "organization_id"]) }
        try reader.check()
        self.url = url!
        self.format = format!
        self.events = events!
    }
}

/// `WebhookEndpointUpdate`: every field optional, and (as Polar drops `None`s) `null` changes nothing.
struct WebhookEndpointUpdateInput: Sendable {
    var url: String?
    var name: String?
    var apiVersion: String?
    var format: String?
    var events: [String]?
    var enabled: Bool?
    var secret: String?

    init(body: JSONValue?, policy: WebhookURLPolicy) throws {
        let body = try InputReader.object(body)
        var reader = InputReader()
        url = reader.optional(body, "url").flatMap { reader.webhookURL($0, at: ["body", "url"], policy: policy) }
        name = reader.optional(body, "name").flatMap { reader.string($0, at: ["body", "name"]) }
        apiVersion = reader.optional(body, "api_version").flatMap { reader.apiVersion($0, at: ["body", "api_version"]) }
        format = reader.optional(body, "format").flatMap { reader.choice($0, at: ["body", "format"], WebhookEventType.formats) }
        events = reader.optional(body, "events").flatMap { reader.webhookEvents($0, at: ["body", "events"]) }
        enabled = reader.optional(body, "enabled").flatMap { reader.bool($0, at: ["body", "enabled"]) }
        secret = reader.optional(body, "secret").flatMap { reader.webhookSecret($0, at: ["body", "secret"]) }
        try reader.check()
    }
}

extension InputReader {
    /// Polar's `EndpointURL`: an `https` URL (see ``WebhookURLPolicy``) of at most 2083
    /// characters, surrounding whitespace stripped, normalised as pydantic prints URLs.
    mutating func webhookURL(_ value: JSONValue, at loc: [LocationItem], policy: WebhookURLPolicy) -> String? {
        guard case .string(let raw) = value else {
            fail(loc, "url_type", "URL input should be a string or URL", input: value)
            return nil
        }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let input = JSONValue.string(text)
        guard text.utf8.count <= 2083 else {
            fail(loc, "url_too_long", "URL should have at most 2083 characters", input: input, ctx: .object(["max_length": 2083]))
            return nil
        }
        func parsingError(_ reason: String) -> String? {
            fail(loc, "url_parsing", "Input should be a valid URL, \(reason)", input: input, ctx: .object(["error": .string(reason)]))
            return nil
        }
        guard !text.isEmpty else { return parsingError("input is empty") }
        guard let colon = text.firstIndex(of: ":"), text.first?.isLetter == true,
            text[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return parsingError("relative URL without a base") }
        let scheme = text[..<colon].lowercased()
        guard let components = URLComponents(string: text) else { return parsingError("invalid international domain name") }
        guard let rawHost = components.host, !rawHost.isEmpty else { return parsingError("empty host") }
        let host = rawHost.lowercased()
        let local = policy.allows(host: host)
        guard scheme == "https" || (scheme == "http" && local) else {
            fail(loc, "url_scheme", "URL scheme should be 'https'", input: input, ctx: .object(["expected_schemes": "'https'"]))
            return nil
        }
        guard WebhookHost.isValid(host) else {
            fail(
                loc, "value_error", "Value error, Invalid webhook URL: the hostname contains characters not allowed in domain names.",
                input: input, ctx: .object(["error": .object([])]))
            return nil
        }
        if !local, WebhookHost.isBlocked(host) {
            fail(
                loc, "value_error", "Value error, Webhook URLs cannot point to localhost or private IP addresses.", input: input,
                ctx: .object(["error": .object([])]))
            return nil
        }
        return components.normalizedURL(scheme: scheme, host: host) ?? text
    }

    /// A list of Polar's event types; an unknown one is an enum error at its index.
    mutating func webhookEvents(_ value: JSONValue, at loc: [LocationItem]) -> [String]? {
        guard case .array(let items) = value else {
            fail(loc, "list_type", "Input should be a valid list", input: value)
            return nil
        }
        let errorCount = errors.count
        let events = items.enumerated().compactMap { index, item in choice(item, at: loc + [.index(index)], WebhookEventType.all) }
        return errors.count == errorCount ? events : nil
    }

    /// The deprecated caller-chosen secret: at least 32 characters.
    mutating func webhookSecret(_ value: JSONValue, at loc: [LocationItem]) -> String? {
        guard let text = string(value, at: loc) else { return nil }
        guard text.unicodeScalars.count >= 32 else {
            fail(loc, "string_too_short", "String should have at least 32 characters", input: value, ctx: .object(["min_length": 32]))
            return nil
        }
        return text
    }

    /// One of the API versions this server speaks.
    mutating func apiVersion(_ value: JSONValue, at loc: [LocationItem]) -> String? {
        guard let text = string(value, at: loc) else { return nil }
        guard PreRoutingMiddleware<AppRequestContext>.supportedVersions.contains(text) else {
            fail(loc, "value_error", "Value error, Invalid API version: \(text)", input: value, ctx: .object(["error": .object([])]))
            return nil
        }
        return text
    }
}

/// Polar's hostname checks for webhook URLs, on the literal host (no DNS lookup).
enum WebhookHost {
    /// An IP literal, or a name whose labels are letters, digits and inner hyphens (IDNA's rules
    /// for ASCII names; non-ASCII names arrive punycoded).
    static func isValid(_ host: String) -> Bool {
        if ipv4(host) != nil || ipv6(host) != nil { return true }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return labels.enumerated().allSatisfy { index, label in
            if label.isEmpty { return index == labels.count - 1 && labels.count > 1 }
            return label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// `localhost`, or an address that is not globally routable.
    static func isBlocked(_ host: String) -> Bool {
        if ["localhost", "127.0.0.1", "0.0.0.0", "[::1]"].contains(host) { return true }
        if let address = ipv4(host) { return !isGlobal(ipv4: address) }
        if let bytes = ipv6(host) { return !isGlobal(ipv6: bytes) }
        return false
    }

    private static func ipv4(_ host: String) -> UInt32? {
        guard host.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == "x" || $0 == "X" }) else { return nil }
        var address = in_addr()
        guard inet_aton(host, &address) != 0 else { return nil }
        return UInt32(bigEndian: address.s_addr)
    }

    private static func ipv6(_ host: String) -> [UInt8]? {
        guard host.hasPrefix("["), host.hasSuffix("]") else { return nil }
        var address = in6_addr()
        guard inet_pton(AF_INET6, String(host.dropFirst().dropLast()), &address) == 1 else { return nil }
        return withUnsafeBytes(of: address) { Array($0) }
    }

    private static func isGlobal(ipv4 address: UInt32) -> Bool {
        let reserved: [(UInt32, Int)] = [
            (0x0000_0000, 8), (0x0A00_0000, 8), (0x6440_0000, 10), (0x7F00_0000, 8), (0xA9FE_0000, 16), (0xAC10_0000, 12),
            (0xC000_0000, 24), (0xC000_0200, 24), (0xC0A8_0000, 16), (0xC612_0000, 15), (0xC633_6400, 24), (0xCB00_7100, 24),
            (0xF000_0000, 4),
        ]
        if address == 0xC000_0009 || address == 0xC000_000A { return true }
        return !reserved.contains { network, bits in address >> (32 - bits) == network >> (32 - bits) }
    }

    private static func isGlobal(ipv6 bytes: [UInt8]) -> Bool {
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return isGlobal(ipv4: bytes[12..<16].reduce(0) { $0 << 8 | UInt32($1) })
        }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return false }  // :: and ::1
        if bytes[0] & 0xFE == 0xFC { return false }  // unique local
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return false }  // link local
        if bytes[0] == 0x20, bytes[1] == 0x01, bytes[2] == 0x0D, bytes[3] == 0xB8 { return false }  // documentation
        if bytes[0] == 0x20, bytes[1] == 0x01, bytes[2] < 0x02 { return false }  // 2001::/23
        if bytes[0] == 0x20, bytes[1] == 0x02 { return false }  // 6to4
        if bytes[0] == 0x01, bytes[1...7].allSatisfy({ $0 == 0 }) { return false }  // discard
        return true
    }
}
