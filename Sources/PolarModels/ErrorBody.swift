/// The body of Polar's non-validation errors (`ResourceNotFound`, `CustomerNotReady`,
/// `PaymentMethodInUseByActiveSubscription`, `PaymentMethodSetupFailed`, …). Two shapes share it:
///
/// - Polar's own errors, `{"error": "<ClassName>", "detail": "<message>"}`
///   (`Unauthorized`, `NotPermitted`, `CustomerNotReady`, …);
/// - OAuth 2 errors, `{"error": "invalid_token", "error_description": "<message>"}`
///   (`invalid_token`, `insufficient_scope`).
public struct ErrorBody: Codable, Sendable, Hashable, Error {
    /// The error's name: a Polar class name or an OAuth 2 error code.
    public var error: String
    /// The message of a Polar error.
    public var detail: String?
    /// The message of an OAuth 2 error.
    public var errorDescription: String?

    /// Creates a body.
    public init(error: String, detail: String? = nil, errorDescription: String? = nil) {
        self.error = error
        self.detail = detail
        self.errorDescription = errorDescription
    }

    /// Whichever message the body carries.
    public var message: String? { detail ?? errorDescription }

    enum CodingKeys: String, CodingKey {
        case error, detail, errorDescription = "error_description"
    }

    /// Decodes either shape; a non-text `detail` is dropped.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        error = try c.decode(String.self, forKey: .error)
        detail = try? c.decodeIfPresent(String.self, forKey: .detail)
        errorDescription = try c.decodeIfPresent(String.self, forKey: .errorDescription)
    }

    /// Encodes `error` and whichever messages are set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(error, forKey: .error)
        try c.encodeIfPresent(detail, forKey: .detail)
        try c.encodeIfPresent(errorDescription, forKey: .errorDescription)
    }
}
