import PolarModels

/// Stripe's published test payment methods (`pm_card_visa`, …), and what confirming a
/// SetupIntent with each does. `pm_card_kr` and `pm_sepa_debit` are the emulator's own, so
/// Polar's Korean-card and generic shapes can be exercised.
enum StripeFixture {
    enum Outcome: Sendable {
        case succeeds
        /// 3-D Secure: the SetupIntent waits in `requires_action` until the challenge is done.
        case requiresAction
        case declined(code: String, declineCode: String, message: String)
    }

    struct Method: Sendable {
        let type: String
        let details: JSONValue
        let outcome: Outcome
    }

    static func named(_ name: String) -> Method? { all[name] }

    private static func card(
        _ brand: String, _ last4: String, funding: String = "credit", outcome: Outcome = .succeeds
    ) -> Method {
        Method(
            type: "card",
            details: .object([
                "brand": .string(brand),
                "checks": .object(["address_line1_check": nil, "address_postal_code_check": nil, "cvc_check": "pass"]),
                "country": "US", "display_brand": .string(brand), "exp_month": 12, "exp_year": 2034,
                "fingerprint": .string("fp\(brand.prefix(3))\(last4)"), "funding": .string(funding), "generated_from": nil,
                "last4": .string(last4), "networks": .object(["available": [.string(brand)], "preferred": nil]),
                "three_d_secure_usage": .object(["supported": true]), "wallet": nil,
            ]),
            outcome: outcome)
    }

    private static let declined = Outcome.declined(code: "card_declined", declineCode: "generic_decline", message: "Your card was declined.")

    private static let all: [String: Method] = [
        "pm_card_visa": card("visa", "4242"),
        "pm_card_mastercard": card("mastercard", "4444"),
        "pm_card_amex": card("amex", "8431"),
        "pm_card_discover": card("discover", "1117"),
        "pm_card_visa_debit": card("visa", "5556", funding: "debit"),
        "pm_card_threeDSecure2Required": card("visa", "3155", outcome: .requiresAction),
        "pm_card_authenticationRequired": card("visa", "3184", outcome: .requiresAction),
        "pm_card_chargeDeclined": card("visa", "0002", outcome: declined),
        "pm_card_visa_chargeDeclined": card("visa", "0002", outcome: declined),
        "pm_card_chargeDeclinedInsufficientFunds": card(
            "visa", "9995",
            outcome: .declined(code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds.")),
        "pm_card_visa_chargeDeclinedInsufficientFunds": card(
            "visa", "9995",
            outcome: .declined(code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds.")),
        "pm_card_chargeDeclinedExpiredCard": card(
            "visa", "0069", outcome: .declined(code: "expired_card", declineCode: "expired_card", message: "Your card has expired.")),
        "pm_card_kr": Method(type: "kr_card", details: .object(["brand": "bc", "last4": "4444"]), outcome: .succeeds),
        "pm_sepa_debit": Method(
            type: "sepa_debit",
            details: .object([
                "bank_code": "37040044", "branch_code": nil, "country": "DE", "fingerprint": "fpsepa3000",
                "generated_from": .object(["charge": nil, "setup_attempt": nil]), "last4": "3000",
            ]),
            outcome: .succeeds),
    ]
}
