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
            reader.failTag(body, at: ["body"], discriminator: "benefit_type", enumName: "BenefitType", tags: Self.tags)
            try reader.stop()
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
