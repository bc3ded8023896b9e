import NIOConcurrencyHelpers

/// An organization access token's scopes, named as Polar names them.
struct Scope: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: String
    init(rawValue: String) { self.rawValue = rawValue }
    var description: String { rawValue }

    static let customersRead = Scope(rawValue: "customers:read")
    static let customersWrite = Scope(rawValue: "customers:write")

    /// Every scope Polar grants organization tokens; a token created without `--scope` gets all of them.
    static let all: [Scope] = [
        "openid", "profile", "email", "user:read", "user:write", "organizations:read", "organizations:write",
        "custom_fields:read", "custom_fields:write", "discounts:read", "discounts:write", "checkout_links:read",
        "checkout_links:write", "checkouts:read", "checkouts:write", "transactions:read", "transactions:write",
        "payouts:read", "payouts:write", "products:read", "products:write", "benefits:read", "benefits:write",
        "events:read", "events:write", "meters:read", "meters:write", "files:read", "files:write",
        "subscriptions:read", "subscriptions:write", "customers:read", "customers:write", "members:read",
        "members:write", "wallets:read", "wallets:write", "disputes:read", "customer_meters:read",
        "customer_sessions:write", "member_sessions:write", "customer_seats:read", "customer_seats:write",
        "orders:read", "orders:write", "refunds:read", "refunds:write", "payments:read", "metrics:read",
        "webhooks:read", "webhooks:write", "license_keys:read", "license_keys:write", "customer_portal:read",
        "customer_portal:write", "notifications:read", "notifications:write", "notification_recipients:read",
        "notification_recipients:write", "organization_access_tokens:read", "organization_access_tokens:write",
    ].map(Scope.init(rawValue:))

    /// A token's stored scope string (`"customers:read customers:write"`) as a set. Every
    /// request with a token asks, and tokens share a few strings, so each is split once.
    static func parse(_ text: String) -> Set<Scope> {
        if let known = parsed.withLockedValue({ $0[text] }) { return known }
        let scopes = Set(text.utf8.split(separator: UInt8(ascii: " ")).map { Scope(rawValue: String(Substring($0))) })
        parsed.withLockedValue { cache in
            if cache.count >= 1024 { cache.removeAll() }
            cache[text] = scopes
        }
        return scopes
    }

    private static let parsed = NIOLockedValueBox<[String: Set<Scope>]>([:])

    /// What read endpoints of a resource accept: its read or its write scope.
    static let customersReadable: Set<Scope> = [.customersRead, .customersWrite]
    static let customersWritable: Set<Scope> = [.customersWrite]
    static let organizationsReadable: Set<Scope> = [.init(rawValue: "organizations:read"), .init(rawValue: "organizations:write")]
    static let organizationsWritable: Set<Scope> = [.init(rawValue: "organizations:write")]
    static let metersReadable: Set<Scope> = [.init(rawValue: "meters:read"), .init(rawValue: "meters:write")]
    static let metersWritable: Set<Scope> = [.init(rawValue: "meters:write")]
    static let customerMetersReadable: Set<Scope> = [.init(rawValue: "customer_meters:read")]
    static let eventsReadable: Set<Scope> = [.init(rawValue: "events:read"), .init(rawValue: "events:write")]
    static let eventsWritable: Set<Scope> = [.init(rawValue: "events:write")]
    static let benefitsReadable: Set<Scope> = [.init(rawValue: "benefits:read"), .init(rawValue: "benefits:write")]
    static let benefitsWritable: Set<Scope> = [.init(rawValue: "benefits:write")]
    static let productsReadable: Set<Scope> = [.init(rawValue: "products:read"), .init(rawValue: "products:write")]
    static let productsWritable: Set<Scope> = [.init(rawValue: "products:write")]
    static let subscriptionsReadable: Set<Scope> = [.init(rawValue: "subscriptions:read"), .init(rawValue: "subscriptions:write")]
    static let subscriptionsWritable: Set<Scope> = [.init(rawValue: "subscriptions:write")]
    static let webhooksReadable: Set<Scope> = [.init(rawValue: "webhooks:read"), .init(rawValue: "webhooks:write")]
    static let webhooksWritable: Set<Scope> = [.init(rawValue: "webhooks:write")]
    static let customerSessionsWritable: Set<Scope> = [.init(rawValue: "customer_sessions:write")]
}
