import Foundation

/// A benefit's kind (Polar's `BenefitType`). A struct rather than an enum so a type Polar adds
/// later still decodes.
public struct BenefitType: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral {
    /// The type as Polar spells it.
    public var rawValue: String
    /// Creates a type from Polar's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a type from a literal.
    public init(stringLiteral value: String) { rawValue = value }

    /// A benefit the merchant fulfils by hand.
    public static let custom: BenefitType = "custom"
    /// A Discord role.
    public static let discord: BenefitType = "discord"
    /// Access to a GitHub repository.
    public static let gitHubRepository: BenefitType = "github_repository"
    /// Downloadable files.
    public static let downloadables: BenefitType = "downloadables"
    /// License keys.
    public static let licenseKeys: BenefitType = "license_keys"
    /// Credits on a meter.
    public static let meterCredit: BenefitType = "meter_credit"
    /// A feature flag.
    public static let featureFlag: BenefitType = "feature_flag"
    /// A shared Slack channel.
    public static let slackSharedChannel: BenefitType = "slack_shared_channel"

    /// Decodes the raw string.
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    /// Encodes the raw string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A benefit granted to a customer (Polar's `CustomerStateBenefitGrant`).
public struct CustomerStateBenefitGrant: Codable, Sendable, Hashable {
    /// The grant's ID.
    public var id: UUID
    /// When the grant was created.
    public var createdAt: Date
    /// When it last changed.
    public var modifiedAt: Date?
    /// When the benefit was granted.
    public var grantedAt: Date
    /// The benefit granted.
    public var benefitID: UUID
    /// The benefit's kind; it decides the shape of ``properties``.
    public var benefitType: BenefitType
    /// The benefit's metadata.
    public var benefitMetadata: Metadata
    /// What the grant holds, shaped by ``benefitType``.
    public var properties: BenefitGrantProperties

    /// Creates a grant.
    public init(
        id: UUID, createdAt: Date, modifiedAt: Date? = nil, grantedAt: Date, benefitID: UUID, benefitType: BenefitType,
        benefitMetadata: Metadata = [:], properties: BenefitGrantProperties
    ) {
        self.id = id
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.grantedAt = grantedAt
        self.benefitID = benefitID
        self.benefitType = benefitType
        self.benefitMetadata = benefitMetadata
        self.properties = properties
    }

    enum CodingKeys: String, CodingKey {
        case id, createdAt = "created_at", modifiedAt = "modified_at", grantedAt = "granted_at"
        case benefitID = "benefit_id", benefitType = "benefit_type", benefitMetadata = "benefit_metadata", properties
    }

    /// Decodes Polar's JSON, reading `properties` in the shape `benefit_type` names.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        grantedAt = try c.decodeTimestamp(forKey: .grantedAt)
        benefitID = try c.decode(UUID.self, forKey: .benefitID)
        benefitType = try c.decode(BenefitType.self, forKey: .benefitType)
        benefitMetadata = try c.decode(Metadata.self, forKey: .benefitMetadata)
        let raw = try c.decode(JSONValue.self, forKey: .properties)
        properties = try BenefitGrantProperties(type: benefitType, json: raw, decoder: c.superDecoder(forKey: .properties))
    }

    /// Encodes every key in Polar's order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.lowercased, forKey: .id)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encodeTimestamp(grantedAt, forKey: .grantedAt)
        try c.encode(benefitID.lowercased, forKey: .benefitID)
        try c.encode(benefitType, forKey: .benefitType)
        try c.encode(OrderedMetadata(metadata: benefitMetadata), forKey: .benefitMetadata)
        try c.encode(properties, forKey: .properties)
    }
}

/// The `properties` of a ``CustomerStateBenefitGrant``, one case per benefit kind.
public enum BenefitGrantProperties: Encodable, Sendable, Hashable {
    /// A Discord role grant.
    case discord(Discord)
    /// A GitHub repository invitation.
    case gitHubRepository(GitHubRepository)
    /// Downloadable files.
    case downloadables(Downloadables)
    /// A license key.
    case licenseKeys(LicenseKeys)
    /// A shared Slack channel invitation.
    case slackSharedChannel(SlackSharedChannel)
    /// A custom or feature-flag benefit: Polar sends `{}`.
    case empty
    /// Any other benefit kind (e.g. `meter_credit`), kept as sent.
    case other(JSONValue)

    init(type: BenefitType, json: JSONValue, decoder: any Decoder) throws {
        if type == .custom || type == .featureFlag, json == .object([]) {
            self = .empty
            return
        }
        switch type {
        case .discord: self = .discord(try Discord(from: decoder))
        case .gitHubRepository: self = .gitHubRepository(try GitHubRepository(from: decoder))
        case .downloadables: self = .downloadables(try Downloadables(from: decoder))
        case .licenseKeys: self = .licenseKeys(try LicenseKeys(from: decoder))
        case .slackSharedChannel: self = .slackSharedChannel(try SlackSharedChannel(from: decoder))
        default: self = .other(json)
        }
    }

