import Foundation

/// An OAuth account linked to a portal customer (Polar's `CustomerPortalOAuthAccount`).
/// Tokens are never exposed.
public struct CustomerPortalOAuthAccount: Codable, Sendable, Hashable {
    /// The account's ID on the platform.
    public var accountID: String
    /// The account's user name, when known.
    public var accountUsername: String?

    /// Creates an account.
    public init(accountID: String, accountUsername: String? = nil) {
        self.accountID = accountID
        self.accountUsername = accountUsername
    }

    enum CodingKeys: String, CodingKey {
        case accountID = "account_id", accountUsername = "account_username"
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accountID = try c.decode(String.self, forKey: .accountID)
        accountUsername = try c.decodeIfPresent(String.self, forKey: .accountUsername)
    }

    /// Encodes both keys, `null` when the user name is unknown.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accountID, forKey: .accountID)
        try c.encode(accountUsername, forKey: .accountUsername)
    }
}

/// The customer as the customer portal shows it to the customer themself (Polar's
/// `CustomerPortalCustomer`): no metadata, external ID or organization fields.
public struct CustomerPortalCustomer: Codable, Sendable, Hashable {
    /// When the customer was created.
    public var createdAt: Date
    /// When the customer last changed.
    public var modifiedAt: Date?
    /// The customer's ID.
    public var id: UUID
    /// The email address; `nil` only for some team customers.
    public var email: String?
    /// Whether the email address was verified.
    public var emailVerified: Bool
    /// The name; not editable from the portal.
    public var name: String?
    /// The stored billing name, or ``name`` when none is stored.
    public var billingName: String?
    /// The billing address.
    public var billingAddress: Address?
    /// The validated tax ID.
    public var taxID: TaxID?
    /// Linked accounts, keyed `"<platform>:<account_id>"` (`github`, `discord`).
    public var oauthAccounts: [String: CustomerPortalOAuthAccount]
    /// The default payment method; compare it with ``CustomerPaymentMethod/id``.
    public var defaultPaymentMethodID: UUID?
    /// Individual or team.
    public var type: CustomerType?
    /// The preferred locale; not editable from the portal.
    public var locale: String?

    /// Creates a portal customer.
    public init(
        createdAt: Date, modifiedAt: Date? = nil, id: UUID, email: String?, emailVerified: Bool = false,
        name: String? = nil, billingName: String? = nil, billingAddress: Address? = nil, taxID: TaxID? = nil,
        oauthAccounts: [String: CustomerPortalOAuthAccount] = [:], defaultPaymentMethodID: UUID? = nil,
        type: CustomerType? = .individual, locale: String? = nil
    ) {
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.id = id
        self.email = email
        self.emailVerified = emailVerified
        self.name = name
        self.billingName = billingName
        self.billingAddress = billingAddress
        self.taxID = taxID
        self.oauthAccounts = oauthAccounts
        self.defaultPaymentMethodID = defaultPaymentMethodID
        self.type = type
        self.locale = locale
    }

    enum CodingKeys: String, CodingKey {
        case createdAt = "created_at", modifiedAt = "modified_at", id, email, emailVerified = "email_verified", name
        case billingName = "billing_name", billingAddress = "billing_address", taxID = "tax_id"
        case oauthAccounts = "oauth_accounts", defaultPaymentMethodID = "default_payment_method_id", type, locale
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        id = try c.decode(UUID.self, forKey: .id)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        emailVerified = try c.decode(Bool.self, forKey: .emailVerified)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        billingName = try c.decodeIfPresent(String.self, forKey: .billingName)
        billingAddress = try c.decodeIfPresent(Address.self, forKey: .billingAddress)
        taxID = try c.decodeIfPresent(TaxID.self, forKey: .taxID)
        oauthAccounts = try c.decodeIfPresent([String: CustomerPortalOAuthAccount].self, forKey: .oauthAccounts) ?? [:]
        defaultPaymentMethodID = try c.decodeIfPresent(UUID.self, forKey: .defaultPaymentMethodID)
        type = try c.decodeIfPresent(CustomerType.self, forKey: .type)
        locale = try c.decodeIfPresent(String.self, forKey: .locale)
    }

    /// Encodes every key in Polar's order, `null` when empty.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(id.lowercased, forKey: .id)
        try c.encode(email, forKey: .email)
        try c.encode(emailVerified, forKey: .emailVerified)
        try c.encode(name, forKey: .name)
        try c.encode(billingName, forKey: .billingName)
        try c.encode(billingAddress, forKey: .billingAddress)
        try c.encode(taxID, forKey: .taxID)
        var accounts = c.nestedContainer(keyedBy: AnyKey.self, forKey: .oauthAccounts)
        for key in oauthAccounts.keys.sorted() { try accounts.encode(oauthAccounts[key]!, forKey: AnyKey(key)) }
        try c.encode(defaultPaymentMethodID?.lowercased, forKey: .defaultPaymentMethodID)
        try c.encode(type, forKey: .type)
        try c.encode(locale, forKey: .locale)
    }
}

/// The body of `PATCH /v1/customer-portal/customers/me` (Polar's `CustomerPortalCustomerUpdate`).
///
/// Each field is absent unless set, so only what the caller names is sent.
public struct CustomerPortalCustomerUpdate: Codable, Sendable, Hashable {
    /// Replaces the stored billing name; `null` and blank text are ignored by Polar.
    public var billingName: PatchField<String>
    /// Replaces the whole address; `null` is rejected with a 422.
    public var billingAddress: PatchField<AddressInput>
    /// Sets the tax ID (validated against the billing country); `null` or blank clears it.
    public var taxID: PatchField<String>
    /// One of the customer's payment methods; `null` is rejected with a 422.
    public var defaultPaymentMethodID: PatchField<UUID>

    /// Creates an update; fields left out are not sent.
    public init(
        billingName: PatchField<String> = .absent, billingAddress: PatchField<AddressInput> = .absent,
        taxID: PatchField<String> = .absent, defaultPaymentMethodID: PatchField<UUID> = .absent
    ) {
        self.billingName = billingName
        self.billingAddress = billingAddress
        self.taxID = taxID
        self.defaultPaymentMethodID = defaultPaymentMethodID
    }

    enum CodingKeys: String, CodingKey {
        case billingName = "billing_name", billingAddress = "billing_address", taxID = "tax_id"
        case defaultPaymentMethodID = "default_payment_method_id"
    }

    /// Decodes a body, telling absent keys from `null`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        billingName = try c.decode(PatchField<String>.self, forKey: .billingName)
        billingAddress = try c.decode(PatchField<AddressInput>.self, forKey: .billingAddress)
        taxID = try c.decode(PatchField<String>.self, forKey: .taxID)
        defaultPaymentMethodID = try c.decode(PatchField<UUID>.self, forKey: .defaultPaymentMethodID)
    }

    /// Encodes only the fields that are not absent.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(billingName, forKey: .billingName)
        try c.encode(billingAddress, forKey: .billingAddress)
        try c.encode(taxID, forKey: .taxID)
        switch defaultPaymentMethodID {
        case .absent: break
        case .null: try c.encodeNil(forKey: .defaultPaymentMethodID)
        case .value(let id): try c.encode(id.lowercased, forKey: .defaultPaymentMethodID)
        }
    }
}
