import Foundation
import PolarCompatibility
import PolarModels
import SQLKit

/// Polar's rules for customers. Each write runs in one transaction, so a request either makes
/// all of its changes or none.
struct CustomerService: Sendable {
    let database: Database
    let store: CustomerStore
    /// Ends a deleted customer's subscriptions and benefit grants in the same transaction.
    let subscriptions: SubscriptionService
    /// Counts the events sent for an external id once a customer takes it.
    let metering: MeteringService
    /// Announces each change (`customer.created`, `.updated`, `.deleted`) in its transaction.
    let changes: CustomerChanges
    let paymentMethods: PaymentMethodStore
    /// Checks the test clock a new customer is put on.
    let testClocks: TestClockStore
    /// What "now" is.
    let clock: ServerClock

    /// Creates the customer `input` describes; `testClockKey` is the body key that named its test
    /// clock, where an unknown clock's error points.
    func create(_ input: CustomerCreate, testClockKey: String = "test_clock_id", access: OrganizationAccess) async throws -> CustomerRecord {
        if let organizationID = input.organizationID {
            throw APIError.validation(
                [
                    ValidationError(
                        loc: ["body", "organization_id"],
                        msg: "Setting organization_id is disallowed when using an organization token.",
                        type: "organization_token", input: .string(organizationID.lowercased))
                ], kind: .business)
        }
        return try await database.transaction { [metering, changes, testClocks] db in
            var errors: [ValidationError] = []
            if let email = input.email, try await store.emailTaken(email, organizationID: access.organizationID, on: db) {
                errors.append(.duplicateEmail(email))
            }
            if let externalID = input.externalID,
                try await store.externalIDTaken(externalID, organizationID: access.organizationID, on: db)
            {
                errors.append(.duplicateExternalID(externalID))
            }
            if let testClockID = input.testClockID, try await testClocks.find(testClockID, organizationID: access.organizationID, on: db) == nil {
                errors.append(
                    ValidationError(
                        loc: ["body", .key(testClockKey)], msg: "Test clock does not exist.", type: "value_error",
                        input: .string(testClockID.lowercased)))
            }
            if !errors.isEmpty { throw APIError.validation(errors, kind: .business) }

            let taxID = try input.taxID.map { try Self.validateTaxID($0, country: input.billingAddress?.country) }
            let customer = CustomerRecord(
                id: UUID(), organizationID: access.organizationID, createdAt: clock.now(), type: input.type,
                email: input.email, emailVerified: false, name: input.name, billingAddress: input.billingAddress,
                taxID: taxID, locale: input.locale, metadata: input.metadata ?? [:], externalID: input.externalID,
                testClockID: input.testClockID)
            try await insertOrReport(customer, on: db)
            if let externalID = customer.externalID {
                try await metering.adoptPendingEvents(externalID: externalID, customerID: customer.id, organizationID: customer.organizationID, on: db)
            }
            try await metering.openMeters(customerID: customer.id, organizationID: customer.organizationID, on: db)
            try await changes.created(customer, on: db)
            return customer
        }
    }

    /// One page of the organization's customers matching the query, and how many match; none
    /// when it names only other organizations.
    func list(_ query: CustomerListQuery, access: OrganizationAccess) async throws -> (items: [CustomerRecord], total: Int) {
        guard access.sees(query.organizationIDs) else { return ([], 0) }
        return try await store.list(query.filter, organizationID: access.organizationID, page: query.page, limit: query.limit)
    }

    /// The export in batches of 500, oldest id first: `body` gets each in turn. Nothing when
    /// `organizationIDs` names only other organizations.
    func export(organizationIDs: [UUID]?, access: OrganizationAccess, _ body: ([CustomerRecord]) async throws -> Void) async throws {
        guard access.sees(organizationIDs) else { return }
        var afterID = ""
        while true {
            let batch = try await store.exportBatch(organizationID: access.organizationID, afterID: afterID, limit: 500)
            guard let last = batch.last else { return }
            try await body(batch)
            afterID = last.id.lowercased
        }
    }

    func get(_ key: CustomerStore.Key, access: OrganizationAccess) async throws -> CustomerRecord {
        guard let customer = try await store.find(key, organizationID: access.organizationID) else { throw APIError.notFound }
        return customer
    }

    /// One page of the customer's saved payment methods, newest first: Polar's organization-side
    /// `CustomerPaymentMethod`, the portal's shape with `is_default`.
    func paymentMethods(_ key: CustomerStore.Key, access: OrganizationAccess, pages: PageQuery) async throws -> (items: [JSONValue], total: Int) {
        let customer = try await get(key, access: access)
        let (methods, total) = try await paymentMethods.list(customerID: customer.id, page: pages.page, limit: pages.limit)
        let items = try methods.map { method -> JSONValue in
            guard case .object(let members) = try JSONValueEncoder.encode(method.wire) else { return .null }
            return .object(members + [.init("is_default", .bool(customer.defaultPaymentMethodID == method.id))])
        }
        return (items, total)
    }

