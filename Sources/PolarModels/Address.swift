/// A billing address as Polar returns it: all six keys are always present, `null` when empty.
public struct Address: Codable, Sendable, Hashable {
    /// The first street line.
    public var line1: String?
    /// The second street line.
    public var line2: String?
    /// The postal or ZIP code.
    public var postalCode: String?
    /// The city.
    public var city: String?
    /// ISO 3166-2 for the US and Canada (`US-CA`, `CA-QC`); free text elsewhere.
    public var state: String?
    /// ISO 3166-1 alpha-2, upper case.
    public var country: String

    /// Creates an address; only the country is required.
    public init(
        line1: String? = nil, line2: String? = nil, postalCode: String? = nil, city: String? = nil,
        state: String? = nil, country: String
    ) {
        self.line1 = line1
        self.line2 = line2
        self.postalCode = postalCode
        self.city = city
        self.state = state
        self.country = country
    }

    enum CodingKeys: String, CodingKey {
        case line1, line2, postalCode = "postal_code", city, state, country
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        line1 = try container.decodeIfPresent(String.self, forKey: .line1)
        line2 = try container.decodeIfPresent(String.self, forKey: .line2)
        postalCode = try container.decodeIfPresent(String.self, forKey: .postalCode)
        city = try container.decodeIfPresent(String.self, forKey: .city)
        state = try container.decodeIfPresent(String.self, forKey: .state)
        country = try container.decode(String.self, forKey: .country)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line1, forKey: .line1)
        try container.encode(line2, forKey: .line2)
        try container.encode(postalCode, forKey: .postalCode)
        try container.encode(city, forKey: .city)
        try container.encode(state, forKey: .state)
        try container.encode(country, forKey: .country)
    }
}

/// The billing address a client sends. Polar upper-cases `country`, trims the other fields,
/// turns empty strings into `null` and prefixes US and Canadian states (`CA` → `US-CA`).
/// It has the same keys as ``Address``.
public typealias AddressInput = Address
