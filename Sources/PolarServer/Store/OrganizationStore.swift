import Foundation
import PolarModels
import SQLKit

/// An organization: the tenant every customer and token belongs to.
public struct Organization: Sendable, Equatable {
    public let id: UUID
    public internal(set) var name: String
    let createdAt: Int64
    var modifiedAt: Int64? = nil
    /// Polar's `customer_portal_settings` as last set; `nil` means Polar's defaults.
    var customerPortalSettings: JSONValue? = nil
    /// Whether it may use test clocks (this server's extension); an operator turns it off for
    /// an organization that bills for real.
    public internal(set) var testMode = true
}

/// Organizations, their access tokens, and the server's persisted settings.
struct OrganizationStore: Sendable {
    let database: Database

    func count() async throws -> Int {
        try await database.sql.raw("SELECT COUNT(*) AS n FROM organizations WHERE deleted_at IS NULL")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    func insert(_ organization: Organization, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO organizations (id, name, created_at, test_mode) \
            VALUES (\(bind: organization.id.lowercased), \(bind: organization.name), \(bind: organization.createdAt), \(bind: organization.testMode))
            """
        ).run()
    }

    /// Finds a live organization by id (any case) or by exact name.
    func find(nameOrID: String) async throws -> Organization? {
        let id = UUID(uuidString: nameOrID)?.lowercased ?? ""
        return try await database.sql.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM organizations WHERE deleted_at IS NULL AND (id = \(bind: id) OR name = \(bind: nameOrID))"
        ).first().map(Organization.init(row:))
    }

    /// A live organization by id; `forUpdate` locks its row until the transaction ends.
    /// The live organization whose slug (derived from its name) is exactly `slug`.
    func find(slug: String) async throws -> Organization? {
        try await database.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM organizations WHERE deleted_at IS NULL ORDER BY created_at")
            .all().map(Organization.init(row:)).first { $0.slug == slug }
    }

    func find(id: UUID, forUpdate: Bool = false, on db: (any SQLDatabase)? = nil) async throws -> Organization? {
        let lock = forUpdate ? database.dialect.lockForUpdate : ""
        return try await (db ?? database.sql).raw(
            "SELECT \(unsafeRaw: Self.columns) FROM organizations WHERE deleted_at IS NULL AND id = \(bind: id.lowercased)"
                + SQLQueryString(lock)
        ).first().map(Organization.init(row:))
    }

    func update(_ organization: Organization, on db: any SQLDatabase) async throws {
        let settings = organization.customerPortalSettings.map { String(decoding: $0.serialized, as: UTF8.self) }
        try await db.raw(
            """
            UPDATE organizations SET name = \(bind: organization.name), modified_at = \(bind: organization.modifiedAt), \
            customer_portal_settings = \(bind: settings), test_mode = \(bind: organization.testMode) \
            WHERE id = \(bind: organization.id.lowercased)
            """
        ).run()
    }

    private static let columns = "id, name, created_at, modified_at, customer_portal_settings, test_mode"

    func insertToken(
        organizationID: UUID, hash: String, scopes: [Scope], comment: String, expiresAt: Int64?, now: Int64, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO organization_access_tokens (id, organization_id, token_hash, scope, comment, created_at, expires_at) \
            VALUES (\(bind: UUID().lowercased), \(bind: organizationID.lowercased), \(bind: hash), \
            \(bind: scopes.map(\.rawValue).joined(separator: " ")), \(bind: comment), \(bind: now), \(bind: expiresAt))
            """
        ).run()
    }

    /// The organization's tokens, revoked ones left out, oldest first; never their secrets.
    func tokens(organizationID: UUID) async throws -> [AccessTokenInfo] {
        try await database.sql.raw(
            """
            SELECT id, scope, comment, created_at, expires_at, last_used_at FROM organization_access_tokens \
            WHERE organization_id = \(bind: organizationID.lowercased) AND deleted_at IS NULL ORDER BY created_at, id
            """
        ).all().map { row in
            AccessTokenInfo(
                id: try row.uuid("id"), scopes: try row.decode(column: "scope", as: String.self).split(separator: " ").map(String.init),
                comment: try row.decode(column: "comment", as: String.self), createdAt: try row.decode(column: "created_at", as: Int64.self),
                expiresAt: try row.optional("expires_at", as: Int64.self), lastUsedAt: try row.optional("last_used_at", as: Int64.self))
        }
    }

    /// Revokes a live token; `false` when there is none with that id.
    func revokeToken(id: UUID, now: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "UPDATE organization_access_tokens SET deleted_at = \(bind: now) WHERE id = \(bind: id.lowercased) AND deleted_at IS NULL RETURNING id"
        ).first() != nil
    }

    /// Notes that a token was used.
    func touchToken(id: UUID, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE organization_access_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: id.lowercased)").run()
    }

    /// The organization and scopes of a live, unexpired token, by its hash, with its id and
    /// when it was last used.
    func tokenAccess(hash: String, now: Int64) async throws -> (access: OrganizationAccess, id: UUID, lastUsedAt: Int64?)? {
        guard
            let row = try await database.sql.raw(
                """
                SELECT t.id, t.organization_id, t.scope, t.last_used_at FROM organization_access_tokens AS t \
                JOIN organizations AS o ON o.id = t.organization_id \
                WHERE t.token_hash = \(bind: hash) AND t.deleted_at IS NULL AND o.deleted_at IS NULL \
                AND (t.expires_at IS NULL OR t.expires_at > \(bind: now))
                """
            ).first()
        else { return nil }
        let scope = try row.decode(column: "scope", as: String.self)
        let access = OrganizationAccess(
            organizationID: UUID(uuidString: try row.decode(column: "organization_id", as: String.self))!,
            scopes: Scope.parse(scope))
        return (access, try row.uuid("id"), try row.optional("last_used_at", as: Int64.self))
    }

    /// The value of a server setting, writing `makeDefault()` first if none is stored. Safe
    /// when several servers start at once: the first insert wins and everyone reads it.
    func setting(_ key: String, default makeDefault: () -> String) async throws -> String {
        try await database.sql.raw(
            "INSERT INTO server_settings (key, value) VALUES (\(bind: key), \(bind: makeDefault())) ON CONFLICT (key) DO NOTHING"
        ).run()
        return try await database.sql.raw("SELECT value FROM server_settings WHERE key = \(bind: key)")
            .first(decodingColumn: "value", as: String.self)!
    }
}

extension Organization {
    init(row: any SQLRow) throws {
        id = UUID(uuidString: try row.decode(column: "id", as: String.self))!
        name = try row.decode(column: "name", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        modifiedAt = try row.optional("modified_at", as: Int64.self)
        customerPortalSettings = try row.optional("customer_portal_settings", as: String.self)
            .map { try JSONValue.parse(Array($0.utf8)) }
        testMode = try row.decode(column: "test_mode", as: Bool.self)
    }
}

/// An organization access token as operators list it: everything but the token.
public struct AccessTokenInfo: Sendable, Hashable {
    public let id: UUID
    public let scopes: [String]
    public let comment: String
    /// Microseconds since the epoch, as every stored time.
    public let createdAt: Int64
    public let expiresAt: Int64?
    /// To the minute: a token's use is noted at most once a minute.
    public let lastUsedAt: Int64?
}

/// What an organization access token grants: one organization, some scopes.
struct OrganizationAccess: Sendable, Equatable {
    let organizationID: UUID
    let scopes: Set<Scope>
}
