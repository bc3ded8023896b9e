import Foundation
import PolarModels
import SQLKit

/// Creating products (with Polar's price rules), reading them, and choosing their benefits.
struct ProductService: Sendable {
    let database: Database
    let products: ProductStore
    let meters: MeterStore
    let benefits: BenefitStore
    let webhooks: WebhookOutbox
    /// What "now" is.
    let clock: ServerClock

    /// Polar's organizations present their prices in USD unless told otherwise.
    static let defaultCurrency = "usd"

    /// One page of the organization's products matching `filter`, and how many match; none when
    /// the query names only other organizations.
    func list(_ filter: ProductFilter, query: OrganizationListQuery, access: OrganizationAccess) async throws -> (items: [ProductRecord], total: Int) {
        guard query.includes(access) else { return ([], 0) }
        return try await products.list(organizationID: access.organizationID, filter: filter, page: query.pages.page, limit: query.pages.limit)
    }

    func create(_ input: ProductInput, access: OrganizationAccess) async throws -> ProductRecord {
        let now = clock.now()
        let id = UUID()
        return try await database.transaction { [products, webhooks] db in
            var errors: [ValidationError] = []
            var prices: [ProductPrice] = []
            for (index, price) in input.prices.enumerated() {
                let new = try await newPrice(
                    price, at: ["body", "prices", .index(index)], productID: id, position: index, isRecurring: input.recurringInterval != nil,
                    organizationID: access.organizationID, now: now, errors: &errors, on: db)
                if let new { prices.append(new) }
            }
            errors += Self.checkPriceSet(prices, rawPrices: .array(input.prices.map(\.raw)))
            if let interval = input.meterInterval {
                errors.append(
                    Self.error(["body", "meter_interval"], "Separate meter cycling is not enabled for this organization.", input: .string(interval)))
            }
            errors += Self.missingAttachments(medias: input.medias, customFields: input.customFields)
            if !errors.isEmpty { throw APIError.validation(errors, kind: .business) }
            let product = ProductRecord(
                id: id, organizationID: access.organizationID, name: input.name, description: input.description,
                visibility: input.visibility, recurringInterval: input.recurringInterval,
                recurringIntervalCount: input.recurringIntervalCount, trialInterval: input.trialInterval,
                trialIntervalCount: input.trialIntervalCount, meterInterval: input.meterInterval,
                meterIntervalCount: input.meterIntervalCount, metadata: input.metadata, createdAt: now, prices: prices)
            try await products.insert(product, on: db)
            try await webhooks.publish("product.created", data: product.wire, organizationID: product.organizationID, on: db)
            return product
        }
    }

    func get(_ id: UUID, access: OrganizationAccess) async throws -> ProductRecord {
        guard let product = try await products.find(id, organizationID: access.organizationID) else { throw APIError.notFound }
        return product
    }

    /// Replaces the product's benefits, stopping at the first id that is not one of the
    /// organization's live benefits, and grants or revokes them on the product's live subscriptions.
    func setBenefits(_ ids: [UUID], productID: UUID, access: OrganizationAccess, grants: BenefitGrantService) async throws -> ProductRecord {
        try await database.transaction { [products, benefits, webhooks] db in
            guard let product = try await products.find(productID, organizationID: access.organizationID, on: db) else {
                throw APIError.notFound
            }
            for (index, id) in ids.enumerated() where try await benefits.find(id, organizationID: access.organizationID, on: db) == nil {
                throw APIError.validation(
                    [Self.error(["body", "benefits", .index(index)], "Benefit does not exist.", input: .string(id.lowercased))], kind: .business)
            }
            try await products.setBenefits(ids, productID: productID, on: db)
            if Set(ids) != Set(product.benefits.map(\.id)) {
                try await grants.resync(productID: productID, organizationID: access.organizationID, on: db, now: clock.now())
            }
            let updated = try await products.find(productID, organizationID: access.organizationID, on: db)!
            try await webhooks.publish("product.updated", data: updated.wire, organizationID: updated.organizationID, on: db)
            return updated
        }
    }

