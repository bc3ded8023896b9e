/// The body of `POST /v1/customer-portal/customers/me/email-update/request` (Polar's
/// `CustomerEmailUpdateRequest`).
public struct CustomerEmailUpdateRequest: Codable, Sendable, Hashable {
    /// The new address; Polar mails a verification link to it.
    public var email: String

    /// Creates the body.
    public init(email: String) { self.email = email }
}

/// The body of `POST /v1/customer-portal/customers/me/email-update/verify` (Polar's
/// `CustomerEmailUpdateVerifyRequest`).
public struct CustomerEmailUpdateVerifyRequest: Codable, Sendable, Hashable {
    /// The `polar_cev_…` token from the verification link.
    public var token: String

    /// Creates the body.
    public init(token: String) { self.token = token }
}

/// What a successful email verification returns (Polar's `CustomerEmailUpdateVerifyResponse`).
public struct CustomerEmailUpdateVerifyResponse: Codable, Sendable, Hashable {
    /// A fresh customer session token (`polar_cst_…`), valid for an hour.
    public var token: String

    /// Creates the response.
    public init(token: String) { self.token = token }
}
