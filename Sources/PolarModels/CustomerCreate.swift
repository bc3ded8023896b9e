import Foundation

/// The owner member Polar may create with a team customer (Polar's `MemberOwnerCreate`).
public struct MemberOwnerCreate: Codable, Sendable, Hashable {
    /// The owner's email address.
    public var email: String
    /// The owner's name; the customer's name when left out.
    public var name: String?
    /// Your own ID for the owner; the customer's external ID when left out.
    public var externalID: String?

    /// Creates an owner; unset fields are not sent.
    public init(email: String, name: String? = nil, externalID: String? = nil) {
        self.email = email
        self.name = name
        self.externalID = externalID
    }

    enum CodingKeys: String, CodingKey {
        case email, name, externalID = "external_id"
    }
}

/// The body of `POST /v1/customers/` (Polar's `CustomerIndividualCreate` and
/// `CustomerTeamCreate`, told apart by `type`). Unset optional fields are not sent.
public struct CustomerCreate: Codable, Sendable, Hashable {
    /// Which kind of customer to create; Polar assumes `individual` when it is not sent.
    public var type: CustomerType
    /// Required for individuals; a team may leave it out when it names an `owner`.
    public var email: String?
    /// The display name, at most 256 characters.
    public var name: String?
    /// Your own ID for the customer; unique in the organization and fixed once set.
    public var externalID: String?
    /// The billing address; needed to validate ``taxID``.
    public var billingAddress: AddressInput?
    /// The tax ID as text, validated against the billing address's country.
    public var taxID: String?
    /// An IETF BCP 47 language tag (`en-US`), normalised by Polar.
    public var locale: String?
    /// Your key-value metadata; Polar stores `{}` when it is not sent.
    public var metadata: Metadata?
    /// Only with a user token; an organization token implies its own organization.
    public var organizationID: UUID?
    /// The owner member to create too; ignored unless the organization uses members.
    public var owner: MemberOwnerCreate?
    /// This service's extension (not Polar's): the test clock the customer lives on.
    public var testClockID: UUID?

    /// Creates the body; unset optional fields are not sent.
    public init(
        type: CustomerType = .individual, email: String?, name: String? = nil, externalID: String? = nil,
        billingAddress: AddressInput? = nil, taxID: String? = nil, locale: String? = nil,
        metadata: Metadata? = nil, organizationID: UUID? = nil, owner: MemberOwnerCreate? = nil, testClockID: UUID? = nil
    ) {
        self.type = type
        self.email = email
        self.name = name
        self.externalID = externalID
        self.billingAddress = billingAddress
        self.taxID = taxID
        self.locale = locale
        self.metadata = metadata
        self.organizationID = organizationID
        self.owner = owner
        self.testClockID = testClockID
    }

    enum CodingKeys: String, CodingKey {
        case type, email, name, externalID = "external_id", billingAddress = "billing_address"
        case taxID = "tax_id", locale, metadata, organizationID = "organization_id", owner, testClockID = "test_clock_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(email, forKey: .email)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(externalID, forKey: .externalID)
        try c.encodeIfPresent(billingAddress, forKey: .billingAddress)
        try c.encodeIfPresent(taxID, forKey: .taxID)
        try c.encodeIfPresent(locale, forKey: .locale)
        try c.encodeIfPresent(metadata.map(OrderedMetadata.init(metadata:)), forKey: .metadata)
        try c.encodeIfPresent(organizationID?.lowercased, forKey: .organizationID)
        try c.encodeIfPresent(owner, forKey: .owner)
        try c.encodeIfPresent(testClockID?.lowercased, forKey: .testClockID)
    }
}
