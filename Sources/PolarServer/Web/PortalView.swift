import PolarModels

/// What the portal page shows, read off the portal API's answers.
enum PortalView {
    static func page(
        visit: PortalPages.Visit, customer: JSONValue, paymentMethods: JSONValue, subscriptions: JSONValue, grants: JSONValue,
        meters: JSONValue
    ) -> [String: Any] {
        let defaultID = customer["default_payment_method_id"]?.stringValue
        return [
            "organization": visit.organization["name"]?.stringValue ?? visit.slug,
            "slug": visit.slug, "csrf": visit.csrf,
            "allowsEmailChange": visit.organization["customer_portal_settings"]?["customer"]?["allow_email_change"] == .bool(true),
            "customer": [
                "email": customer["email"]?.stringValue ?? "", "name": customer["name"]?.stringValue?.nilIfEmpty as Any,
                "verified": customer["email_verified"] == .bool(true),
            ] as [String: Any],
            "hasMeters": !items(meters).isEmpty,
            "form": billingValues(customer),
            "paymentMethods": items(paymentMethods).map { method(in: $0, defaultID: defaultID) },
            "subscriptions": items(subscriptions).map(subscription),
            "grants": items(grants).map(grant),
            "meters": items(meters).map(meter),
        ]
    }

    /// A list page's items.
    static func items(_ page: JSONValue) -> [JSONValue] { elements(page["items"]) }

    /// An array's elements; none for anything else.
    static func elements(_ json: JSONValue?) -> [JSONValue] {
        guard case .array(let elements)? = json else { return [] }
        return elements
    }

    /// The billing form's fields as stored.
    static func billingValues(_ customer: JSONValue) -> [String: Any] {
        let address = customer["billing_address"]
        var values: [String: Any] = ["billing_name": customer["billing_name"]?.stringValue ?? ""]
        for field in addressFields { values[field] = address?[field]?.stringValue ?? "" }
        if case .array(let taxID)? = customer["tax_id"], let value = taxID.first?.stringValue { values["tax_id"] = value }
        return values
    }

    /// The billing form's fields as the customer typed them, to show again beside its errors.
    static func billingForm(_ form: WebForm) -> [String: Any] {
        var values: [String: Any] = [:]
        for field in ["billing_name", "tax_id"] + addressFields { values[field] = form[field] ?? "" }
        return values
    }

    static let addressFields = ["line1", "line2", "postal_code", "city", "state", "country"]

    /// The PATCH the billing form asks for: empty fields are `null`, and an address with no
    /// field filled is left out (Polar never resets a billing address to none).
    static func billingPatch(_ form: WebForm) -> JSONValue {
        let address = addressFields.map { JSONValue.Member($0, form.optionalText($0)) }
        var patch = [JSONValue.Member("billing_name", form.optionalText("billing_name"))]
        if address.contains(where: { $0.value != .null }) { patch.append(JSONValue.Member("billing_address", .object(address))) }
        patch.append(JSONValue.Member("tax_id", form.optionalText("tax_id")))
        return .object(patch)
    }

    static func method(in method: JSONValue, defaultID: String?) -> [String: Any] {
        let details = method["method_metadata"]
        let brand = details?["brand"]?.stringValue.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? (method["type"]?.stringValue ?? "Card")
        var label = brand
        if let last4 = details?["last4"]?.stringValue { label += " ending in \(last4)" }
        var values: [String: Any] = ["id": method["id"]?.stringValue ?? "", "label": label, "isDefault": method["id"]?.stringValue == defaultID]
        if case .integer(let month)? = details?["exp_month"], case .integer(let year)? = details?["exp_year"] {
            values["expires"] = "\(month < 10 ? "0" : "")\(month)/\(year)"
        }
        return values
    }

    static func subscription(_ subscription: JSONValue) -> [String: Any] {
        let status = subscription["status"]?.stringValue ?? ""
        let live = ["active", "trialing", "past_due"].contains(status)
        let cancels = subscription["cancel_at_period_end"] == .bool(true)
        var price = Display.money(subscription["amount"], currency: subscription["currency"]) ?? "Free"
        if let interval = subscription["recurring_interval"]?.stringValue { price += " / \(interval)" }
        var values: [String: Any] = [
            "id": subscription["id"]?.stringValue ?? "", "product": subscription["product"]?["name"]?.stringValue ?? "Subscription",
            "price": price, "status": status.replacingOccurrences(of: "_", with: " "),
            "canCancel": live && !cancels, "canResume": live && cancels,
        ]
        values["periodEnd"] = Display.time(subscription["current_period_end"])
        values["endsAt"] = Display.time(subscription["ends_at"])
        return values
    }

    static func grant(_ grant: JSONValue) -> [String: Any] {
        var values: [String: Any] = [
            "description": grant["benefit"]?["description"]?.stringValue ?? "Benefit",
            "type": (grant["benefit"]?["type"]?.stringValue ?? "").replacingOccurrences(of: "_", with: " "),
            "granted": grant["is_granted"] == .bool(true),
        ]
        values["grantedAt"] = Display.time(grant["granted_at"])
        return values
    }

    static func meter(_ meter: JSONValue) -> [String: Any] {
        [
            "name": meter["meter"]?["name"]?.stringValue ?? "Meter", "consumed": Display.number(meter["consumed_units"]),
            "credited": Display.number(meter["credited_units"]), "balance": Display.number(meter["balance"]),
        ]
    }
}
