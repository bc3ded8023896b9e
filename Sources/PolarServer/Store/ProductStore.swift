import Foundation
import PolarModels
import SQLKit

/// Products with their prices and benefits, one organization's at a time.
struct ProductStore: Sendable {
    let database: Database

    private static let columns = """
        id, organization_id, name, description, visibility, recurring_interval, recurring_interval_count, \
        trial_interval, trial_interval_count, meter_interval, meter_interval_count, metadata, is_archived, created_at, modified_at
        """

    /// Writes a new product and its prices.
    func insert(_ product: ProductRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO products (\(unsafeRaw: Self.columns)) VALUES (\(bind: product.id.lowercased), \
            \(bind: product.organizationID.lowercased), \(bind: product.name), \(bind: product.description), \
            \(bind: product.visibility), \(bind: product.recurringInterval), \(bind: product.recurringIntervalCount), \
            \(bind: product.trialInterval), \(bind: product.trialIntervalCount), \(bind: product.meterInterval), \
            \(bind: product.meterIntervalCount), \(bind: product.metadata.wire.text), \(bind: product.isArchived), \
            \(bind: product.createdAt), \(bind: product.modifiedAt))
            """
        ).run()
        try await insertPrices(product.prices, productID: product.id, on: db)
    }

    /// Writes the product's own fields (not its prices or benefits).
    func update(_ product: ProductRecord, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE products SET name = \(bind: product.name), description = \(bind: product.description), \
            visibility = \(bind: product.visibility), recurring_interval = \(bind: product.recurringInterval), \
            recurring_interval_count = \(bind: product.recurringIntervalCount), trial_interval = \(bind: product.trialInterval), \
            trial_interval_count = \(bind: product.trialIntervalCount), metadata = \(bind: product.metadata.wire.text), \
            is_archived = \(bind: product.isArchived), modified_at = \(bind: product.modifiedAt) WHERE id = \(bind: product.id.lowercased)
            """
        ).run()
    }

    /// Where a new price of the product goes: after every price it ever had, archived ones too.
    func nextPricePosition(productID: UUID, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT MAX(position) AS n FROM product_prices WHERE product_id = \(bind: productID.lowercased)")
            .first(decodingColumn: "n", as: Int?.self).flatMap { $0 }.map { $0 + 1 } ?? 0
    }

    /// Archives prices: they leave the product, and stay for what already refers to them.
    func archivePrices(_ ids: [UUID], now: Int64, on db: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        try await db.raw(
            "UPDATE product_prices SET is_archived = \(bind: true), modified_at = \(bind: now) WHERE id IN (\(binds: ids.map(\.lowercased)))"
        ).run()
    }

    /// Writes new prices of the product.
    func insertPrices(_ prices: [ProductPrice], productID: UUID, on db: any SQLDatabase) async throws {
        for price in prices {
            var amount: Int64?
            var unitAmount: String?
            var cap: Int64?
            var meterID: String?
            switch price.kind {
            case .fixed(let value): amount = value
            case .meteredUnit(let value, let capAmount, let meter):
                // As a NUMERIC(17, 12) column keeps it, so reads answer as Polar's do.
                unitAmount = value.quantized(places: 12).text
                cap = capAmount
                meterID = meter.id.lowercased
            }
            try await db.raw(
                """
                INSERT INTO product_prices (id, product_id, position, amount_type, price_currency, tax_behavior, price_amount, \
                unit_amount, cap_amount, meter_id, is_archived, created_at, modified_at) VALUES (\(bind: price.id.lowercased), \
                \(bind: productID.lowercased), \(bind: price.position), \(bind: price.amountType), \(bind: price.currency), \
                \(bind: price.taxBehavior), \(bind: amount), \(bind: unitAmount), \(bind: cap), \(bind: meterID), \
                \(bind: price.isArchived), \(bind: price.createdAt), \(bind: price.modifiedAt))
                """
            ).run()
        }
    }

    /// Replaces the product's benefits with `benefitIDs`, in that order. The product row itself is
    /// untouched, so its `modified_at` stays, as in Polar where only the link rows change.
    func setBenefits(_ benefitIDs: [UUID], productID: UUID, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM product_benefits WHERE product_id = \(bind: productID.lowercased)").run()
        for (position, id) in benefitIDs.enumerated() {
            try await db.raw(
                """
                INSERT INTO product_benefits (product_id, benefit_id, position) \
                VALUES (\(bind: productID.lowercased), \(bind: id.lowercased), \(bind: position))
                """
            ).run()
        }
    }

    /// How many live prices of live products bill by the meter.
    func liveMeteredPriceCount(meterID: UUID, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            SELECT COUNT(*) AS n FROM product_prices JOIN products ON products.id = product_prices.product_id \
            WHERE product_prices.meter_id = \(bind: meterID.lowercased) AND NOT product_prices.is_archived AND NOT products.is_archived
            """
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Takes a deleted benefit off every product, leaving the products' rows as they are.
    func removeBenefit(_ benefitID: UUID, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM product_benefits WHERE benefit_id = \(bind: benefitID.lowercased)").run()
    }

    /// One of the organization's products, whole.
    func find(_ id: UUID, organizationID: UUID, on db: (any SQLDatabase)? = nil) async throws -> ProductRecord? {
        let db = db ?? database.sql
        let row = try await db.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM products \
            WHERE id = \(bind: id.lowercased) AND organization_id = \(bind: organizationID.lowercased)
            """
        ).first()
        guard let row else { return nil }
        return try await complete([try ProductRecord(row: row)], on: db).first
    }

    /// Products by id, whole, in no particular order.
    func find(_ ids: [UUID], on db: (any SQLDatabase)? = nil) async throws -> [ProductRecord] {
        guard !ids.isEmpty else { return [] }
        let db = db ?? database.sql
        let rows = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM products WHERE id IN (\(binds: ids.map(\.lowercased)))").all()
        return try await complete(try rows.map(ProductRecord.init(row:)), on: db)
    }

    /// One page of the organization's products matching `filter`, and how many match.
    func list(organizationID: UUID, filter: ProductFilter, page: Int, limit: Int) async throws -> (items: [ProductRecord], total: Int) {
        var conditions: [SQLQueryString] = ["organization_id = \(bind: organizationID.lowercased)"]
        if let ids = filter.ids { conditions.append("id IN (\(binds: ids.map(\.lowercased)))") }
        if let query = filter.query { conditions.append("LOWER(name) LIKE \(bind: "%" + query.lowercased() + "%")") }
        if let archived = filter.isArchived { conditions.append("is_archived = \(bind: archived)") }
        if let recurring = filter.isRecurring {
            conditions.append(recurring ? "recurring_interval IS NOT NULL" : "recurring_interval IS NULL")
        }
        if let benefits = filter.benefitIDs {
            conditions.append(
                "id IN (SELECT product_id FROM product_benefits WHERE benefit_id IN (\(binds: benefits.map(\.lowercased))))")
        }
        if let visibility = filter.visibility { conditions.append("visibility IN (\(binds: visibility))") }
        for (key, values) in filter.metadata { conditions.append(database.dialect.jsonMemberIn("metadata", key, values)) }
        let (rows, total) = try await database.page(
            Self.columns, from: "products", where: conditions.joined(separator: " AND "),
            orderBy: filter.sorting.map(\.orderBy).joined(separator: ", "), page: page, limit: limit)
        return (try await complete(try rows.map(ProductRecord.init(row:)), on: database.sql), total)
    }

    /// Fills in prices (fixed first, then metered, each in creation order, as Polar reads them),
    /// benefits in their order, and whether a subscription holds the product.
    private func complete(_ products: [ProductRecord], on db: any SQLDatabase) async throws -> [ProductRecord] {
        guard !products.isEmpty else { return [] }
        let ids = products.map(\.id.lowercased)
        let priceRows = try await db.raw(
            """
            SELECT p.id, p.product_id, p.position, p.amount_type, p.price_currency, p.tax_behavior, p.price_amount, \
            p.unit_amount, p.cap_amount, p.meter_id, p.is_archived, p.created_at, p.modified_at, \
            m.name AS meter_name, m.unit AS meter_unit, m.custom_label AS meter_custom_label, \
            m.custom_multiplier AS meter_custom_multiplier \
            FROM product_prices p LEFT JOIN meters m ON m.id = p.meter_id \
            WHERE p.product_id IN (\(binds: ids)) AND NOT p.is_archived \
            ORDER BY CASE p.amount_type WHEN 'fixed' THEN 0 ELSE 1 END, p.created_at, p.position
            """
        ).all()
        var prices: [UUID: [ProductPrice]] = [:]
        for row in priceRows {
            let price = try ProductPrice(row: row)
            prices[price.productID, default: []].append(price)
        }
        let benefitRows = try await db.raw(
            """
            SELECT pb.product_id, b.id FROM product_benefits pb JOIN benefits b ON b.id = pb.benefit_id \
            WHERE pb.product_id IN (\(binds: ids)) ORDER BY pb.position
            """
        ).all()
        let benefitIDs = try benefitRows.map { (try $0.uuid("product_id"), try $0.uuid("id")) }
        let benefits = Dictionary(
            uniqueKeysWithValues: try await BenefitStore(database: database).find(benefitIDs.map(\.1), on: db).map { ($0.id, $0) })
        var attached: [UUID: [BenefitRecord]] = [:]
        for (productID, benefitID) in benefitIDs { if let benefit = benefits[benefitID] { attached[productID, default: []].append(benefit) } }
        let subscribed = Set(
            try await db.raw("SELECT DISTINCT product_id FROM subscriptions WHERE product_id IN (\(binds: ids))").all()
                .map { try $0.uuid("product_id") })
        return products.map { product in
            var product = product
            product.prices = prices[product.id] ?? []
            product.benefits = attached[product.id] ?? []
            product.isDeletable = !subscribed.contains(product.id)
            return product
        }
    }
}

