import Foundation

/// The two HMAC keys a Polar webhook secret (`whsec_…`) stands for.
public enum WebhookSecret {
    /// Polar's original key, which every Polar SDK verifies: the UTF-8 bytes of the whole secret.
    public static func originalKey(_ secret: String) -> Data { Data(secret.utf8) }

    /// The Standard Webhooks key: the base64 after `whsec_`, padded as needed; `nil` when that
    /// is not base64.
    public static func standardKey(_ secret: String) -> Data? {
        var encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
        encoded += String(repeating: "=", count: (4 - encoded.count % 4) % 4)
        return Data(base64Encoded: encoded)
    }
}
