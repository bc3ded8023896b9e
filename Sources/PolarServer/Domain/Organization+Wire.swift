import PolarModels

extension Organization {
    /// The organization's URL name, derived from its name as Polar's slugify does: lower-case
    /// ASCII letters and digits, runs of anything else as one dash.
    var slug: String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }

    /// Polar's `Organization` object. Everything this server does not model (payments
    /// onboarding, payouts, disputes) reads as a new organization with Polar's defaults.
    var wire: JSONValue {
        let subscriptionSettings: JSONValue = .object([
            "allow_multiple_subscriptions": false, "proration_behavior": "prorate",
            "benefit_revocation_grace_period": 0, "prevent_trial_abuse": false, "allow_customer_updates": true,
        ])
        let emailSettings = [
            "order_confirmation", "payment_method_expiration_reminder", "subscription_cancellation",
            "subscription_confirmation", "subscription_cycled", "subscription_cycled_after_trial",
            "subscription_past_due", "subscription_paused", "subscription_resumed", "subscription_renewal_reminder",
            "subscription_revoked", "subscription_trial_conversion_reminder", "subscription_uncanceled",
            "subscription_updated",
        ].map { JSONValue.Member($0, true) }
        return .object([
            "created_at": .string(PolarTimestamp.format(microseconds: createdAt)),
            "modified_at": modifiedAt.map { .string(PolarTimestamp.format(microseconds: $0)) } ?? .null,
            "id": .string(id.lowercased),
            "name": .string(name),
            "slug": .string(slug),
            "avatar_url": nil,
            "proration_behavior": "prorate",
            "allow_customer_updates": true,
            "email": nil,
            "website": nil,
            "socials": [],
            "status": "created",
            "details_submitted_at": nil,
            "onboarding_resubmission_requested_at": nil,
            "sso_enforced": false,
            "default_presentment_currency": "usd",
            "default_tax_behavior": "location",
            "feature_settings": .object([]),
            "subscription_settings": subscriptionSettings,
            "customer_email_settings": .object(emailSettings),
            "customer_portal_settings": customerPortalSettings ?? CustomerPortalSettings.defaults,
            "dispute_settings": .object(["auto_accept_below_amount": nil]),
            "embed_hosts": [],
            "country": nil,
            "account_id": nil,
            "payout_account_id": nil,
            "capabilities": .object([
                "checkout_payments": false, "subscription_renewals": false, "payouts": false, "refunds": false,
                "api_access": true, "dashboard_access": true,
            ]),
        ])
    }
}
