import Crypto
import Foundation
import PolarModels

/// Verifies and reads the webhooks Polar (or this server) sends.
///
/// ```swift
/// let payload = try Webhook.verify(body: request.body, headers: request.headers, secret: endpointSecret)
/// switch payload.event {
/// case .customerStateChanged(let state): provision(state)
/// case .customerDeleted(let customer): forget(customer.id)
/// default: break
/// }
/// ```
public enum Webhook {
    /// Why a delivery was not accepted.
    public struct VerificationError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What was wrong, e.g. "no signature matches".
        public let reason: String
        /// The reason.
        public var description: String { "Webhook verification failed: \(reason)" }
    }

    /// Checks a delivery's signature and timestamp, then decodes it.
    ///
    /// Both of Polar's signing keys are tried: its original one (the UTF-8 bytes of the whole
    /// secret) and the Standard Webhooks one (the base64 after `whsec_`). Signatures are compared
    /// in constant time.
    /// - Parameters:
    ///   - body: The raw request body, exactly as received.
    ///   - headers: The request headers; names are matched ignoring case.
    ///   - secret: The endpoint's secret (`whsec_…`).
    ///   - tolerance: How far `webhook-timestamp` may be from `now` (Standard Webhooks: 5 minutes).
    ///   - now: The current time.
    /// - Returns: The event.
    /// - Throws: ``VerificationError`` for a missing header, a stale timestamp, a bad signature or a body that is not an event.
    public static func verify(
        body: some Collection<UInt8>, headers: [String: String], secret: String, tolerance: Duration = .seconds(300), now: Date = Date()
    ) throws(VerificationError) -> WebhookPayload {
        let lowered = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let id = lowered["webhook-id"], let timestampText = lowered["webhook-timestamp"], let signatures = lowered["webhook-signature"]
        else { throw VerificationError(reason: "missing webhook-id, webhook-timestamp or webhook-signature") }
        guard let timestamp = Int64(timestampText) else { throw VerificationError(reason: "webhook-timestamp is not a number") }
        guard abs(Double(timestamp) - now.timeIntervalSince1970) <= Double(tolerance.components.seconds) else {
            throw VerificationError(reason: "webhook-timestamp is outside the tolerance")
        }
        let bytes = Array(body)
        let message = Array("\(id).\(timestamp).".utf8) + bytes
        let offered = signatures.split(separator: " ").compactMap { entry -> Data? in
            let parts = entry.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1" else { return nil }
            return Data(base64Encoded: String(parts[1]))
        }
        let matches = keys(secret).contains { key in
            let expected = Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
            return offered.contains { constantTimeEqual($0, expected) }
        }
        guard matches else { throw VerificationError(reason: "no signature matches") }
        do {
            return try WebhookPayload(decoding: bytes)
        } catch {
            throw VerificationError(reason: "the body is not a webhook event: \(error)")
        }
    }

    /// Polar's original key, then the Standard Webhooks one when the secret holds one.
    static func keys(_ secret: String) -> [Data] {
        let original = WebhookSecret.originalKey(secret)
        guard let standard = WebhookSecret.standardKey(secret), standard != original else { return [original] }
        return [original, standard]
    }

    private static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// A verified webhook: Polar's envelope and its typed event.
public struct WebhookPayload: Sendable {
    /// The event type, e.g. `customer.state_changed`.
    public let type: String
    /// When the event was sent.
    public let timestamp: Date
    /// The API version of `data`, when the sender states it.
    public let apiVersion: String?
    /// The event's object as JSON, whatever its type.
    public let data: JSONValue
    /// The event, typed where this SDK models its object.
    public let event: Event

    init(decoding bytes: [UInt8]) throws {
        let envelope = try JSONValue.parse(bytes)
        guard let type = envelope["type"]?.stringValue, let microseconds = envelope["timestamp"]?.stringValue.flatMap(PolarTimestamp.parseMicroseconds),
            let data = envelope["data"]
        else { throw Webhook.VerificationError(reason: "type, timestamp or data missing") }
        self.type = type
        self.timestamp = PolarTimestamp.date(microseconds: microseconds)
        self.apiVersion = envelope["api_version"]?.stringValue
        self.data = data
        let decoder = JSONValueDecoder()
        switch type {
        case "customer.created": event = .customerCreated(try decoder.decode(Customer.self, from: data))
        case "customer.updated": event = .customerUpdated(try decoder.decode(Customer.self, from: data))
        case "customer.deleted": event = .customerDeleted(try decoder.decode(Customer.self, from: data))
        case "customer.state_changed": event = .customerStateChanged(try decoder.decode(CustomerState.self, from: data))
        default: event = .unknown(type: type, data: data)
        }
    }
}

extension WebhookPayload {
    /// A webhook's event, typed where this SDK models its object.
    public enum Event: Sendable {
        /// `customer.created`.
        case customerCreated(Customer)
        /// `customer.updated`.
        case customerUpdated(Customer)
        /// `customer.deleted`: the customer with `deletedAt` set.
        case customerDeleted(Customer)
        /// `customer.state_changed`: what the customer has now.
        case customerStateChanged(CustomerState)
        /// Any other event (`subscription.*`, `benefit_grant.*`, …), as JSON.
        case unknown(type: String, data: JSONValue)
    }
}
