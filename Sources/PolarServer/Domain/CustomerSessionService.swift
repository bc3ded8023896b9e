import Foundation
import PolarCompatibility
import PolarModels
import SQLKit

/// Issues customer sessions: the one-hour `polar_cst_` tokens that sign a customer in to the
/// portal API. The raw token exists only in the response that creates it.
struct CustomerSessionService: Sendable {
    let database: Database
    let customers: CustomerStore
    let organizations: OrganizationStore
    let sessions: CustomerSessionStore
    let tokens: TokenIssuer
    let links: PortalLinks
    /// Each customer's "now": its test clock's, or the server's.
    let time: CustomerTime

    static let lifetime: Int64 = 3_600_000_000

    /// The signed-in customer's own session: when it ends and where it sends them back.
    func introspect(_ access: CustomerAccess) async throws -> (expiresAt: Int64, returnURL: String?) {
        guard let id = access.sessionID, let session = try await sessions.session(id: id) else { throw APIError.unauthorized }
        return session
    }

    func create(_ input: CustomerSessionInput, access: OrganizationAccess) async throws -> CustomerSession {
        try await database.transaction { db in
            let key: CustomerStore.Key
            let loc: LocationItem
            let shown: JSONValue
            switch input.customer {
            case .id(let id): (key, loc, shown) = (.id(id), "customer_id", .string(id.lowercased))
            case .externalID(let externalID): (key, loc, shown) = (.externalID(externalID), "external_customer_id", .string(externalID))
            }
            guard let customer = try await customers.find(key, organizationID: access.organizationID, on: db),
                let organization = try await organizations.find(id: access.organizationID, on: db)
            else {
                throw APIError.validation(
                    [ValidationError(loc: ["body", loc], msg: "Customer does not exist.", type: "value_error", input: shown)],
                    kind: .business)
            }
            let session = try await issue(customer, returnURL: input.returnURL, on: db)
            return CustomerSession(
                createdAt: PolarTimestamp.date(microseconds: session.createdAt), id: session.id, token: session.token,
                expiresAt: PolarTimestamp.date(microseconds: session.createdAt + Self.lifetime), returnURL: input.returnURL,
                customerPortalURL: portalURL(organization: organization, token: session.token, email: customer.email),
                customerID: customer.id, customer: customer.wire)
        }
    }

    /// Stores a new session for the customer and returns its raw token.
    func issue(_ customer: CustomerRecord, returnURL: String?, on db: any SQLDatabase) async throws
        -> (id: UUID, token: String, createdAt: Int64)
    {
        let (token, hash) = tokens.generate(prefix: TokenIssuer.customerSessionPrefix)
        let id = UUID()
        let now = try await time.now(testClockID: customer.testClockID, on: db)
        let customerID = customer.id
        try await sessions.insert(
            id: id, hash: hash, customerID: customerID, returnURL: returnURL, createdAt: now, expiresAt: now + Self.lifetime,
            on: db)
        return (id, token, now)
    }

    /// `{portal}/{slug}/portal?customer_session_token=…&email=…`, form-encoded as Python's
    /// `urlencode` writes it (so a missing email reads `None`).
    private func portalURL(organization: Organization, token: String, email: String?) -> String {
        "\(links.baseURL)/\(organization.slug)/portal?customer_session_token=\(Py.quotePlus(token))"
            + "&email=\(Py.quotePlus(email ?? "None"))"
    }
}