    /// Encodes the wrapped properties.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .discord(let value): try value.encode(to: encoder)
        case .gitHubRepository(let value): try value.encode(to: encoder)
        case .downloadables(let value): try value.encode(to: encoder)
        case .licenseKeys(let value): try value.encode(to: encoder)
        case .slackSharedChannel(let value): try value.encode(to: encoder)
        case .empty: try JSONValue.object([]).encode(to: encoder)
        case .other(let value): try value.encode(to: encoder)
        }
    }

    /// Polar's `BenefitGrantDiscordProperties`.
    public struct Discord: Codable, Sendable, Hashable {
        /// The linked Discord account.
        public var accountID: String?
        /// The server.
        public var guildID: String?
        /// The role granted.
        public var roleID: String?
        /// The account the role was granted to.
        public var grantedAccountID: String?

        /// Creates Discord properties.
        public init(accountID: String? = nil, guildID: String? = nil, roleID: String? = nil, grantedAccountID: String? = nil) {
            self.accountID = accountID
            self.guildID = guildID
            self.roleID = roleID
            self.grantedAccountID = grantedAccountID
        }

        enum CodingKeys: String, CodingKey {
            case accountID = "account_id", guildID = "guild_id", roleID = "role_id", grantedAccountID = "granted_account_id"
        }
    }

    /// Polar's `BenefitGrantGitHubRepositoryProperties`.
    public struct GitHubRepository: Codable, Sendable, Hashable {
        /// The linked GitHub account.
        public var accountID: String?
        /// The repository's owner.
        public var repositoryOwner: String?
        /// The repository's name.
        public var repositoryName: String?
        /// `pull`, `triage`, `push`, `maintain` or `admin`.
        public var permission: String?
        /// The account access was granted to.
        public var grantedAccountID: String?

        /// Creates GitHub properties.
        public init(
            accountID: String? = nil, repositoryOwner: String? = nil, repositoryName: String? = nil,
            permission: String? = nil, grantedAccountID: String? = nil
        ) {
            self.accountID = accountID
            self.repositoryOwner = repositoryOwner
            self.repositoryName = repositoryName
            self.permission = permission
            self.grantedAccountID = grantedAccountID
        }

        enum CodingKeys: String, CodingKey {
            case accountID = "account_id", repositoryOwner = "repository_owner", repositoryName = "repository_name"
            case permission, grantedAccountID = "granted_account_id"
        }
    }

    /// Polar's `BenefitGrantDownloadablesProperties`.
    public struct Downloadables: Codable, Sendable, Hashable {
        /// The file IDs granted.
        public var files: [String]?

        /// Creates downloadables properties.
        public init(files: [String]? = nil) { self.files = files }
    }

    /// Polar's `BenefitGrantLicenseKeysProperties`.
    public struct LicenseKeys: Codable, Sendable, Hashable {
        /// A key the customer supplied.
        public var userProvidedKey: String?
        /// The license key's ID.
        public var licenseKeyID: String?
        /// The key as shown to the customer.
        public var displayKey: String?

        /// Creates license-key properties.
        public init(userProvidedKey: String? = nil, licenseKeyID: String? = nil, displayKey: String? = nil) {
            self.userProvidedKey = userProvidedKey
            self.licenseKeyID = licenseKeyID
            self.displayKey = displayKey
        }

        enum CodingKeys: String, CodingKey {
            case userProvidedKey = "user_provided_key", licenseKeyID = "license_key_id", displayKey = "display_key"
        }
    }

    /// Polar's `BenefitGrantSlackSharedChannelProperties`.
    public struct SlackSharedChannel: Codable, Sendable, Hashable {
        /// The address invited.
        public var invitedEmail: String?
        /// The channel's ID.
        public var channelID: String?
        /// The channel's name.
        public var channelName: String?
        /// The invitation's ID.
        public var inviteID: String?
        /// The invitation link.
        public var inviteURL: String?
        /// The customer's connected Slack workspace.
        public var connectedTeamID: String?

        /// Creates Slack properties.
        public init(
            invitedEmail: String? = nil, channelID: String? = nil, channelName: String? = nil, inviteID: String? = nil,
            inviteURL: String? = nil, connectedTeamID: String? = nil
        ) {
            self.invitedEmail = invitedEmail
            self.channelID = channelID
            self.channelName = channelName
            self.inviteID = inviteID
            self.inviteURL = inviteURL
            self.connectedTeamID = connectedTeamID
        }

        enum CodingKeys: String, CodingKey {
            case invitedEmail = "invited_email", channelID = "channel_id", channelName = "channel_name"
            case inviteID = "invite_id", inviteURL = "invite_url", connectedTeamID = "connected_team_id"
        }
    }
}
