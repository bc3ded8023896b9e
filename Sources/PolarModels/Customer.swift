import Foundation

/// Polar's `CustomerType`.
public enum CustomerType: String, Codable, Sendable, Hashable, CaseIterable {
    /// A single person; always has an email.
    case individual
    /// A team with members; its own email may be `null`.
    case team
}

/// What tells Polar's two customer shapes apart: the `type` constant and whether `email` may be `null`.
public protocol CustomerKind: Sendable {
    /// The Swift type of `email`: `String`, or `String?` when it may be `null`.
    associatedtype Email: Codable & Sendable & Hashable
    /// The `type` constant this kind writes.
    static var type: CustomerType { get }
}

/// Marker for ``CustomerIndividual``: `email` is always a string.
public enum IndividualCustomerKind: CustomerKind {
    /// An individual's email is never `null`.
    public typealias Email = String
    /// Always `individual`.
    public static var type: CustomerType { .individual }
}

/// Marker for ``CustomerTeam``: `email` may be `null`.
public enum TeamCustomerKind: CustomerKind {
    /// A team's email may be `null`.
    public typealias Email = String?
    /// Always `team`.
    public static var type: CustomerType { .team }
}

/// Polar's `CustomerIndividual`.
public typealias CustomerIndividual = CustomerObject<IndividualCustomerKind>
/// Polar's `CustomerTeam`.
public typealias CustomerTeam = CustomerObject<TeamCustomerKind>

/// The fields Polar's `CustomerIndividual` and `CustomerTeam` share (all of them: only `type`
/// and the nullability of `email` differ). Every key is written, `null` when empty.
public struct CustomerObject<Kind: CustomerKind>: Codable, Sendable, Hashable {
    /// The customer's ID.
    public var id: UUID
    /// When the customer was created.
    public var createdAt: Date
    /// When the customer was last changed; `nil` until then.
    public var modifiedAt: Date?
    /// Your key-value metadata.
    public var metadata: Metadata
    /// Your own ID for the customer; unique in the organization.
    public var externalID: String?
    /// The email address; only a team's may be `nil`.
    public var email: Kind.Email
    /// Whether the email address was verified; reset when the email changes.
    public var emailVerified: Bool
    /// The display name.
    public var name: String?
    /// The stored billing name, or `name` when none is stored.
    public var billingName: String?
    /// The billing address.
    public var billingAddress: Address?
    /// The validated tax ID and its format.
    public var taxID: TaxID?
    /// The customer's IETF BCP 47 language tag.
    public var locale: String?
    /// The organization the customer belongs to.
    public var organizationID: UUID
    /// The payment method charged by default.
    public var defaultPaymentMethodID: UUID?
    /// Set once the customer is deleted; only the `customer.deleted` webhook shows it.
    public var deletedAt: Date?
    /// When the customer's first usage event happened; filled in asynchronously.
    public var firstUserEventAt: Date?
    /// An image URL Polar derives from the email (Gravatar or the domain's logo).
    public var avatarURL: String?

    /// The customer type, fixed by `Kind`.
    public var type: CustomerType { Kind.type }

    /// Creates a customer with every field given.
    public init(
        id: UUID, createdAt: Date, modifiedAt: Date?, metadata: Metadata, externalID: String?,
        email: Kind.Email, emailVerified: Bool, name: String?, billingName: String?, billingAddress: Address?,
        taxID: TaxID?, locale: String?, organizationID: UUID, defaultPaymentMethodID: UUID?, deletedAt: Date?,
        firstUserEventAt: Date?, avatarURL: String?
    ) {
        self.id = id
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.metadata = metadata
        self.externalID = externalID
        self.email = email
        self.emailVerified = emailVerified
        self.name = name
        self.billingName = billingName
        self.billingAddress = billingAddress
        self.taxID = taxID
        self.locale = locale
        self.organizationID = organizationID
        self.defaultPaymentMethodID = defaultPaymentMethodID
        self.deletedAt = deletedAt
        self.firstUserEventAt = firstUserEventAt
        self.avatarURL = avatarURL
    }

