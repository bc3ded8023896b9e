import Foundation
import PolarModels

/// A customer changes their email from the portal: a link with a `polar_cev_` token goes to
/// the new address, and following it (proving control of that inbox) makes the change.
struct EmailChangeService: Sendable {
    let database: Database
    let customers: CustomerStore
    let organizations: OrganizationStore
    let verifications: EmailVerificationStore
    let sessions: CustomerSessionService
    let outbox: EmailOutbox
    let tokens: TokenIssuer
    let links: PortalLinks
    let changes: CustomerChanges
    /// Each customer's "now": its test clock's, or the server's.
    let time: CustomerTime

    static let lifetime: Int64 = 1_800_000_000

    func request(newEmail: String, access: CustomerAccess) async throws {
        try await database.transaction { db in
            guard let organization = try await organizations.find(id: access.organizationID, on: db),
                let customer = try await customers.findForUpdate(.id(access.customerID), organizationID: access.organizationID, on: db)
            else { throw APIError.unauthorized }
            guard CustomerPortalSettings.allowsEmailChange(organization.customerPortalSettings) else {
                throw APIError.polar(.forbidden, "NotPermitted", "Email changes are not enabled for this organization.")
            }
            guard customer.type != .team else { throw APIError.emailChangeRejected(newEmail, "Only individual customers can change their email.") }
            guard customer.email?.lowercased() != newEmail.lowercased() else {
                throw APIError.emailChangeRejected(newEmail, "New email is the same as your current email.")
            }
            // Uniqueness is checked when the link is followed, as Polar does.
            try await verifications.deleteAll(customerID: customer.id, on: db)
            let (token, hash) = tokens.generate(prefix: TokenIssuer.customerEmailVerificationPrefix)
            let now = try await time.now(testClockID: customer.testClockID, on: db)
            try await verifications.insert(
                hash: hash, email: newEmail, customer: access, createdAt: now, expiresAt: now + Self.lifetime, on: db)
            let link = "\(links.baseURL)/\(organization.slug)/portal/verify-email?token=\(token)"
            try await outbox.enqueue(
                EmailMessage(
                    recipient: newEmail, subject: "Verify your new email address",
                    body: """
                        Hello,

                        You asked to use \(newEmail) for your \(organization.name) customer account. \
                        Confirm it by opening this link within \(Self.lifetime / 60_000_000) minutes:

                        \(link)

                        If you did not ask for this, ignore this email: nothing changes.
                        """), on: db)
        }
    }

    /// Whether a link is still good; looking does not use it up.
    func check(token: String) async throws {
        guard try await verifications.find(hash: tokens.hash(token), now: time.clock.now()) != nil else {
            throw APIError.invalidEmailUpdate
        }
    }

    /// Makes the change a link confirms and signs the customer in again. A link is used up
    /// even when its address turned out to be taken (Polar's intent; its rollback keeps it).
    func verify(token: String) async throws -> String {
        enum Outcome { case verified(String), taken(String) }
        let outcome: Outcome = try await database.transaction { db in
            guard let pending = try await verifications.find(hash: tokens.hash(token), now: time.clock.now(), forUpdate: true, on: db),
                let organization = try await organizations.find(id: pending.organizationID, on: db),
                var customer = try await customers.findForUpdate(.id(pending.customerID), organizationID: pending.organizationID, on: db)
            else { throw APIError.invalidEmailUpdate }
            try await verifications.delete(pending.id, on: db)
            if try await customers.emailTaken(pending.email, organizationID: pending.organizationID, excluding: customer.id, on: db) {
                return .taken(pending.email)
            }
            let original = customer
            let oldEmail = customer.email
            customer.email = pending.email
            customer.emailVerified = true
            customer.modifiedAt = time.clock.now()
            do {
                try await customers.update(customer, on: db)
            } catch is CustomerStore.Conflict {
                // Another customer took the address in the same instant.
                throw APIError.emailInUse(pending.email)
            }
            try await changes.updated(customer, from: original, on: db)
            if let oldEmail {
                try await outbox.enqueue(
                    EmailMessage(
                        recipient: oldEmail, subject: "Your email address has been changed",
                        body: """
                            Hello,

                            The email address of your \(organization.name) customer account is now \(pending.email) \
                            instead of \(oldEmail).

                            If you did not make this change, contact \(organization.name) right away.
                            """), on: db)
            }
            return .verified(try await sessions.issue(customer, returnURL: nil, on: db).token)
        }
        switch outcome {
        case .verified(let session): return session
        case .taken(let email): throw APIError.emailInUse(email)
        }
    }
}