    /// A new price checked as Polar checks one (its kind, one-time products, its meter), or
    /// `nil` with its error added to `errors`.
    func newPrice(
        _ price: PriceInput, at loc: [LocationItem], productID: UUID, position: Int, isRecurring: Bool, organizationID: UUID, now: Int64,
        errors: inout [ValidationError], on db: any SQLDatabase
    ) async throws -> ProductPrice? {
        let kind: ProductPrice.Kind
        switch price.kind {
        case .unsupported(let type):
            errors.append(Self.error(loc, Self.unsupportedMessage(type), input: price.raw))
            return nil
        case .fixed(let amount):
            kind = .fixed(amount: amount)
        case .meteredUnit(let meterID, let unitAmount, let cap):
            guard isRecurring else {
                errors.append(Self.error(loc, "Metered pricing is not supported on one-time products.", input: price.raw))
                return nil
            }
            guard let meter = try await meters.find(meterID, organizationID: organizationID, on: db) else {
                errors.append(Self.error(loc + ["meter_id"], "Meter does not exist.", input: .string(meterID.lowercased)))
                return nil
            }
            kind = .meteredUnit(unitAmount: unitAmount, capAmount: cap, meter: PriceMeter(meter))
        }
        return ProductPrice(
            id: UUID(), productID: productID, position: position, currency: price.currency, taxBehavior: price.taxBehavior, kind: kind,
            createdAt: now)
    }

    /// No files or custom fields exist on this server, so any named one does not exist.
    static func missingAttachments(medias: [JSONValue], customFields: [JSONValue]) -> [ValidationError] {
        medias.indices.map { error(["body", "medias", .index($0)], "File does not exist or is not yet uploaded.", input: medias[$0]) }
            + customFields.enumerated().map { index, field in
                error(["body", "attached_custom_fields", .index(index)], "Custom field does not exist.", input: field["custom_field_id"] ?? .null)
            }
    }

    /// The rules that look at all prices together, per currency; `position` locates a price's errors.
    static func checkPriceSet(_ prices: [ProductPrice], rawPrices: JSONValue) -> [ValidationError] {
        var errors: [ValidationError] = []
        if prices.isEmpty {
            errors.append(ValidationError(loc: ["body", "prices"], msg: "At least one price is required.", type: "too_short", input: rawPrices))
        }
        let currencies = Dictionary(grouping: prices, by: \.currency)
        for (_, group) in currencies.sorted(by: { $0.key < $1.key }) {
            if group.filter({ if case .fixed = $0.kind { true } else { false } }).count > 1 {
                errors.append(error(["body", "prices"], "Only one fixed price is allowed.", input: rawPrices))
            }
            var meters = Set<UUID>()
            for price in group {
                if case .meteredUnit(_, _, let meter) = price.kind, !meters.insert(meter.id).inserted {
                    errors.append(
                        error(["body", "prices", .index(price.position), "meter_id"], "Meter is already used for another price.",
                            input: .string(meter.id.lowercased)))
                }
            }
            if Set(group.map { $0.taxBehavior ?? "" }).count > 1 {
                errors.append(error(["body", "prices"], "All prices for the same currency must have the same tax behavior.", input: rawPrices))
            }
        }
        let shapes = Set(
            currencies.values.map { group in
                let hasFixed = group.contains { if case .fixed = $0.kind { true } else { false } }
                let meterCount = Set(group.compactMap { if case .meteredUnit(_, _, let meter) = $0.kind { meter.id } else { nil } }).count
                return "\(hasFixed)-\(meterCount)"
            })
        if shapes.count > 1 {
            errors.append(error(["body", "prices"], "All price currencies must define the same set of price types.", input: rawPrices))
        }
        if currencies[defaultCurrency] == nil {
            errors.append(
                error(["body", "prices"], "The organization's default presentment currency must be present in the prices.", input: rawPrices))
        }
        return errors
    }

    private static func unsupportedMessage(_ type: String) -> String {
        switch type {
        case "seat_based": "Seat-based pricing is not enabled for this organization."
        case "unit_based": "Unit-based pricing is not enabled for this organization."
        // Polar accepts pay-what-you-want prices; this server has no checkout to take them.
        default: "Pay-what-you-want (custom) prices are not supported by this server."
        }
    }

    static func error(_ loc: [LocationItem], _ message: String, input: JSONValue) -> ValidationError {
        ValidationError(loc: loc, msg: message, type: "value_error", input: input)
    }
}