/// The filters and order of `GET /v1/products/`.
struct ProductFilter: Sendable {
    var ids: [UUID]?
    var query: String?
    var isArchived: Bool?
    var isRecurring: Bool?
    var benefitIDs: [UUID]?
    var visibility: [String]?
    var metadata: [(key: String, values: [String])] = []
    var sorting: [ProductSortProperty] = [.createdAtDescending]
}

/// Polar's product sort keys. The price sorts use each product's first price; Polar sorts on
/// PostgreSQL, which puts NULLs last ascending and first descending, written out here for SQLite.
enum ProductSortProperty: String, CaseIterable, Sendable {
    case createdAt = "created_at"
    case createdAtDescending = "-created_at"
    case name
    case nameDescending = "-name"
    case priceAmountType = "price_amount_type"
    case priceAmountTypeDescending = "-price_amount_type"
    case priceAmount = "price_amount"
    case priceAmountDescending = "-price_amount"

    private static let firstPrice =
        "FROM product_prices fp WHERE fp.product_id = products.id AND NOT fp.is_archived ORDER BY fp.created_at, fp.position LIMIT 1"

    var orderBy: String {
        switch self {
        case .createdAt: "created_at"
        case .createdAtDescending: "created_at DESC"
        case .name: "LOWER(name)"
        case .nameDescending: "LOWER(name) DESC"
        case .priceAmountType, .priceAmountTypeDescending:
            SQLOrder.nullsAsPostgres("(SELECT CASE fp.amount_type WHEN 'fixed' THEN 2 END \(Self.firstPrice))", descending: self == .priceAmountTypeDescending)
        case .priceAmount, .priceAmountDescending:
            SQLOrder.nullsAsPostgres("(SELECT fp.price_amount \(Self.firstPrice))", descending: self == .priceAmountDescending)
        }
    }
}

