import PolarModels

/// Polar's refusals of a customer change, with its exact locations, messages and types: from
/// the API's create and update, the portal's update and the email change.
extension ValidationError {
    static func duplicateEmail(_ email: String) -> ValidationError {
        ValidationError(
            loc: ["body", "email"], msg: "A customer with this email address already exists.", type: "value_error",
            input: .string(email))
    }

    static func duplicateExternalID(_ externalID: String) -> ValidationError {
        ValidationError(
            loc: ["body", "external_id"], msg: "A customer with this external ID already exists.", type: "value_error",
            input: .string(externalID))
    }

    static func invalidTaxID(_ input: String) -> ValidationError {
        ValidationError(loc: ["body", "tax_id"], msg: "Invalid tax ID.", type: "invalid", input: .string(input))
    }

    /// A tax ID sent for a customer with no billing country to validate it against.
    static let taxIDWithoutCountry = ValidationError(
        loc: ["body", "billing_address"], msg: "Country is required to validate tax ID.", type: "missing", input: .null)
}

extension APIError {
    /// The portal's refusal of one field of `PATCH /v1/customer-portal/customers/me`.
    static func portalUpdateRejected(_ field: String, _ type: String, _ message: String, _ input: JSONValue) -> APIError {
        .validation([ValidationError(loc: ["body", .key(field)], msg: message, type: type, input: input)], kind: .business)
    }

    /// An email change to an address another customer took meanwhile, located at the token.
    static func emailInUse(_ email: String) -> APIError {
        .validation(
            [ValidationError(loc: ["body", "token"], msg: "This email address is already in use.", type: "value_error", input: .string(email))],
            kind: .business)
    }

    /// An email change refused for the address asked for.
    static func emailChangeRejected(_ email: String, _ message: String) -> APIError {
        .validation([ValidationError(loc: ["body", "email"], msg: message, type: "value_error", input: .string(email))], kind: .business)
    }
}
