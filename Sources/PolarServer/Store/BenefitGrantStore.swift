import Foundation
import PolarModels
import SQLKit

/// Benefit grants, by subscription and by customer.
struct BenefitGrantStore: Sendable {
    let database: Database

    private static let columns =
        "id, customer_id, benefit_id, subscription_id, properties, granted_at, revoked_at, created_at, modified_at"

    func save(_ grant: BenefitGrantRecord, isNew: Bool, on db: any SQLDatabase) async throws {
        if isNew {
            try await db.raw(
                """
                INSERT INTO benefit_grants (\(unsafeRaw: Self.columns)) VALUES (\(bind: grant.id.lowercased), \
                \(bind: grant.customerID.lowercased), \(bind: grant.benefitID.lowercased), \(bind: grant.subscriptionID?.lowercased), \
                \(bind: grant.properties.text), \(bind: grant.grantedAt), \(bind: grant.revokedAt), \(bind: grant.createdAt), \
                \(bind: grant.modifiedAt))
                """
            ).run()
        } else {
            try await db.raw(
                """
                UPDATE benefit_grants SET properties = \(bind: grant.properties.text), granted_at = \(bind: grant.grantedAt), \
                revoked_at = \(bind: grant.revokedAt), modified_at = \(bind: grant.modifiedAt) WHERE id = \(bind: grant.id.lowercased)
                """
            ).run()
        }
    }

