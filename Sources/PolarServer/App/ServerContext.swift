import Crypto
import Foundation
import Logging

/// What the server and the command-line tools share: a migrated database, its stores, and
/// the token issuer keyed by the server secret.
public struct ServerContext: Sendable {
    let database: Database
    let organizations: OrganizationStore
    let customers: CustomerStore
    let sessions: CustomerSessionStore
    let tokens: TokenIssuer
    /// What "now" is for what the command line does.
    let clock: ServerClock

    /// Migrates `database` and loads the server secret: `secret` when given (`POLAR_SECRET`),
    /// otherwise one generated on first start and kept in the database, so every replica and
    /// every command-line run hashes tokens the same way.
    public static func open(_ database: Database, secret: String? = nil, clock: ServerClock = .system) async throws -> ServerContext {
        try await Migrations.run(on: database)
        let organizations = OrganizationStore(database: database)
        let key =
            if let secret { secret } else {
                try await organizations.setting("secret") { SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() } }
            }
        return ServerContext(
            database: database, organizations: organizations, customers: CustomerStore(database: database),
            sessions: CustomerSessionStore(database: database), tokens: TokenIssuer(secret: SymmetricKey(data: Data(key.utf8))),
            clock: clock)
    }

    /// Opens and migrates the database at `url`, runs `body` with its context, and closes it
    /// again whether `body` returns or throws: for command-line tools and tests.
    public static func with<T>(
        _ url: DatabaseURL, secret: String? = nil, logger: Logger = Logger(label: "polar-server"), _ body: (ServerContext) async throws -> T
    ) async throws -> T {
        let database = try Database.open(url, poolSize: 1, logger: logger)
        do {
            let result = try await body(try await open(database, secret: secret))
            try await database.close()
            return result
        } catch {
            try? await database.close()
            throw error
        }
    }

    /// On a database with no organization, creates `default` and an all-scopes token, and
    /// returns that token (the only time it is ever visible). Returns `nil` otherwise.
    func bootstrapDefaultOrganization() async throws -> String? {
        guard try await organizations.count() == 0 else { return nil }
        let organization = try await createOrganization(name: "default")
        return try await createToken(organizationID: organization.id, scopes: Scope.all, comment: "default")
    }

    /// Creates an organization; its name must be unique.
    public func createOrganization(name: String, testMode: Bool = true) async throws -> Organization {
        var organization = Organization(id: UUID(), name: name, createdAt: clock.now())
        organization.testMode = testMode
        try await database.transaction { [organizations, organization] db in try await organizations.insert(organization, on: db) }
        return organization
    }

    /// Creates an organization access token and returns it; only its hash is kept.
    /// Creates an organization access token (every scope when `scopes` is `nil`), valid for
    /// `expiresIn` when given, and returns it: the only time it is ever visible.
    public func createToken(
        organizationID: UUID, scopes: [String]? = nil, comment: String = "", expiresIn: Duration? = nil
    ) async throws -> String {
        try await createToken(
            organizationID: organizationID, scopes: (scopes ?? Scope.all.map(\.rawValue)).map(Scope.init(rawValue:)), comment: comment,
            expiresIn: expiresIn)
    }

    func createToken(organizationID: UUID, scopes: [Scope], comment: String, expiresIn: Duration? = nil) async throws -> String {
        let (token, hash) = tokens.generate(prefix: TokenIssuer.organizationAccessTokenPrefix)
        let now = clock.now()
        let expiresAt = expiresIn.map { now + $0.microseconds }
        try await database.transaction { [organizations] db in
            try await organizations.insertToken(
                organizationID: organizationID, hash: hash, scopes: scopes, comment: comment, expiresAt: expiresAt, now: now, on: db)
        }
        return token
    }

    /// The organization's live tokens, without their secrets.
    public func listTokens(organizationID: UUID) async throws -> [AccessTokenInfo] {
        try await organizations.tokens(organizationID: organizationID)
    }

    /// Revokes a token at once; `false` when no live token has that id.
    public func revokeToken(id: UUID) async throws -> Bool {
        try await database.transaction { [organizations] db in try await organizations.revokeToken(id: id, now: clock.now(), on: db) }
    }

    /// Lets (or stops) the organization's customers change their email from the portal.
    public func setAllowEmailChange(organizationID: UUID, _ allowed: Bool) async throws {
        try await database.transaction { [organizations] db in
            guard var organization = try await organizations.find(id: organizationID, forUpdate: true, on: db) else { return }
            organization.customerPortalSettings = CustomerPortalSettings.allowingEmailChange(
                allowed, in: organization.customerPortalSettings)
            organization.modifiedAt = clock.now()
            try await organizations.update(organization, on: db)
        }
    }

    /// Puts an organization in test mode (test clocks allowed) or takes it out.
    public func setTestMode(organizationID: UUID, _ testMode: Bool) async throws {
        try await database.transaction { [organizations] db in
            guard var organization = try await organizations.find(id: organizationID, forUpdate: true, on: db) else { return }
            organization.testMode = testMode
            try await organizations.update(organization, on: db)
        }
    }

    /// The emails queued for `recipient`, oldest first, as (subject, body): what an operator
    /// without SMTP reads the verification links from.
    public func queuedEmails(to recipient: String) async throws -> [(subject: String, body: String)] {
        try await database.sql.raw(
            "SELECT subject, body FROM email_outbox WHERE recipient = \(bind: recipient) ORDER BY created_at"
        ).all().map { (try $0.decode(column: "subject", as: String.self), try $0.decode(column: "body", as: String.self)) }
    }

    /// An organization by id or exact name.
    public func findOrganization(_ nameOrID: String) async throws -> Organization? {
        try await organizations.find(nameOrID: nameOrID)
    }

    /// Every scope an organization token can hold.
    public static var allScopes: [String] { Scope.all.map(\.rawValue) }
}

/// A command-line request the server refused, with its reason.
public struct OperatorError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
