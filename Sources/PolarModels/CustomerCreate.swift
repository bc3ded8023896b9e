import Foundation

/// The owner member Polar may create with a team customer (Polar's `MemberOwnerCreate`).
public struct MemberOwnerCreate: Codable, Sendable, Hashable {
    public var email: String
    public var name: String?
    public var externalID: String?

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
    public var type: CustomerType
    /// Required for individuals; a team may leave it out when it names an `owner`.
    public var email: String?
    public var name: String?
    public var externalID: String?
    public var billingAddress: AddressInput?
    public var taxID: String?
    public var locale: String?
    public var metadata: Metadata?
    /// Only with a user token; an organization token implies its own organization.
    public var organizationID: UUID?
    public var owner: MemberOwnerCreate?
    /// This service's extension (not Polar's): the test clock the customer lives on.
    public var testClockID: UUID?

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
