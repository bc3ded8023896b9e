import Foundation
import PolarModels
import SQLKit

/// Saving and removing a customer's cards through Stripe, as Polar's portal does: a SetupIntent
/// confirmed with the card the browser tokenised, 3-D Secure finished by a second call, and
/// nothing stored until Stripe says `succeeded`.
///
/// Stripe is never called inside a database transaction: the embedded emulator writes to the
/// same database, and a slow network call should not hold a write lock either.
struct PaymentMethodService: Sendable {
    let database: Database
    let customers: CustomerStore
    let paymentMethods: PaymentMethodStore
    let subscriptions: SubscriptionStore
    let stripe: StripeClient
    let returnURL: ReturnURL
    let changes: CustomerChanges
    /// What "now" is.
    let clock: ServerClock

    /// One page of the customer's saved methods, newest first.
    func list(access: CustomerAccess, pages: PageQuery) async throws -> (items: [PaymentMethodRecord], total: Int) {
        try await paymentMethods.list(customerID: access.customerID, page: pages.page, limit: pages.limit)
    }

    func add(_ input: CustomerPaymentMethodCreate, access: CustomerAccess) async throws -> CustomerPaymentMethodCreateResponse {
        let stripeCustomer = try await stripeCustomerID(for: access)
        let intent: StripeSetupIntent
        do {
            let created = try await stripe.createSetupIntent(
                customer: stripeCustomer,
                metadata: ["organization_id": access.organizationID.lowercased, "customer_id": access.customerID.lowercased])
            intent = try await stripe.confirmSetupIntent(
                id: created.id, confirmationToken: input.confirmationTokenID,
                returnURL: returnURL.sanitized(input.returnURL, setupIntent: created.id))
        } catch let error as StripeError where error.isCardError {
            throw APIError.paymentMethodSetupFailed(stripeMessage: error.message)
        } catch let error as StripeError where error.isInvalidRequest {
            // Polar lets Stripe's complaint about the token escape as a 500; bad input is a 422 here.
            throw APIError.invalidConfirmationToken(input.confirmationTokenID)
        }
        return try await save(intent, setDefault: input.setDefault, stripeCustomer: stripeCustomer, access: access)
    }

    func confirm(_ input: CustomerPaymentMethodConfirm, access: CustomerAccess) async throws -> CustomerPaymentMethodCreateResponse {
        guard let stripeCustomer = try await customer(access).stripeCustomerID else {
            throw APIError.customerNotReady
        }
        let intent: StripeSetupIntent
        do {
            intent = try await stripe.retrieveSetupIntent(id: input.setupIntentID)
        } catch let error as StripeError where error.isInvalidRequest {
            throw APIError.invalidSetupIntent(input.setupIntentID)
        }
        guard intent.customer == stripeCustomer, ["succeeded", "requires_action"].contains(intent.status) else {
            throw APIError.invalidSetupIntent(input.setupIntentID)
        }
        return try await save(intent, setDefault: input.setDefault, stripeCustomer: stripeCustomer, access: access)
    }

    /// Detaches the method at Stripe and soft-deletes it; a default it was is not replaced.
    func delete(_ id: UUID, access: CustomerAccess) async throws {
        guard let method = try await paymentMethods.find(id, customerID: access.customerID, on: database.sql) else {
            throw APIError.notFound
        }
        // A method that still bills a subscription goes only if another can take over (the
        // default first), as in Polar; that is checked before Stripe hears of the delete.
        _ = try await takeover(from: method, on: database.sql)
        do {
            try await stripe.detachPaymentMethod(id: method.processorID)
        } catch let error as StripeError where error.isInvalidRequest {
            // Already detached at Stripe: nothing left to undo there.
        }
        try await database.transaction { [customers, paymentMethods, subscriptions, changes] db in
            let (needing, successor) = try await takeover(from: method, on: db)
            if let successor { try await subscriptions.reassign(needing, to: successor.id, on: db) }
            try await subscriptions.release(paymentMethodID: method.id, on: db)
            try await paymentMethods.softDelete(method, now: clock.now(), on: db)
            // Polar writes the customer here only to announce it.
            if let customer = try await customers.find(.id(method.customerID), organizationID: access.organizationID, on: db) {
                try await changes.updated(customer, from: customer, on: db)
            }
        }
    }

    /// The subscriptions `method` still bills and the method that takes them over; throws
    /// Polar's 400 when some need it and the customer has no other.
    private func takeover(
        from method: PaymentMethodRecord, on db: any SQLDatabase
    ) async throws -> (subscriptions: [UUID], successor: PaymentMethodRecord?) {
        let needing = try await subscriptions.requiring(paymentMethodID: method.id, on: db)
        guard !needing.isEmpty else { return ([], nil) }
        let others = try await paymentMethods.others(customerID: method.customerID, excluding: method.id, on: db)
        let defaultID = try await customers.defaultPaymentMethodID(customerID: method.customerID, on: db)
        guard let successor = others.first(where: { $0.id == defaultID }) ?? others.first else { throw APIError.paymentMethodInUse }
        return (needing, successor)
    }

    /// Stores a succeeded SetupIntent's payment method (or answers for the challenge still open).
    private func save(
        _ intent: StripeSetupIntent, setDefault: Bool, stripeCustomer: String, access: CustomerAccess
    ) async throws -> CustomerPaymentMethodCreateResponse {
        if intent.status == "requires_action" { return .requiresAction(clientSecret: intent.clientSecret ?? "") }
        guard let method = intent.paymentMethod else { throw APIError.invalidSetupIntent(intent.id) }
        if setDefault {
            try await stripe.updateCustomer(id: stripeCustomer, email: nil, address: nil, defaultPaymentMethod: method.id)
        }
        let saved = try await database.transaction { [customers, paymentMethods, changes] db in
            let now = clock.now()
            let saved = try await paymentMethods.upsert(
                customerID: access.customerID, processorID: method.id, type: method.type, methodMetadata: method.details, now: now,
                on: db)
            if setDefault,
                var customer = try await customers.findForUpdate(.id(access.customerID), organizationID: access.organizationID, on: db),
                customer.defaultPaymentMethodID != saved.id
            {
                let original = customer
                customer.defaultPaymentMethodID = saved.id
                customer.modifiedAt = now
                try await customers.update(customer, on: db)
                try await changes.updated(customer, from: original, on: db)
            }
            return saved
        }
        return .succeeded(paymentMethod: saved.wire)
    }

    /// The customer's Stripe customer, created at Stripe the first time it is needed.
    private func stripeCustomerID(for access: CustomerAccess) async throws -> String {
        let current = try await customer(access)
        if let id = current.stripeCustomerID { return id }
        let created = try await stripe.createCustomer(
            email: current.email, name: current.name, address: current.billingAddress,
            metadata: ["customer_id": current.id.lowercased]
        ).id
        return try await database.transaction { [customers] db in
            guard var customer = try await customers.findForUpdate(.id(access.customerID), organizationID: access.organizationID, on: db)
            else { throw APIError.unauthorized }
            // Another request may have got there first; its Stripe customer wins.
            if let id = customer.stripeCustomerID { return id }
            customer.stripeCustomerID = created
            try await customers.update(customer, on: db)
            return created
        }
    }

    private func customer(_ access: CustomerAccess) async throws -> CustomerRecord {
        guard let customer = try await customers.find(.id(access.customerID), organizationID: access.organizationID) else {
            throw APIError.unauthorized
        }
        return customer
    }
}
