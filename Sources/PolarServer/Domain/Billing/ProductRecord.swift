import Foundation
import PolarModels

/// A product: one-time or recurring, with its prices and the benefits it grants, in order.
struct ProductRecord: Sendable, Hashable {
    var id: UUID
    var organizationID: UUID
    var name: String
    var description: String?
    /// `draft`, `private` or `public`.
    var visibility: String
    /// `day`, `week`, `month` or `year`; `nil` for a one-time product.
    var recurringInterval: String?
    var recurringIntervalCount: Int?
    var trialInterval: String?
    var trialIntervalCount: Int?
    var meterInterval: String?
    var meterIntervalCount: Int?
    var metadata: Metadata
    var isArchived = false
    /// False once a subscription references it, as in Polar.
    var isDeletable = true
    var createdAt: Int64
    var modifiedAt: Int64?
    var prices: [ProductPrice] = []
    var benefits: [BenefitRecord] = []

    var isRecurring: Bool { recurringInterval != nil }

    /// Polar's `Product`.
    var wire: JSONValue {
        .object(
            baseMembers + [
                .init("metadata", metadata.wire),
                .init("is_deletable", .bool(isDeletable)),
                .init("prices", .array(prices.map { $0.wire(product: self) })),
                .init("benefits", .array(benefits.map(\.wire))),
                .init("medias", .array([])),
                .init("attached_custom_fields", .array([])),
            ])
    }

    /// Polar's `CustomerProduct`, or with its organization its `CustomerSubscriptionProduct`:
    /// what a customer sees of the product, with only its public benefits.
    func customerWire(organization: Organization? = nil) -> JSONValue {
        .object(
            baseMembers + [
                .init("prices", .array(prices.map { $0.wire(product: self) })),
                .init("benefits", .array(benefits.filter { $0.visibility == "public" }.map(\.publicWire))),
                .init("medias", .array([])),
            ] + (organization.map { [.init("organization", $0.customerWire)] } ?? []))
    }

    /// Polar's `ProductBase`.
    private var baseMembers: [JSONValue.Member] {
        [
            .init("id", .string(id.lowercased)),
            .init("created_at", .timestamp(createdAt)),
            .init("modified_at", .timestamp(modifiedAt)),
            .init("trial_interval", trialInterval.map(JSONValue.string) ?? .null),
            .init("trial_interval_count", trialIntervalCount.map(JSONValue.integer) ?? .null),
            .init("name", .string(name)),
            .init("description", description.map(JSONValue.string) ?? .null),
            .init("visibility", .string(visibility)),
            .init("recurring_interval", recurringInterval.map(JSONValue.string) ?? .null),
            .init("recurring_interval_count", recurringIntervalCount.map(JSONValue.integer) ?? .null),
            .init("meter_interval", meterInterval.map(JSONValue.string) ?? .null),
            .init("meter_interval_count", meterIntervalCount.map(JSONValue.integer) ?? .null),
            .init("is_recurring", .bool(isRecurring)),
            .init("is_archived", .bool(isArchived)),
            .init("organization_id", .string(organizationID.lowercased)),
        ]
    }
}

/// One of a product's prices: fixed (0 is Polar's free price) or metered per unit.
struct ProductPrice: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case fixed(amount: Int64)
        case meteredUnit(unitAmount: UnitAmount, capAmount: Int64?, meter: PriceMeter)
    }

    var id: UUID
    var productID: UUID
    /// Its place in the create request, which the create response keeps.
    var position: Int
    var currency: String
    /// `location`, `inclusive`, `exclusive`, or `nil` for the organization's default.
    var taxBehavior: String?
    var kind: Kind
    var isArchived = false
    var createdAt: Int64
    var modifiedAt: Int64?

    var amountType: String {
        switch kind {
        case .fixed: "fixed"
        case .meteredUnit: "metered_unit"
        }
    }

    /// Polar's `ProductPriceFixed` or `ProductPriceMeteredUnit`, with the deprecated `type` and
    /// `recurring_interval` Polar still writes.
    func wire(product: ProductRecord) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init("created_at", .timestamp(createdAt)),
            .init("modified_at", .timestamp(modifiedAt)),
            .init("id", .string(id.lowercased)),
            .init("source", "catalog"),
            .init("amount_type", .string(amountType)),
            .init("price_currency", .string(currency)),
            .init("tax_behavior", taxBehavior.map(JSONValue.string) ?? .null),
            .init("is_archived", .bool(isArchived)),
            .init("product_id", .string(productID.lowercased)),
            .init("type", .string(product.isRecurring ? "recurring" : "one_time")),
            .init("recurring_interval", product.recurringInterval.map(JSONValue.string) ?? .null),
        ]
        switch kind {
        case .fixed(let amount):
            members.append(.init("price_amount", .integer(Int(amount))))
        case .meteredUnit(let unitAmount, let capAmount, let meter):
            members += [
                .init("unit_amount", .string(unitAmount.text)),
                .init("cap_amount", capAmount.map { .integer(Int($0)) } ?? .null),
                .init("meter_id", .string(meter.id.lowercased)),
                .init("meter", meter.wire),
            ]
        }
        return .object(members)
    }
}

/// The meter a metered price names, as Polar embeds it in the price.
struct PriceMeter: Sendable, Hashable {
    var id: UUID
    var name: String
    var unit: String
    var customLabel: String?
    var customMultiplier: Int?

    init(_ meter: MeterRecord) {
        self.init(id: meter.id, name: meter.name, unit: meter.unit, customLabel: meter.customLabel, customMultiplier: meter.customMultiplier)
    }

    init(id: UUID, name: String, unit: String, customLabel: String?, customMultiplier: Int?) {
        self.id = id
        self.name = name
        self.unit = unit
        self.customLabel = customLabel
        self.customMultiplier = customMultiplier
    }

    var wire: JSONValue {
        let members: [JSONValue.Member] = [
            .init("id", .string(id.lowercased)),
            .init("name", .string(name)),
            .init("unit", .string(unit)),
            .init("custom_label", customLabel.map(JSONValue.string) ?? .null),
            .init("custom_multiplier", customMultiplier.map(JSONValue.integer) ?? .null),
        ]
        return .object(members)
    }
}
