import Crypto
import Foundation
import PolarModels

/// Signs a delivery as Polar does (Standard Webhooks' scheme): HMAC-SHA256 over
/// `{webhook-id}.{webhook-timestamp}.{body}`, sent as `v1,<base64>`.
///
/// Polar's original key, which every Polar SDK verifies, is the UTF-8 bytes of the whole
/// secret (`whsec_…` included). The Standard Webhooks key is the base64 after `whsec_`; an
/// endpoint uses it when `uses_standard_webhook_signature` is true.
enum WebhookSignature {
    static func sign(id: String, timestamp: Int64, body: [UInt8], secret: String, standard: Bool) -> String {
        let key = SymmetricKey(data: key(secret: secret, standard: standard))
        var message = Array("\(id).\(timestamp).".utf8)
        message += body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return "v1," + Data(mac).base64EncodedString()
    }

    static func key(secret: String, standard: Bool) -> Data {
        (standard ? WebhookSecret.standardKey(secret) : nil) ?? WebhookSecret.originalKey(secret)
    }

    /// A new secret: Polar's token with the `whsec_` prefix; with `standard`, `whsec_` and
    /// 32 random bytes in base64 (the Standard Webhooks form).
    static func newSecret(standard: Bool) -> String {
        guard standard else { return TokenIssuer.token(prefix: "whsec_") }
        return "whsec_" + Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
    }
}
