import Foundation
import PolarModels

/// The signed-in customer's own record, as the portal reads and edits it. Polar checks a
/// portal update one rule at a time: the first failure is the whole answer.
struct PortalCustomerService: Sendable {
    let database: Database
    let customers: CustomerStore
    let paymentMethods: PaymentMethodStore
    let stripe: StripeClient
    let changes: CustomerChanges
    /// What "now" is.
    let clock: ServerClock

    func get(_ access: CustomerAccess) async throws -> CustomerRecord {
        guard let customer = try await customers.find(.id(access.customerID), organizationID: access.organizationID) else {
            throw APIError.unauthorized
        }
        return customer
    }

    /// Applies the change, then brings the customer's Stripe record in line (after the commit:
    /// Stripe is never called inside a transaction), as Polar does on every portal update.
    func update(_ patch: CustomerPortalCustomerUpdate, access: CustomerAccess) async throws -> CustomerRecord {
        let (customer, newDefault) = try await apply(patch, access: access)
        if let stripeCustomer = customer.stripeCustomerID {
            try await stripe.updateCustomer(
                id: stripeCustomer, email: customer.email, address: customer.billingAddress, defaultPaymentMethod: newDefault)
        }
        return customer
    }

    /// The updated customer, and the Stripe id of a newly chosen default payment method.
    private func apply(_ patch: CustomerPortalCustomerUpdate, access: CustomerAccess) async throws -> (CustomerRecord, String?) {
        try await database.transaction { [customers, paymentMethods, changes] db in
            guard var customer = try await customers.findForUpdate(.id(access.customerID), organizationID: access.organizationID, on: db)
            else { throw APIError.unauthorized }
            let original = customer
            var newDefault: String?

            // A blank billing name counts as none, and none leaves the stored one alone.
            if let billingName = patch.billingName.value { customer.billingName = billingName }
            switch patch.billingAddress {
            case .null:
                throw APIError.portalUpdateRejected("billing_address", "missing", "Customer billing address cannot be reset to null once set.", .null)
            case .value(let address): customer.billingAddress = address
            case .absent: break
            }
            switch patch.defaultPaymentMethodID {
            case .null:
                throw APIError.portalUpdateRejected("default_payment_method_id", "missing", "Default payment method cannot be reset to null.", .null)
            case .value(let id):
                guard let method = try await paymentMethods.find(id, customerID: customer.id, on: db) else {
                    throw APIError.portalUpdateRejected("default_payment_method_id", "invalid", "Payment method not found.", .string(id.lowercased))
                }
                customer.defaultPaymentMethodID = id
                newDefault = method.processorID
            case .absent: break
            }
            customer.taxID = try CustomerService.taxID(patch.taxID, addressChanged: patch.billingAddress.value != nil, of: customer)

            // Polar's portal update writes (and so announces) the customer even when nothing changed.
            if customer != original {
                customer.modifiedAt = clock.now()
                try await customers.update(customer, on: db)
            }
            try await changes.updated(customer, from: original, on: db)
            return (customer, newDefault)
        }
    }
}

extension CustomerRecord {
    /// The customer as the portal shows it to themself (Polar's `CustomerPortalCustomer`).
    var portalWire: CustomerPortalCustomer {
        CustomerPortalCustomer(
            createdAt: PolarTimestamp.date(microseconds: createdAt), modifiedAt: modifiedAt.map(PolarTimestamp.date(microseconds:)),
            id: id, email: email, emailVerified: emailVerified, name: name, billingName: billingName ?? name,
            billingAddress: billingAddress, taxID: taxID, defaultPaymentMethodID: defaultPaymentMethodID,
            type: type ?? .individual, locale: locale)
    }
}
