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
        .object(
            baseMembers + [
                .init("email", nil), .init("website", nil), .init("socials", []), .init("status", "created"),
                .init("details_submitted_at", nil), .init("onboarding_resubmission_requested_at", nil), .init("sso_enforced", false),
                .init("default_presentment_currency", "usd"), .init("default_tax_behavior", "location"),
                .init("feature_settings", Self.featureSettings), .init("subscription_settings", Self.subscriptionSettings),
                .init("customer_email_settings", Self.customerEmailSettings), .init("customer_portal_settings", portalSettings),
                .init("dispute_settings", .object(["auto_accept_below_amount": nil])), .init("embed_hosts", []),
                // Polar enforces every organization's embed hosts since 2026-08-17.
                .init("embed_hosts_enforced", true), .init("country", nil), .init("account_id", nil), .init("payout_account_id", nil),
                .init(
                    "capabilities",
                    .object([
                        "checkout_payments": false, "subscription_renewals": false, "payouts": false, "refunds": false,
                        "api_access": true, "dashboard_access": true,
                    ])),
            ])
    }

    /// Polar's `CustomerOrganization`: what a customer's portal shows of the organization.
    var customerWire: JSONValue {
        .object(
            publicMembers + [
                .init("customer_portal_settings", portalSettings),
                .init("organization_features", .object(["member_model_enabled": false, "checkout_localization_enabled": false])),
            ])
    }

    /// Polar's `OrganizationPublicBase`, as a benefit shown to its subscriber carries it.
    var publicWire: JSONValue { .object(publicMembers) }

    private var publicMembers: [JSONValue.Member] {
        baseMembers + [
            .init("email", nil), .init("website", nil), .init("socials", []), .init("status", "created"),
            .init("details_submitted_at", nil), .init("feature_settings", Self.featureSettings),
            .init("subscription_settings", Self.subscriptionSettings), .init("customer_email_settings", Self.customerEmailSettings),
        ]
    }

    /// Polar's `OrganizationBase`, with the deprecated fields its schema hides but still sends.
    private var baseMembers: [JSONValue.Member] {
        [
            .init("created_at", .string(PolarTimestamp.format(microseconds: createdAt))),
            .init("modified_at", modifiedAt.map { .string(PolarTimestamp.format(microseconds: $0)) } ?? .null),
            .init("id", .string(id.lowercased)), .init("name", .string(name)), .init("slug", .string(slug)), .init("avatar_url", nil),
            .init("proration_behavior", "prorate"), .init("allow_customer_updates", .bool(allowsPlanUpdates)), .init("bio", nil),
            .init("company", nil), .init("blog", nil), .init("location", nil), .init("twitter_username", nil),
            .init("pledge_minimum_amount", 0), .init("pledge_badge_show_amount", false), .init("default_upfront_split_to_contributors", nil),
        ]
    }

    private var portalSettings: JSONValue { customerPortalSettings ?? CustomerPortalSettings.defaults }

    /// Polar's `allow_customer_updates`: whether customers may change their plan in the portal.
    var allowsPlanUpdates: Bool { portalSettings["subscription"]?["update_plan"] != .bool(false) }

    /// Polar's defaults; its legacy `allow_customer_updates` here is stored, not derived.
    private static let subscriptionSettings: JSONValue = .object([
        "allow_multiple_subscriptions": false, "proration_behavior": "prorate", "benefit_revocation_grace_period": 0,
        "prevent_trial_abuse": false, "allow_customer_updates": true,
    ])

    /// Polar's `OrganizationFeatureSettings` of an organization that enabled none.
    private static let featureSettings: JSONValue = .object([
        "issue_funding_enabled": false, "seat_based_pricing_enabled": false, "unit_based_pricing_enabled": false,
        "wallets_enabled": false, "member_model_enabled": false, "checkout_localization_enabled": false, "overview_metrics": nil,
        "reset_proration_behavior_enabled": false, "off_session_charges_enabled": false, "meter_cycling_enabled": false,
        "slack_benefit_enabled": false, "preview_access_enabled": false, "disputes_enabled": false, "sso_enabled": false,
        "dispute_auto_accept_enabled": false, "compass_enabled": false, "merchant_migration_enabled": false,
    ])

    /// Every customer email on, as Polar's defaults have them.
    private static let customerEmailSettings: JSONValue = .object(
        [
            "order_confirmation", "payment_method_expiration_reminder", "subscription_cancellation",
            "subscription_confirmation", "subscription_cycled", "subscription_cycled_after_trial",
            "subscription_past_due", "subscription_paused", "subscription_resumed", "subscription_renewal_reminder",
            "subscription_revoked", "subscription_trial_conversion_reminder", "subscription_uncanceled",
            "subscription_updated",
        ].map { JSONValue.Member($0, true) })
}
