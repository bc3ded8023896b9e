import Foundation
import PolarModels

/// A `PATCH /v1/benefits/{id}` body: Polar's `BenefitUpdate`, a plain union of one model per
/// benefit type, each pinning `type`, read as pydantic's smart mode reads it: the member whose
/// `type` matches, or every member's errors when none takes the body. A member of a type this
/// server does not grant is still read, so that the service can refuse the change of type.
struct BenefitUpdateInput: Sendable {
    /// The `type` the body names.
    var type: String
    /// `nil` when absent (or `null`, which Polar cannot store either): unchanged.
    var description: String?
    var metadata: Metadata?
    /// `null` is the type's default.
    var visibility: PatchField<String> = .absent
    /// `nil` when absent or `null`: unchanged. Otherwise the whole new properties.
    var properties: JSONValue?

    init(body: JSONValue?) throws {
        let body = try InputReader.present(body)
        self = try InputReader.union(Member.allCases) { member, reader in member.read(body, reader: &reader) }
    }

    private init(type: String) { self.type = type }

    /// The union's members, in Polar's order.
    private enum Member: String, CaseIterable {
        case custom = "BenefitCustomUpdate"
        case discord = "BenefitDiscordUpdate"
        case githubRepository = "BenefitGitHubRepositoryUpdate"
        case downloadables = "BenefitDownloadablesUpdate"
        case licenseKeys = "BenefitLicenseKeysUpdate"
        case meterCredit = "BenefitMeterCreditUpdate"
        case featureFlag = "BenefitFeatureFlagUpdate"
        case slackSharedChannel = "BenefitSlackSharedChannelUpdate"

        var tag: String {
            switch self {
            case .custom: "custom"
            case .discord: "discord"
            case .githubRepository: "github_repository"
            case .downloadables: "downloadables"
            case .licenseKeys: "license_keys"
            case .meterCredit: "meter_credit"
            case .featureFlag: "feature_flag"
            case .slackSharedChannel: "slack_shared_channel"
            }
        }

        /// The members whose model has `visibility`; the others drop the key.
        var hasVisibility: Bool { [.custom, .licenseKeys, .meterCredit, .featureFlag].contains(self) }

        /// The body as this member, or `nil` with its errors in `reader`. Fields are read in
        /// the model's order: metadata, description, visibility, type, properties.
        func read(_ body: JSONValue, reader: inout InputReader) -> BenefitUpdateInput? {
            let loc: [LocationItem] = ["body", .key(rawValue)]
            guard reader.requireObject(body, at: loc) else { return nil }
            var input = BenefitUpdateInput(type: tag)
            input.metadata = body["metadata"].flatMap { reader.metadata($0, at: loc + ["metadata"]) }
            input.description = reader.optional(body, "description").flatMap {
                reader.string($0, at: loc + ["description"], minLength: 3, maxLength: 42)
            }
            if hasVisibility {
                input.visibility = reader.patchField(body, "visibility") { $0.choice($1, at: loc + ["visibility"], ["draft", "private", "public"]) }
            }
            if let value = reader.required(body, "type", at: loc), value != .string(tag) {
                let expected = "<BenefitType.\(tag): '\(tag)'>"
                reader.fail(
                    loc + ["type"], "literal_error", "Input should be \(expected)", input: value, ctx: .object(["expected": .string(expected)]))
            }
            if let value = reader.optional(body, "properties") {
                input.properties = properties(value, at: loc + ["properties"], reader: &reader)
            }
            return reader.errors.isEmpty ? input : nil
        }

        /// The new properties, checked as this member's properties model checks them.
        private func properties(_ value: JSONValue, at loc: [LocationItem], reader: inout InputReader) -> JSONValue? {
            guard reader.requireObject(value, at: loc) else { return nil }
            func require(_ keys: [String]) { for key in keys { _ = reader.required(value, key, at: loc) } }
            switch self {
            case .custom:
                guard let note = reader.required(value, "note", at: loc) else { return nil }
                if note == .null { return .object(["note": .null]) }
                return reader.string(note, at: loc + ["note"]).map { .object(["note": .string($0)]) }
            case .featureFlag:
                return .object([])
            case .meterCredit:
                return BenefitInput.meterCreditProperties(value, at: loc, reader: &reader)
            // The other kinds' required properties; this server never stores them.
            case .discord: require(["guild_token", "role_id", "kick_member"])
            case .githubRepository: require(["repository_owner", "repository_name", "permission"])
            case .downloadables: require(["files"])
            case .licenseKeys: break
            case .slackSharedChannel: require(["slack_integration_id", "channel_name_template"])
            }
            return value
        }
    }
}
