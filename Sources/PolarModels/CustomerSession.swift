import Foundation

/// The body of `POST /v1/customer-sessions/` (Polar's `CustomerSessionCustomerIDCreate` or
/// `CustomerSessionCustomerExternalIDCreate`): which customer, and optionally which member.
public struct CustomerSessionCreate: Codable, Sendable, Hashable {
    /// How the session's customer is named.
    public typealias CustomerReference = PolarModels.CustomerReference

    /// The customer the session is for.
    public var customer: CustomerReference
    /// The member, in organizations that use members; required for team customers there.
    public var memberID: UUID?
    /// The member by your external ID, instead of ``memberID``.
    public var externalMemberID: String?
    /// Where the portal's back button leads (http or https).
    public var returnURL: String?

    /// Creates the body; unset options are not sent.
    public init(customer: CustomerReference, memberID: UUID? = nil, externalMemberID: String? = nil, returnURL: String? = nil) {
        self.customer = customer
        self.memberID = memberID
        self.externalMemberID = externalMemberID
        self.returnURL = returnURL
    }

    enum CodingKeys: String, CodingKey {
        case customerID = "customer_id", externalCustomerID = "external_customer_id", memberID = "member_id"
        case externalMemberID = "external_member_id", returnURL = "return_url"
    }

    /// Decodes either shape; the external-ID shape wins when both keys are present, as in Polar.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let external = try c.decodeIfPresent(String.self, forKey: .externalCustomerID) {
            customer = .externalID(external)
        } else {
            customer = .id(try c.decode(UUID.self, forKey: .customerID))
        }
        memberID = try c.decodeIfPresent(UUID.self, forKey: .memberID)
        externalMemberID = try c.decodeIfPresent(String.self, forKey: .externalMemberID)
        returnURL = try c.decodeIfPresent(String.self, forKey: .returnURL)
    }

    /// Encodes the customer key and whichever options are set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch customer {
        case .id(let id): try c.encode(id.lowercased, forKey: .customerID)
        case .externalID(let external): try c.encode(external, forKey: .externalCustomerID)
        }
        try c.encodeIfPresent(memberID?.lowercased, forKey: .memberID)
        try c.encodeIfPresent(externalMemberID, forKey: .externalMemberID)
        try c.encodeIfPresent(returnURL, forKey: .returnURL)
    }
}

/// A customer session (Polar's `CustomerSession`): the token that authenticates the customer
/// portal API for one hour.
public struct CustomerSession: Codable, Sendable, Hashable {
    /// When the session was created.
    public var createdAt: Date
    /// Always `nil` for a new session.
    public var modifiedAt: Date?
    /// The session's ID.
    public var id: UUID
    /// The `polar_cst_…` (or `polar_mst_…` member) token; Polar shows it only this once.
    public var token: String
    /// When the token stops working.
    public var expiresAt: Date
    /// The return URL given at creation, normalised.
    public var returnURL: String?
    /// A ready-made link into Polar's hosted portal, carrying the token.
    public var customerPortalURL: String
    /// The customer's ID.
    public var customerID: UUID
    /// The whole customer, as the organization API returns it.
    public var customer: Customer

    /// Creates a session.
    public init(
        createdAt: Date, modifiedAt: Date? = nil, id: UUID, token: String, expiresAt: Date, returnURL: String? = nil,
        customerPortalURL: String, customerID: UUID, customer: Customer
    ) {
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.id = id
        self.token = token
        self.expiresAt = expiresAt
        self.returnURL = returnURL
        self.customerPortalURL = customerPortalURL
        self.customerID = customerID
        self.customer = customer
    }

    enum CodingKeys: String, CodingKey {
        case createdAt = "created_at", modifiedAt = "modified_at", id, token, expiresAt = "expires_at"
        case returnURL = "return_url", customerPortalURL = "customer_portal_url", customerID = "customer_id", customer
    }

    /// Decodes Polar's JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        createdAt = try c.decodeTimestamp(forKey: .createdAt)
        modifiedAt = try c.decodeTimestampIfPresent(forKey: .modifiedAt)
        id = try c.decode(UUID.self, forKey: .id)
        token = try c.decode(String.self, forKey: .token)
        expiresAt = try c.decodeTimestamp(forKey: .expiresAt)
        returnURL = try c.decodeIfPresent(String.self, forKey: .returnURL)
        customerPortalURL = try c.decode(String.self, forKey: .customerPortalURL)
        customerID = try c.decode(UUID.self, forKey: .customerID)
        customer = try c.decode(Customer.self, forKey: .customer)
    }

    /// Encodes every key in Polar's order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTimestamp(createdAt, forKey: .createdAt)
        try c.encodeTimestamp(modifiedAt, forKey: .modifiedAt)
        try c.encode(id.lowercased, forKey: .id)
        try c.encode(token, forKey: .token)
        try c.encodeTimestamp(expiresAt, forKey: .expiresAt)
        try c.encode(returnURL, forKey: .returnURL)
        try c.encode(customerPortalURL, forKey: .customerPortalURL)
        try c.encode(customerID.lowercased, forKey: .customerID)
        try c.encode(customer, forKey: .customer)
    }
}
