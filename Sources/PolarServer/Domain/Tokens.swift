import Crypto
import Foundation

/// Polar's secret tokens: a kind prefix, 37 random alphanumerics and a 6-character base-62
/// CRC-32 checksum of them (so secret scanners can recognise real ones). Only an
/// HMAC-SHA-256 of a token under the server secret is ever stored.
struct TokenIssuer: Sendable {
    let secret: SymmetricKey

    static let organizationAccessTokenPrefix = "polar_oat_"
    static let customerSessionPrefix = "polar_cst_"
    static let customerEmailVerificationPrefix = "polar_cev_"

    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    func generate(prefix: String) -> (token: String, hash: String) {
        let token = Self.token(prefix: prefix)
        return (token, hash(token))
    }

    /// A new token with `prefix`, as Polar's `generate_token` makes them (webhook secrets too).
    static func token(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let body = (0..<37).map { _ in Self.alphabet.randomElement(using: &generator)! }
        var checksum = Self.crc32(body)
        var checksumDigits = [UInt8](repeating: UInt8(ascii: "0"), count: 6)
        for position in (0..<6).reversed() where checksum > 0 {
            checksumDigits[position] = Self.alphabet[Int(checksum % 62)]
            checksum /= 62
        }
        return prefix + String(decoding: body + checksumDigits, as: UTF8.self)
    }

    /// The stored form of a token: lower-case hex HMAC-SHA-256.
    func hash(_ token: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(token.utf8), using: secret)
        return mac.hexString
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