    /// Every grant a subscription ever made, granted or revoked.
    func list(subscriptionID: UUID, on db: any SQLDatabase) async throws -> [BenefitGrantRecord] {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM benefit_grants WHERE subscription_id = \(bind: subscriptionID.lowercased) ORDER BY created_at, id"
        ).all().map(BenefitGrantRecord.init(row:))
    }

    /// The subscriptions through which some customer holds the benefit right now.
    func subscriptionIDs(grantingBenefitID benefitID: UUID, on db: any SQLDatabase) async throws -> [UUID] {
        try await db.raw(
            """
            SELECT DISTINCT subscription_id FROM benefit_grants WHERE benefit_id = \(bind: benefitID.lowercased) \
            AND subscription_id IS NOT NULL AND granted_at IS NOT NULL AND revoked_at IS NULL ORDER BY subscription_id
            """
        ).all().map { try $0.uuid("subscription_id") }
    }

    /// One page of the organization's grants matching `filter`, granted or not, of deleted
    /// benefits and customers too, as Polar lists them; and how many match.
    func list(organizationID: UUID, filter: BenefitGrantFilter, page: Int, limit: Int) async throws -> (items: [BenefitGrantRecord], total: Int) {
        var conditions: [SQLQueryString] = ["b.organization_id = \(bind: organizationID.lowercased)"]
        if let ids = filter.benefitIDs { conditions.append("g.benefit_id IN (\(binds: ids.map(\.lowercased)))") }
        if let ids = filter.customerIDs { conditions.append("g.customer_id IN (\(binds: ids.map(\.lowercased)))") }
        if let ids = filter.externalCustomerIDs { conditions.append("c.external_id IN (\(binds: ids))") }
        if let granted = filter.isGranted { conditions.append(granted ? "g.granted_at IS NOT NULL" : "g.granted_at IS NULL") }
        if filter.matchesNone { conditions.append("1 = 0") }
        let (rows, total) = try await database.page(
            Self.prefixedColumns,
            from: "benefit_grants g JOIN benefits b ON b.id = g.benefit_id JOIN customers c ON c.id = g.customer_id",
            where: conditions.joined(separator: " AND "), orderBy: filter.sorting.map(\.orderBy).joined(separator: ", "),
            idColumn: "g.id", page: page, limit: limit)
        return (try rows.map(BenefitGrantRecord.init(row:)), total)
    }

    /// One page of the grants a customer sees in the portal: not revoked, of public benefits,
    /// in `filter`'s order; and how many there are.
    func portalList(customerID: UUID, filter: PortalBenefitGrantFilter, page: Int, limit: Int) async throws -> (items: [BenefitGrantRecord], total: Int) {
        var conditions: [SQLQueryString] = [Self.portalVisible(customerID: customerID)]
        // Polar matches the text as a pattern, its `%` and `_` included.
        if let text = filter.query { conditions.append("LOWER(b.description) LIKE \(bind: "%" + text.lowercased() + "%")") }
        if let types = filter.types { conditions.append("b.type IN (\(binds: types))") }
        if let ids = filter.benefitIDs { conditions.append("g.benefit_id IN (\(binds: ids.map(\.lowercased)))") }
        if let ids = filter.subscriptionIDs { conditions.append("g.subscription_id IN (\(binds: ids.map(\.lowercased)))") }
        // No grant here comes from an order or checkout, nor belongs to a member.
        if filter.matchesNone { conditions.append("1 = 0") }
        let (rows, total) = try await database.page(
            Self.prefixedColumns,
            from: """
                benefit_grants g JOIN benefits b ON b.id = g.benefit_id LEFT JOIN subscriptions s ON s.id = g.subscription_id \
                LEFT JOIN product_benefits pb ON pb.product_id = s.product_id AND pb.benefit_id = g.benefit_id
                """,
            where: conditions.joined(separator: " AND "), orderBy: filter.sorting.compactMap(\.orderBy).joined(separator: ", "),
            idColumn: "g.id", page: page, limit: limit)
        return (try rows.map(BenefitGrantRecord.init(row:)), total)
    }

    /// A grant the customer sees in the portal.
    func portalFind(_ id: UUID, customerID: UUID) async throws -> BenefitGrantRecord? {
        try await database.sql.raw(
            "SELECT \(unsafeRaw: Self.prefixedColumns) FROM benefit_grants g JOIN benefits b ON b.id = g.benefit_id WHERE g.id = \(bind: id.lowercased)"
                + " AND " + Self.portalVisible(customerID: customerID)
        ).first().map(BenefitGrantRecord.init(row:))
    }

    private static func portalVisible(customerID: UUID) -> SQLQueryString {
        "g.customer_id = \(bind: customerID.lowercased) AND g.revoked_at IS NULL AND b.visibility = 'public'"
    }

    private static let prefixedColumns = columns.split(separator: ",").map { "g." + $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: ", ")

    /// What the customer holds right now, oldest first.
    func granted(customerID: UUID, on db: (any SQLDatabase)? = nil) async throws -> [BenefitGrantRecord] {
        try await (db ?? database.sql).raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM benefit_grants WHERE customer_id = \(bind: customerID.lowercased) \
            AND granted_at IS NOT NULL AND revoked_at IS NULL ORDER BY created_at, id
            """
        ).all().map(BenefitGrantRecord.init(row:))
    }
}

extension BenefitGrantRecord {
    init(row: any SQLRow) throws {
        id = try row.uuid("id")
        customerID = try row.uuid("customer_id")
        benefitID = try row.uuid("benefit_id")
        subscriptionID = try row.optionalUUID("subscription_id")
        properties = try row.json("properties")
        grantedAt = try row.optional("granted_at", as: Int64.self)
        revokedAt = try row.optional("revoked_at", as: Int64.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        modifiedAt = try row.optional("modified_at", as: Int64.self)
    }
}

/// The filters and order of Polar's grant lists (`/v1/benefit-grants/`, `/v1/benefits/{id}/grants`).
struct BenefitGrantFilter: Sendable {
    var benefitIDs: [UUID]?
    var customerIDs: [UUID]?
    var externalCustomerIDs: [String]?
    /// `false` finds every grant not granted now: revoked ones.
    var isGranted: Bool?
    /// A member filter, which no grant here matches: members do not exist here.
    var matchesNone = false
    var sorting: [BenefitGrantSortProperty] = [.createdAtDescending]
}

/// Polar's grant sort keys; NULLs ordered as PostgreSQL orders them.
enum BenefitGrantSortProperty: String, CaseIterable, Sendable {
    case createdAt = "created_at"
    case createdAtDescending = "-created_at"
    case grantedAt = "granted_at"
    case grantedAtDescending = "-granted_at"
    case revokedAt = "revoked_at"
    case revokedAtDescending = "-revoked_at"

    var orderBy: String {
        let descending = rawValue.hasPrefix("-")
        let column = "g." + rawValue.trimmingCharacters(in: ["-"])
        return SQLOrder.nullsAsPostgres(column, descending: descending)
    }
}

/// The filters and order of the portal's grant list.
struct PortalBenefitGrantFilter: Sendable {
    var query: String?
    var types: [String]?
    var benefitIDs: [UUID]?
    var subscriptionIDs: [UUID]?
    /// An order, checkout or member filter, which no grant here matches.
    var matchesNone = false
    var sorting: [PortalBenefitGrantSortProperty] = [.productBenefit, .grantedAtDescending]
}

/// The portal's grant sort keys: by the benefit's place on its product, then latest granted.
enum PortalBenefitGrantSortProperty: String, CaseIterable, Sendable {
    case grantedAt = "granted_at"
    case grantedAtDescending = "-granted_at"
    case type
    case typeDescending = "-type"
    case organization
    case organizationDescending = "-organization"
    case productBenefit = "product_benefit"
    case productBenefitDescending = "-product_benefit"

    /// `nil` for the organization: a customer's grants all share one.
    var orderBy: String? {
        let descending = rawValue.hasPrefix("-")
        let column: String
        switch self {
        case .grantedAt, .grantedAtDescending: column = "g.granted_at"
        case .type, .typeDescending: column = "b.type"
        case .productBenefit, .productBenefitDescending: column = "pb.position"
        case .organization, .organizationDescending: return nil
        }
        return SQLOrder.nullsAsPostgres(column, descending: descending)
    }
}