    enum CodingKeys: String, CodingKey {
        case id, createdAt = "created_at", modifiedAt = "modified_at", metadata, externalID = "external_id"
        case email, emailVerified = "email_verified", type, name, billingName = "billing_name"
        case billingAddress = "billing_address", taxID = "tax_id", locale, organizationID = "organization_id"
        case defaultPaymentMethodID = "default_payment_method_id", deletedAt = "deleted_at"
        case firstUserEventAt = "first_user_event_at", avatarURL = "avatar_url"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(CustomerType.self, forKey: .type)
        guard type == Kind.type else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "Expected type \(Kind.type.rawValue), found \(type.rawValue)")
        }
        id = try c.decode(UUID.self, forKey: .id)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        metadata = try c.decode(Metadata.self, forKey: .metadata)
        externalID = try c.decodeIfPresent(String.self, forKey: .externalID)
        email = try c.decode(Kind.Email.self, forKey: .email)
        emailVerified = try c.decode(Bool.self, forKey: .emailVerified)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        billingName = try c.decodeIfPresent(String.self, forKey: .billingName)
        billingAddress = try c.decodeIfPresent(Address.self, forKey: .billingAddress)
        taxID = try c.decodeIfPresent(TaxID.self, forKey: .taxID)
        locale = try c.decodeIfPresent(String.self, forKey: .locale)
        organizationID = try c.decode(UUID.self, forKey: .organizationID)
        defaultPaymentMethodID = try c.decodeIfPresent(UUID.self, forKey: .defaultPaymentMethodID)
        deletedAt = try c.decodeTimestampIfPresent(forKey: .deletedAt)
        firstUserEventAt = try c.decodeTimestampIfPresent(forKey: .firstUserEventAt)
        avatarURL = try c.decodeIfPresent(String.self, forKey: .avatarURL)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.lowercased, forKey: .id)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(OrderedMetadata(metadata: metadata), forKey: .metadata)
        try c.encode(externalID, forKey: .externalID)
        try c.encode(email, forKey: .email)
        try c.encode(emailVerified, forKey: .emailVerified)
        try c.encode(Kind.type, forKey: .type)
        try c.encode(name, forKey: .name)
        try c.encode(billingName, forKey: .billingName)
        try c.encode(billingAddress, forKey: .billingAddress)
        try c.encode(taxID, forKey: .taxID)
        try c.encode(locale, forKey: .locale)
        try c.encode(organizationID.lowercased, forKey: .organizationID)
        try c.encode(defaultPaymentMethodID?.lowercased, forKey: .defaultPaymentMethodID)
        try c.encodeTimestamp(deletedAt, forKey: .deletedAt)
        try c.encodeTimestamp(firstUserEventAt, forKey: .firstUserEventAt)
        try c.encode(avatarURL, forKey: .avatarURL)
    }
}

/// Polar's `Customer`: an individual or a team, told apart by `type`.
public enum Customer: Codable, Sendable, Hashable {
    /// Polar's `CustomerIndividual`.
    case individual(CustomerIndividual)
    /// Polar's `CustomerTeam`.
    case team(CustomerTeam)

    /// The customer's ID.
    public var id: UUID { field(\.id, \.id) }
    /// The email address; `nil` only for a team customer created without one.
    public var email: String? {
        switch self {
        case .individual(let customer): customer.email
        case .team(let customer): customer.email
        }
    }
    /// Your own ID for the customer.
    public var externalID: String? { field(\.externalID, \.externalID) }
    /// The display name.
    public var name: String? { field(\.name, \.name) }
    /// The name on invoices: the billing name given, else ``name``.
    public var billingName: String? { field(\.billingName, \.billingName) }
    /// Whether the email address was verified.
    public var emailVerified: Bool { field(\.emailVerified, \.emailVerified) }
    /// When the customer was created.
    public var createdAt: Date { field(\.createdAt, \.createdAt) }
    /// When the customer was last changed; `nil` until then.
    public var modifiedAt: Date? { field(\.modifiedAt, \.modifiedAt) }
    /// Set once the customer is deleted.
    public var deletedAt: Date? { field(\.deletedAt, \.deletedAt) }
    /// Your key-value metadata.
    public var metadata: Metadata { field(\.metadata, \.metadata) }
    /// The billing address.
    public var billingAddress: Address? { field(\.billingAddress, \.billingAddress) }
    /// The validated tax ID and its format.
    public var taxID: TaxID? { field(\.taxID, \.taxID) }
    /// The customer's IETF BCP 47 language tag.
    public var locale: String? { field(\.locale, \.locale) }
    /// The organization the customer belongs to.
    public var organizationID: UUID { field(\.organizationID, \.organizationID) }
    /// The payment method charged by default.
    public var defaultPaymentMethodID: UUID? { field(\.defaultPaymentMethodID, \.defaultPaymentMethodID) }
    /// When the customer's first usage event happened.
    public var firstUserEventAt: Date? { field(\.firstUserEventAt, \.firstUserEventAt) }
    /// An image URL Polar derives from the email (Gravatar or the domain's logo).
    public var avatarURL: String? { field(\.avatarURL, \.avatarURL) }

    /// A field both kinds have, read without a `switch`.
    private func field<T>(_ individual: KeyPath<CustomerIndividual, T>, _ team: KeyPath<CustomerTeam, T>) -> T {
        switch self {
        case .individual(let customer): customer[keyPath: individual]
        case .team(let customer): customer[keyPath: team]
        }
    }

    /// Whether the customer is an individual or a team.
    public var type: CustomerType {
        switch self {
        case .individual: .individual
        case .team: .team
        }
    }

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        switch try container.decode(CustomerType.self, forKey: .type) {
        case .individual: self = .individual(try CustomerIndividual(from: decoder))
        case .team: self = .team(try CustomerTeam(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .individual(let customer): try customer.encode(to: encoder)
        case .team(let customer): try customer.encode(to: encoder)
        }
    }
}

extension UUID {
    /// Lower-case text, as Polar writes UUIDs (Foundation writes upper case).
    public var lowercased: String { uuidString.lowercased() }
}
