import Foundation
import PolarModels

/// A `PATCH /v1/customer-portal/benefit-grants/{id}` body: Polar's `CustomerBenefitGrantUpdate`,
/// discriminated by `benefit_type`. Only Discord, GitHub and Slack grants take properties (the
/// account or address to grant to); for the kinds this server grants, an update changes nothing.
struct PortalBenefitGrantUpdateInput: Sendable {
    var benefitType: String

    /// The union's tags, in Polar's order.
    static let tags = [
        "discord", "github_repository", "downloadables", "license_keys", "custom", "meter_credit", "feature_flag", "slack_shared_channel",
    ]

    init(body: JSONValue?) throws {
        let body = try InputReader.object(body)
        var reader = InputReader()
        guard case .string(let tag)? = body["benefit_type"], Self.tags.contains(tag) else {
            if let value = body["benefit_type"] {
                let shown = NewCustomerInput.pythonString(value)
                let expected = Self.tags.map { "<BenefitType.\($0): '\($0)'>" }.joined(separator: ", ")
                reader.fail(
                    ["body"], "union_tag_invalid",
                    "Input tag '\(shown)' found using 'benefit_type' does not match any of the expected tags: \(expected)", input: body,
                    ctx: .object(["discriminator": "'benefit_type'", "tag": .string(shown), "expected_tags": .string(expected)]))
            } else {
                reader.fail(
                    ["body"], "union_tag_not_found", "Unable to extract tag using discriminator 'benefit_type'", input: body,
                    ctx: .object(["discriminator": "'benefit_type'"]))
            }
            try reader.check()
            preconditionFailure("unreachable: check() threw")
        }
        let loc: [LocationItem] = ["body", .key(tag), "properties"]
        let required: [String: String] = ["discord": "account_id", "github_repository": "account_id", "slack_shared_channel": "invited_email"]
        if let key = required[tag], let properties = reader.required(body, "properties", at: ["body", .key(tag)]),
            reader.requireObject(properties, at: loc), let value = reader.required(properties, key, at: loc)
        {
            if tag == "slack_shared_channel" || value != .null { _ = reader.string(value, at: loc + [.key(key)]) }
        }
        try reader.check()
        benefitType = tag
    }
}
