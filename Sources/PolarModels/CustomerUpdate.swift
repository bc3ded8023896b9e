/// The body of `PATCH /v1/customers/{id}` (Polar's `CustomerUpdate`) and, without
/// `externalID` and `type`, of `PATCH /v1/customers/external/{external_id}`.
///
/// Each field is absent unless set, so only what the caller names is sent.
public struct CustomerUpdate: Codable, Sendable, Hashable {
    /// `null` is ignored by Polar: an email is never cleared.
    public var email: PatchField<String>
    /// The display name, at most 256 characters; `null` clears it.
    public var name: PatchField<String>
    /// `null` is rejected by Polar with a 422; a value replaces the whole address.
    public var billingAddress: PatchField<AddressInput>
    /// The tax ID as text, validated against the address's country; `null` clears it.
    public var taxID: PatchField<String>
    /// An IETF BCP 47 language tag; `null` clears it.
    public var locale: PatchField<String>
    /// Replaces the whole object; `null` is rejected.
    public var metadata: PatchField<Metadata>
    /// Can be set once; Polar rejects any later change.
    public var externalID: PatchField<String>
    /// Only `individual` → `team` is allowed.
    public var type: PatchField<CustomerType>

    /// Creates a customer update; every field is absent unless given.
    public init(
        email: PatchField<String> = .absent, name: PatchField<String> = .absent,
        billingAddress: PatchField<AddressInput> = .absent, taxID: PatchField<String> = .absent,
        locale: PatchField<String> = .absent, metadata: PatchField<Metadata> = .absent,
        externalID: PatchField<String> = .absent, type: PatchField<CustomerType> = .absent
    ) {
        self.email = email
        self.name = name
        self.billingAddress = billingAddress
        self.taxID = taxID
        self.locale = locale
        self.metadata = metadata
        self.externalID = externalID
        self.type = type
    }

    enum CodingKeys: String, CodingKey {
        case email, name, billingAddress = "billing_address", taxID = "tax_id", locale, metadata
        case externalID = "external_id", type
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        email = try c.decode(PatchField<String>.self, forKey: .email)
        name = try c.decode(PatchField<String>.self, forKey: .name)
        billingAddress = try c.decode(PatchField<AddressInput>.self, forKey: .billingAddress)
        taxID = try c.decode(PatchField<String>.self, forKey: .taxID)
        locale = try c.decode(PatchField<String>.self, forKey: .locale)
        metadata = try c.decode(PatchField<Metadata>.self, forKey: .metadata)
        externalID = try c.decode(PatchField<String>.self, forKey: .externalID)
        type = try c.decode(PatchField<CustomerType>.self, forKey: .type)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(email, forKey: .email)
        try c.encode(name, forKey: .name)
        try c.encode(billingAddress, forKey: .billingAddress)
        try c.encode(taxID, forKey: .taxID)
        try c.encode(locale, forKey: .locale)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(externalID, forKey: .externalID)
        try c.encode(type, forKey: .type)
    }
}
