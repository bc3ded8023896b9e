import Foundation

/// A benefit (Polar's `Benefit`): what a product grants its customers.
public struct Benefit: Codable, Sendable, Hashable {
    /// The benefit's ID.
    public var id: UUID
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var modifiedAt: Date?
    /// Its kind, which decides the shape of ``properties``.
    public var type: BenefitType
    /// What customers see.
    public var description: String
    /// Whether it can be attached to products.
    public var selectable: Bool
    /// Whether it can be deleted.
    public var deletable: Bool
    /// Whether it was deleted.
    public var isDeleted: Bool
    /// The organization it belongs to.
    public var organizationID: UUID
    /// Key-value data of the merchant's.
    public var metadata: Metadata
    /// `public` or `private`, as Polar shows it to customers.
    public var visibility: String?
    /// The kind's settings: `{}` for `feature_flag`, `{"note": …}` for `custom`, `{"units", "rollover",
    /// "meter_id"}` for `meter_credit`.
    public var properties: JSONValue
    /// For `custom` benefits: whether tax applies.
    public var isTaxApplicable: Bool?
    /// Whether its visibility may be changed.
    public var visibilityConfigurable: Bool?

    enum CodingKeys: String, CodingKey {
        case id, createdAt = "created_at", modifiedAt = "modified_at", type, description, selectable, deletable, isDeleted = "is_deleted"
        case organizationID = "organization_id", metadata, visibility, properties, isTaxApplicable = "is_tax_applicable"
        case visibilityConfigurable = "visibility_configurable"
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        type = try c.decode(BenefitType.self, forKey: .type)
        description = try c.decode(String.self, forKey: .description)
        selectable = try c.decode(Bool.self, forKey: .selectable)
        deletable = try c.decode(Bool.self, forKey: .deletable)
        isDeleted = try c.decodeIfPresent(Bool.self, forKey: .isDeleted) ?? false
        organizationID = try c.decode(UUID.self, forKey: .organizationID)
        metadata = try c.decodeIfPresent(Metadata.self, forKey: .metadata) ?? [:]
        visibility = try c.decodeIfPresent(String.self, forKey: .visibility)
        properties = try c.decodeIfPresent(JSONValue.self, forKey: .properties) ?? .object([])
        isTaxApplicable = try c.decodeIfPresent(Bool.self, forKey: .isTaxApplicable)
        visibilityConfigurable = try c.decodeIfPresent(Bool.self, forKey: .visibilityConfigurable)
    }

    /// Encodes the benefit as Polar writes it (`is_tax_applicable` for custom benefits only).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.lowercased, forKey: .id)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(type, forKey: .type)
        try c.encode(description, forKey: .description)
        try c.encode(selectable, forKey: .selectable)
        try c.encode(deletable, forKey: .deletable)
        try c.encode(isDeleted, forKey: .isDeleted)
        try c.encode(organizationID.lowercased, forKey: .organizationID)
        try c.encode(metadata, forKey: .metadata)
        try c.encodeIfPresent(visibility, forKey: .visibility)
        try c.encode(properties, forKey: .properties)
        try c.encodeIfPresent(isTaxApplicable, forKey: .isTaxApplicable)
        try c.encodeIfPresent(visibilityConfigurable, forKey: .visibilityConfigurable)
    }
}

/// The body of `POST /v1/benefits/`, and of `PATCH /v1/benefits/{id}` (where `type` must be the
/// benefit's own and unset fields stay as they are).
public struct BenefitCreate: Encodable, Sendable, Hashable {
    /// The kind: `custom`, `feature_flag` or `meter_credit` on this server.
    public var type: BenefitType
    /// What customers see (3 to 42 characters).
    public var description: String?
    /// The kind's settings (see ``Benefit/properties``).
    public var properties: JSONValue?
    /// Key-value data of the merchant's.
    public var metadata: Metadata?

    /// Creates the body; unset fields are not sent.
    public init(type: BenefitType, description: String? = nil, properties: JSONValue? = nil, metadata: Metadata? = nil) {
        self.type = type
        self.description = description
        self.properties = properties
        self.metadata = metadata
    }

    /// A `meter_credit` benefit: `units` credited on `meter` each period, leftovers carried over with `rollover`.
    public static func meterCredit(_ description: String, units: Int, meter: UUID, rollover: Bool = false) -> BenefitCreate {
        BenefitCreate(
            type: .meterCredit, description: description,
            properties: .object(["units": .integer(units), "rollover": .bool(rollover), "meter_id": .string(meter.lowercased)]))
    }

    /// A `feature_flag` benefit.
    public static func featureFlag(_ description: String, metadata: Metadata = [:]) -> BenefitCreate {
        BenefitCreate(type: .featureFlag, description: description, properties: .object([]), metadata: metadata)
    }

    enum CodingKeys: String, CodingKey { case type, description, properties, metadata }
}
