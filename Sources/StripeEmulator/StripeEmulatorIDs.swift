import Foundation

/// Ids and timestamps shaped like Stripe's.
enum StripeEmulatorIDs {
    /// `cus_…`, `seti_…`, `pm_…`, `ctoken_…`: the prefix and 24 random letters and digits.
    static func new(_ prefix: String) -> String { "\(prefix)_\(random(24))" }

    /// A SetupIntent's client secret: its id, `_secret_`, and a random tail.
    static func clientSecret(for setupIntent: String) -> String { "\(setupIntent)_secret_\(random(32))" }

    /// Unix seconds, as Stripe's `created`.
    static var now: Int { Int(Date().timeIntervalSince1970) }

    private static func random(_ count: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
