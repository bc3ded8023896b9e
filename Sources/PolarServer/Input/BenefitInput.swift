import Foundation
import PolarModels

/// A `POST /v1/benefits/` body: Polar's `BenefitCreate`, discriminated by `type`. Only the
/// kinds this server can grant on its own are accepted.
struct BenefitInput: Sendable {
    var type: BenefitType
    var description: String
    var properties: JSONValue
    var metadata: Metadata
    var visibility: String?

    static let types: [BenefitType] = [.custom, .featureFlag, .meterCredit]
    /// Every type of Polar's `BenefitCreate` union, in its order; the others need third-party services.
    static let polarTypes = [
        "custom", "discord", "github_repository", "downloadables", "license_keys", "meter_credit", "feature_flag", "slack_shared_channel",
    ]

    init(body: JSONValue?) throws {
        var reader = InputReader()
        guard let body, case .object = body else {
            if body == nil { reader.fail(["body"], "missing", "Field required", input: .null) } else {
                reader.fail(["body"], "model_attributes_type", "Input should be a valid dictionary or object to extract fields from", input: body!)
            }
            try reader.stop()
        }
        let tags = Self.types.map(\.rawValue)
        if case .string(let tag)? = body["type"], Self.polarTypes.contains(tag), !tags.contains(tag) {
            throw APIError.validation(
                [
                    ValidationError(
                        loc: ["body", "type"], msg: "This server supports only custom, feature_flag and meter_credit benefits.",
                        type: "value_error", input: .string(tag))
                ], kind: .business)
        }
        guard case .string(let tag)? = body["type"], tags.contains(tag) else {
            reader.failTag(body, at: ["body"], discriminator: "type", enumName: "BenefitType", tags: Self.polarTypes)
            try reader.stop()
        }
        type = BenefitType(rawValue: tag)
        let loc: [LocationItem] = ["body", .key(tag)]
        let metadata = body["metadata"].flatMap { reader.metadata($0, at: loc + ["metadata"]) }
        let description = reader.required(body, "description", at: loc).flatMap {
            reader.string($0, at: loc + ["description"], minLength: 3, maxLength: 42)
        }
        visibility = reader.optional(body, "visibility").flatMap { reader.choice($0, at: loc + ["visibility"], ["public", "private"]) }
        var properties: JSONValue?
        if let raw = reader.required(body, "properties", at: loc) {
            properties = Self.properties(raw, type: type, at: loc + ["properties"], reader: &reader)
        }
        if let error = reader.rejectOrganizationID(body, at: loc) {
            try reader.check()
            throw APIError.validation([error], kind: .business)
        }
        try reader.check()
        self.description = description!
        self.properties = properties!
        self.metadata = metadata ?? [:]
    }

    private static func properties(_ value: JSONValue, type: BenefitType, at loc: [LocationItem], reader: inout InputReader) -> JSONValue? {
        guard reader.requireObject(value, at: loc) else { return nil }
        switch type {
        case .custom:
            let note = reader.optional(value, "note").flatMap { reader.string($0, at: loc + ["note"]) }
            return .object(["note": note.map(JSONValue.string) ?? .null])
        case .meterCredit:
            return meterCreditProperties(value, at: loc, reader: &reader)
        default:
            return .object([])
        }
    }

    /// Polar's `BenefitMeterCreditCreateProperties` (an object already), which updates take too.
    static func meterCreditProperties(_ value: JSONValue, at loc: [LocationItem], reader: inout InputReader) -> JSONValue? {
        let units = reader.required(value, "units", at: loc).flatMap {
            reader.int($0, at: loc + ["units"], greaterThan: 0, max: 2_147_483_647)
        }
        let rollover = reader.required(value, "rollover", at: loc).flatMap { reader.bool($0, at: loc + ["rollover"]) }
        let meter = reader.required(value, "meter_id", at: loc).flatMap { reader.uuid4($0, at: loc + ["meter_id"]) }
        guard let units, let rollover, let meter else { return nil }
        return .object(["units": .integer(units), "rollover": .bool(rollover), "meter_id": .string(meter.lowercased)])
    }
}