    func update(_ key: CustomerStore.Key, with patch: CustomerUpdate, access: OrganizationAccess) async throws
        -> CustomerRecord
    {
        try await database.transaction { [metering, changes] db in
            guard var customer = try await store.findForUpdate(key, organizationID: access.organizationID, on: db) else {
                throw APIError.notFound
            }
            let original = customer
            var errors: [ValidationError] = []

            // A case-only change keeps the old spelling, as in Polar.
            if let email = patch.email.value, customer.email?.lowercased() != email.lowercased() {
                if try await store.emailTaken(email, organizationID: customer.organizationID, excluding: customer.id, on: db) {
                    errors.append(.duplicateEmail(email))
                }
                customer.email = email
                customer.emailVerified = false
            }
            if case .null = patch.billingAddress {
                errors.append(
                    ValidationError(
                        loc: ["body", "billing_address"], msg: "Customer billing address cannot be reset to null once set.",
                        type: "value_error", input: .null))
            }
            if !patch.externalID.isAbsent, patch.externalID.value != customer.externalID {
                if customer.externalID != nil {
                    errors.append(
                        ValidationError(
                            loc: ["body", "external_id"], msg: "Customer external ID cannot be updated.", type: "value_error",
                            input: patch.externalID.value.map(JSONValue.string) ?? .null))
                } else if let externalID = patch.externalID.value {
                    if try await store.externalIDTaken(externalID, organizationID: customer.organizationID, on: db) {
                        errors.append(.duplicateExternalID(externalID))
                    }
                    customer.externalID = externalID
                }
            }
            if !patch.type.isAbsent {
                let requested = patch.type.value
                if customer.type == .team, requested != .team {
                    errors.append(
                        ValidationError(
                            loc: ["body", "type"], msg: "Customer type cannot be downgraded from 'team' to 'individual'.",
                            type: "value_error", input: requested.map { .string($0.rawValue) } ?? .null))
                } else {
                    customer.type = requested
                }
            }
            if !errors.isEmpty { throw APIError.validation(errors, kind: .business) }

            if !patch.name.isAbsent { customer.name = patch.name.value }
            if let address = patch.billingAddress.value { customer.billingAddress = address }
            if !patch.locale.isAbsent { customer.locale = patch.locale.value }
            if let metadata = patch.metadata.value { customer.metadata = metadata }
            customer.taxID = try Self.taxID(patch.taxID, addressChanged: patch.billingAddress.value != nil, of: customer)

            // Polar's customer.updated event comes even for a no-op, and opens its meters.
            try await metering.openMeters(customerID: customer.id, organizationID: customer.organizationID, on: db)
            guard customer != original else {
                try await changes.updated(customer, from: original, on: db)
                return customer
            }
            customer.modifiedAt = clock.now()
            try await updateOrReport(customer, on: db)
            if original.externalID == nil, let externalID = customer.externalID {
                try await metering.adoptPendingEvents(externalID: externalID, customerID: customer.id, organizationID: customer.organizationID, on: db)
            }
            try await changes.updated(customer, from: original, on: db)
            return customer
        }
    }

    /// Soft-deletes: the customer disappears from every read, its external ID is freed (and kept
    /// in metadata `__external_id`, as Polar intends), its email can be used again.
    func delete(_ key: CustomerStore.Key, anonymize: Bool, access: OrganizationAccess) async throws {
        try await database.transaction { [subscriptions, changes] db in
            guard var customer = try await store.findForUpdate(key, organizationID: access.organizationID, on: db) else {
                throw APIError.notFound
            }
            let now = clock.now()
            customer.deletedAt = now
            customer.modifiedAt = now
            if let externalID = customer.externalID {
                customer.metadata["__external_id"] = .string(externalID)
                customer.externalID = nil
            }
            if anonymize { Anonymizer.anonymize(&customer, now: now) }
            try await subscriptions.revokeAll(customerID: customer.id, on: db, now: now)
            try await store.update(customer, on: db)
            try await changes.deleted(customer, on: db)
        }
    }

    /// The customer's tax ID after an update (its address already applied): a new one validated
    /// against the billing country, `null` clearing it; with none sent, a new address
    /// re-validates the stored one.
    static func taxID(_ sent: PatchField<String>, addressChanged: Bool, of customer: CustomerRecord) throws -> TaxID? {
        switch sent {
        case .null: return nil
        case .value(let taxID): return try validateTaxID(taxID, country: customer.billingAddress?.country)
        case .absent:
            if addressChanged, let stored = customer.taxID, let country = customer.billingAddress?.country,
                TaxIDValidator.validate(stored.value, country: country) == nil
            {
                throw APIError.validation([.invalidTaxID(stored.value)], kind: .business)
            }
            return customer.taxID
        }
    }

    /// Validates a tax ID against the billing country, with Polar's two errors.
    static func validateTaxID(_ raw: String, country: String?) throws -> TaxID {
        guard let country else {
            throw APIError.validation([.taxIDWithoutCountry], kind: .business)
        }
        guard let valid = TaxIDValidator.validate(raw, country: country), let format = TaxIDFormat(rawValue: valid.format) else {
            throw APIError.validation([.invalidTaxID(raw)], kind: .business)
        }
        return TaxID(value: valid.value, format: format)
    }

    /// A unique index catches what the checks above missed when two requests race: the
    /// loser gets the same 422 the checks give, never a 500.
    private func insertOrReport(_ customer: CustomerRecord, on db: any SQLDatabase) async throws {
        do {
            try await store.insert(customer, on: db)
        } catch let conflict as CustomerStore.Conflict {
            throw APIError.validation([conflict.error(for: customer)], kind: .business)
        }
    }

    private func updateOrReport(_ customer: CustomerRecord, on db: any SQLDatabase) async throws {
        do {
            try await store.update(customer, on: db)
        } catch let conflict as CustomerStore.Conflict {
            throw APIError.validation([conflict.error(for: customer)], kind: .business)
        }
    }
}

extension CustomerStore.Conflict {
    func error(for customer: CustomerRecord) -> ValidationError {
        switch self {
        case .email: .duplicateEmail(customer.email ?? "")
        case .externalID: .duplicateExternalID(customer.externalID ?? "")
        }
    }
}
