import Foundation
import PolarModels

/// A benefit of one of the kinds that need no third-party service: `custom`, `feature_flag`
/// and `meter_credit`.
struct BenefitRecord: Sendable, Hashable {
    var id: UUID
    var organizationID: UUID
    var type: BenefitType
    var description: String
    /// `{"note": …}`, `{}`, or `{"units", "rollover", "meter_id"}`, by type.
    var properties: JSONValue
    var metadata: Metadata
    /// `public` or `private`.
    var visibility: String
    var createdAt: Int64
    var modifiedAt: Int64?
    var deletedAt: Int64?

    /// The meter and units a `meter_credit` benefit credits.
    var meterCredit: (meterID: UUID, units: Int, rollover: Bool)? {
        guard type == .meterCredit, let meter = properties["meter_id"]?.stringValue.flatMap(UUID.init(uuidString:)),
            case .integer(let units)? = properties["units"], case .bool(let rollover)? = properties["rollover"]
        else { return nil }
        return (meter, units, rollover)
    }

    /// Polar's `Benefit…Subscriber`: the benefit as a customer holding it sees it.
    func subscriberWire(organization: Organization) -> JSONValue {
        .object(publicMembers + [.init("organization", organization.publicWire), .init("properties", properties)])
    }

    /// Polar's `BenefitPublic`: what a customer may see of a benefit; of a meter credit, also
    /// how many units of which meter (as polar-sdk 1.x requires).
    var publicWire: JSONValue {
        .object(publicMembers + (meterCredit.map { [.init("properties", .object(["units": .integer($0.units), "meter_id": .string($0.meterID.lowercased)]))] } ?? []))
    }

    private var publicMembers: [JSONValue.Member] {
        [
            .init("id", .string(id.lowercased)), .init("created_at", .timestamp(createdAt)), .init("modified_at", .timestamp(modifiedAt)),
            .init("type", .string(type.rawValue)), .init("description", .string(description)), .init("selectable", true),
            .init("deletable", true), .init("is_deleted", .bool(deletedAt != nil)), .init("organization_id", .string(organizationID.lowercased)),
        ]
    }

    /// Polar's `BenefitCustom`, `BenefitFeatureFlag` or `BenefitMeterCredit`.
    var wire: JSONValue {
        var members: [JSONValue.Member] = [
            .init("id", .string(id.lowercased)),
            .init("created_at", .timestamp(createdAt)),
            .init("modified_at", .timestamp(modifiedAt)),
            .init("type", .string(type.rawValue)),
            .init("description", .string(description)),
            .init("selectable", true),
            .init("deletable", true),
            .init("is_deleted", .bool(deletedAt != nil)),
            .init("organization_id", .string(organizationID.lowercased)),
            .init("metadata", metadata.wire),
            .init("visibility", .string(visibility)),
            .init("properties", properties),
        ]
        // Deprecated and hidden from Polar's schema, but still in its JSON.
        if type == .custom { members.append(.init("is_tax_applicable", true)) }
        // Computed, so pydantic writes it last.
        members.append(.init("visibility_configurable", true))
        return .object(members)
    }
}
