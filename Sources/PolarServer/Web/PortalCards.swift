import Hummingbird
import PolarModels

/// Adding a card from the portal, as Polar's portal does: the card becomes a Stripe
/// confirmation token, the portal API sets it up, and a 3-D Secure challenge, when the bank
/// asks for one, is completed before the API is asked to confirm.
///
/// With the built-in Stripe emulator the page offers Stripe's test cards and plays the bank's
/// challenge itself; with a Stripe key it mounts Stripe.js's Payment Element.
struct PortalCards: Sendable {
    enum Collector: Sendable {
        /// The built-in emulator: a picker of Stripe's test cards.
        case testCards(StripeClient)
        /// Stripe.js with this publishable key.
        case stripeJS(publishableKey: String)
    }

    let collector: Collector
    let renderer: PageRenderer

    /// The test cards the picker offers: Stripe's names, and what each does.
    static let testCards: [(id: String, label: String)] = [
        ("pm_card_visa", "Visa ending in 4242 (succeeds)"),
        ("pm_card_mastercard", "Mastercard ending in 4444 (succeeds)"),
        ("pm_card_amex", "American Express ending in 8431 (succeeds)"),
        ("pm_card_threeDSecure2Required", "Visa ending in 3155 (asks for 3-D Secure)"),
        ("pm_card_chargeDeclined", "Visa ending in 0002 (declined)"),
    ]

    func addRoutes(to portal: RouterGroup<AppRequestContext>, portal pages: PortalPages) {
        portal.get("/payment-methods/new") { request, context in
            let visit = try await pages.visit(request, context)
            return form(visit)
        }
        portal.post("/payment-methods") { request, context in try await add(request, context, pages) }
        portal.post("/payment-methods/confirm") { request, context in try await confirm(request, context, pages) }
    }

    private func form(_ visit: PortalPages.Visit, failure: String? = nil) -> Response {
        var values: [String: Any] = ["slug": visit.slug, "csrf": visit.csrf]
        switch collector {
        case .testCards:
            values["hasTestCards"] = true
            values["testCards"] = Self.testCards.enumerated().map { ["id": $1.id, "label": $1.label, "checked": $0 == 0] }
        case .stripeJS(let key):
            values["stripeKey"] = key
        }
        values["failure"] = failure
        return renderer.page("add-card", values, status: failure == nil ? .ok : .badRequest)
    }

    private func add(_ request: Request, _ context: AppRequestContext, _ pages: PortalPages) async throws -> Response {
        let (visit, form) = try await pages.post(request, context)
        let setDefault = form["set_default"] == "on"
        let confirmationToken: String
        switch collector {
        case .testCards(let stripe):
            guard let card = form["card"], Self.testCards.contains(where: { $0.id == card }) else { return self.form(visit, failure: "Choose a card.") }
            confirmationToken = try await stripe.createTestConfirmationToken(paymentMethod: card).id
        case .stripeJS:
            guard let token = form["confirmation_token_id"]?.nilIfEmpty else { return self.form(visit, failure: "Enter your card details.") }
            confirmationToken = token
        }
        let answer: JSONValue
        do {
            answer = try await pages.call(
                .post, "/v1/customer-portal/customers/me/payment-methods",
                json: .object([
                    "confirmation_token_id": .string(confirmationToken), "set_default": .bool(setDefault),
                    "return_url": .string(visit.home),
                ]), visit, context)
        } catch let failure as InProcessAPI.Failure {
            return self.form(visit, failure: failure.message)
        }
        guard answer["status"] == "requires_action", let secret = answer["client_secret"]?.stringValue else {
            return PageRenderer.redirect("\(visit.home)?notice=card-added")
        }
        // `seti_…_secret_…`: the SetupIntent's id comes first.
        let intent = secret.components(separatedBy: "_secret_").first ?? secret
        var values: [String: Any] = [
            "slug": visit.slug, "csrf": visit.csrf, "setupIntent": intent, "clientSecret": secret, "setDefault": setDefault,
        ]
        if case .stripeJS(let key) = collector { values["stripeKey"] = key } else { values["emulator"] = true }
        return renderer.page("challenge", values)
    }

    private func confirm(_ request: Request, _ context: AppRequestContext, _ pages: PortalPages) async throws -> Response {
        let (visit, form) = try await pages.post(request, context)
        let intent = form["setup_intent_id"] ?? ""
        if case .testCards(let stripe) = collector {
            do {
                try await stripe.authenticateTestSetupIntent(id: intent, succeed: form["outcome"] != "fail")
            } catch is StripeError {
                return self.form(visit, failure: "This card's check could not be completed. Try again.")
            }
        }
        do {
            let answer = try await pages.call(
                .post, "/v1/customer-portal/customers/me/payment-methods/confirm",
                json: .object(["setup_intent_id": .string(intent), "set_default": .bool(form["set_default"] == "true")]), visit, context)
            if answer["status"] == "requires_action" { return self.form(visit, failure: "Your bank did not confirm this card.") }
        } catch let failure as InProcessAPI.Failure {
            return self.form(visit, failure: failure.status == .unprocessableContent ? "Your bank did not confirm this card. Try another one." : failure.message)
        }
        return PageRenderer.redirect("\(visit.home)?notice=card-added")
    }
}