extension ProductRecord {
    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        organizationID = try row.uuid("organization_id")
        name = try row.decode(column: "name", as: String.self)
        description = try row.optional("description", as: String.self)
        visibility = try row.decode(column: "visibility", as: String.self)
        recurringInterval = try row.optional("recurring_interval", as: String.self)
        recurringIntervalCount = try row.optional("recurring_interval_count", as: Int.self)
        trialInterval = try row.optional("trial_interval", as: String.self)
        trialIntervalCount = try row.optional("trial_interval_count", as: Int.self)
        meterInterval = try row.optional("meter_interval", as: String.self)
        meterIntervalCount = try row.optional("meter_interval_count", as: Int.self)
        metadata = try row.metadata()
        isArchived = try row.decode(column: "is_archived", as: Bool.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        modifiedAt = try row.optional("modified_at", as: Int64.self)
    }
}

extension ProductPrice {
    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        productID = try row.uuid("product_id")
        position = try row.decode(column: "position", as: Int.self)
        currency = try row.decode(column: "price_currency", as: String.self)
        taxBehavior = try row.optional("tax_behavior", as: String.self)
        if try row.decode(column: "amount_type", as: String.self) == "fixed" {
            kind = .fixed(amount: try row.decode(column: "price_amount", as: Int64.self))
        } else {
            let meter = PriceMeter(
                id: try row.uuid("meter_id"), name: try row.decode(column: "meter_name", as: String.self),
                unit: try row.decode(column: "meter_unit", as: String.self),
                customLabel: try row.optional("meter_custom_label", as: String.self),
                customMultiplier: try row.optional("meter_custom_multiplier", as: Int.self))
            kind = .meteredUnit(
                unitAmount: UnitAmount(try row.decode(column: "unit_amount", as: String.self))!,
                capAmount: try row.optional("cap_amount", as: Int64.self), meter: meter)
        }
        isArchived = try row.decode(column: "is_archived", as: Bool.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        modifiedAt = try row.optional("modified_at", as: Int64.self)
    }
}
