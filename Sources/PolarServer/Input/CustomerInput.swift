import Foundation
import PolarModels

/// A `POST /v1/customers/` body that passed Polar's schema validation: the SDK's
/// `CustomerCreate` itself, with this service's extension `test_clock_id` (or `test_clock`,
/// Stripe's name for it) for the test clock the customer lives on. The tax ID is kept as sent
/// (trimmed); the service validates it against the billing country.
extension CustomerCreate {
    /// Which key of `body` names the test clock, for an error's location.
    static func testClockKey(in body: JSONValue?) -> String {
        body?["test_clock_id"] == nil && body?["test_clock"] != nil ? "test_clock" : "test_clock_id"
    }

    /// Reads Polar's `CustomerCreate` union: `type` picks the shape (individual when absent) and
    /// becomes part of every error location, as pydantic reports discriminated unions.
    init(validating body: JSONValue?) throws {
        self.init(email: nil)
        var reader = InputReader()
        guard let body else {
            reader.fail(["body"], "missing", "Field required", input: .null)
            try reader.stop()
        }
        let tag: String
        switch body["type"] {
        case nil: tag = CustomerType.individual.rawValue
        case .string(let text) where CustomerType(rawValue: text) != nil: tag = text
        case let other?:
            let shown = PythonText.str(other)
            reader.fail(
                ["body"], "union_tag_invalid",
                "Input tag '\(shown)' found using _customer_create_type() does not match any of the expected tags: 'individual', 'team'",
                input: body,
                ctx: .object([
                    "discriminator": "_customer_create_type()", "tag": .string(shown), "expected_tags": "'individual', 'team'",
                ]))
            try reader.stop()
        }
        type = CustomerType(rawValue: tag)!
        let loc: [LocationItem] = ["body", .key(tag)]
        guard reader.requireObject(body, at: loc) else {
            try reader.stop()
        }

        metadata = body["metadata"].flatMap { reader.metadata($0, at: loc + ["metadata"]) }
        externalID = reader.trimmedOptional(body["external_id"], at: loc + ["external_id"]).value
        name = reader.trimmedOptional(body["name"], at: loc + ["name"], maxLength: 256).value
        billingAddress = body["billing_address"].flatMap { $0 == .null ? nil : reader.address($0, at: loc + ["billing_address"]) }
        taxID = reader.trimmedOptional(body["tax_id"], at: loc + ["tax_id"]).value
        locale = body["locale"].flatMap { $0 == .null ? nil : reader.locale($0, at: loc + ["locale"]) }
        organizationID = body["organization_id"].flatMap { $0 == .null ? nil : reader.uuid4($0, at: loc + ["organization_id"]) }
        let testClockKey = Self.testClockKey(in: body)
        testClockID = body[testClockKey].flatMap { $0 == .null ? nil : reader.uuid4($0, at: loc + [.key(testClockKey)]) }
        owner = body["owner"].flatMap { $0 == .null ? nil : Self.owner($0, at: loc + ["owner"], reader: &reader) }
        switch body["email"] {
        case nil:
            if type == .individual { reader.fail(loc + ["email"], "missing", "Field required", input: body) }
            email = nil
        case .null? where type == .team:
            email = nil
        case let value?:
            email = reader.email(value, at: loc + ["email"])
        }
        if reader.errors.isEmpty, type == .team, email == nil, owner == nil {
            reader.fail(
                ["body", "team"], "value_error",
                "Value error, An owner with an email address is required when creating a team customer without an email.",
                input: body, ctx: .object(["error": .object([])]))
        }
        try reader.check()
    }

    private static func owner(_ value: JSONValue, at loc: [LocationItem], reader: inout InputReader) -> MemberOwnerCreate? {
        guard reader.requireObject(value, at: loc) else { return nil }
        let errorCount = reader.errors.count
        let name = reader.trimmedOptional(value["name"], at: loc + ["name"], maxLength: 256).value
        let externalID = reader.trimmedOptional(value["external_id"], at: loc + ["external_id"]).value
        var email: String?
        if let raw = value["email"] {
            email = reader.email(raw, at: loc + ["email"])
        } else {
            reader.fail(loc + ["email"], "missing", "Field required", input: value)
        }
        guard reader.errors.count == errorCount, let email else { return nil }
        return MemberOwnerCreate(email: email, name: name, externalID: externalID)
    }

}

/// A PATCH body that passed Polar's schema validation: the SDK's `CustomerUpdate` itself, each
/// field keeping whether it was sent.
extension CustomerUpdate {
    /// Reads Polar's `CustomerUpdate`, or `CustomerUpdateExternalID` when `byExternalID` (which
    /// has no `external_id` or `type`: those keys are ignored like any unknown key).
    init(validating body: JSONValue?, byExternalID: Bool) throws {
        self.init()
        var reader = InputReader()
        guard let body else {
            reader.fail(["body"], "missing", "Field required", input: .null)
            try reader.check()
            return
        }
        guard reader.requireObject(body, at: ["body"]) else {
            try reader.check()
            return
        }
        if let value = body["metadata"] {
            metadata = reader.metadata(value, at: ["body", "metadata"]).map(PatchField.value) ?? .absent
        }
        if let value = body["email"] {
            email = value == .null ? .null : reader.email(value, at: ["body", "email"]).map(PatchField.value) ?? .absent
        }
        name = reader.trimmedOptional(body["name"], at: ["body", "name"], maxLength: 256)
        if let value = body["billing_address"] {
            billingAddress = value == .null ? .null : reader.address(value, at: ["body", "billing_address"]).map(PatchField.value) ?? .absent
        }
        taxID = reader.trimmedOptional(body["tax_id"], at: ["body", "tax_id"])
        if let value = body["locale"] {
            locale = value == .null ? .null : reader.locale(value, at: ["body", "locale"]).map(PatchField.value) ?? .absent
        }
        if !byExternalID {
            externalID = reader.trimmedOptional(body["external_id"], at: ["body", "external_id"])
            switch body["type"] {
            case nil: break
            case .null?: type = .null
            case .string(let text)? where CustomerType(rawValue: text) != nil: type = .value(CustomerType(rawValue: text)!)
            case let other?:
                let expected = InputReader.choices(CustomerType.allCases.map(\.rawValue))
                reader.fail(
                    ["body", "type"], "enum", "Input should be \(expected)", input: other,
                    ctx: .object(["expected": .string(expected)]))
            }
        }
        try reader.check()
    }
}
