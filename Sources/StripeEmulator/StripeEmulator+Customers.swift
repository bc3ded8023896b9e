import PolarCompatibility
import PolarModels
import SQLKit

extension StripeEmulator {
    func createCustomer(_ call: StripeEmulatorCall, _ db: any SQLDatabase) async throws -> JSONValue {
        let customer: JSONValue = .object([
            "id": .string(StripeEmulatorIDs.new("cus")), "object": "customer", "address": nil, "balance": 0,
            "created": .integer(StripeEmulatorIDs.now), "currency": nil, "default_source": nil, "delinquent": false,
            "description": nil, "email": nil, "invoice_prefix": nil,
            "invoice_settings": .object(["custom_fields": nil, "default_payment_method": nil, "footer": nil, "rendering_options": nil]),
            "livemode": false, "metadata": .object([:]), "name": nil, "phone": nil, "preferred_locales": [], "shipping": nil,
            "tax_exempt": "none", "test_clock": nil,
        ])
        let updated = try await update(customer, call.params, db)
        try await store.put(updated, on: db)
        return updated
    }

    func updateCustomer(_ call: StripeEmulatorCall, _ db: any SQLDatabase) async throws -> JSONValue {
        let updated = try await update(try await fetch("customer", call, db), call.params, db)
        try await store.put(updated, on: db)
        return updated
    }

    /// Stripe's update rules: a parameter sent empty clears its field, `address[…]` replaces
    /// the whole address, and metadata merges key by key.
    private func update(_ customer: JSONValue, _ params: QueryParameters, _ db: any SQLDatabase) async throws -> JSONValue {
        var customer = customer
        for key in ["email", "name", "description", "phone"] {
            if let value = params[key] { customer = customer.setting(key, value.isEmpty ? nil : .string(value)) }
        }
        if params["address"] == "" {
            customer = customer.setting("address", nil)
        } else if params.pairs.contains(where: { $0.key.hasPrefix("address[") }) {
            let fields = ["city", "country", "line1", "line2", "postal_code", "state"]
            customer = customer.setting(
                "address", .object(fields.map { .init($0, params["address[\($0)]"].map(JSONValue.string) ?? nil) }))
        }
        customer = customer.setting("metadata", Self.merging(params, into: customer["metadata"] ?? .object([:])))
        if let method = params["invoice_settings[default_payment_method]"] {
            customer = customer.setting(
                "invoice_settings",
                (customer["invoice_settings"] ?? .object([:])).setting(
                    "default_payment_method", method.isEmpty ? nil : .string(try await attachedMethod(method, to: customer, db))))
        }
        return customer
    }

    /// Only a payment method attached to the customer can be its default.
    private func attachedMethod(_ id: String, to customer: JSONValue, _ db: any SQLDatabase) async throws -> String {
        let param = "invoice_settings[default_payment_method]"
        guard let method = try await store.get(id, on: db), method["object"] == "payment_method" else {
            throw StripeEmulatorError.missing("payment_method", id, param: param)
        }
        guard method["customer"] == customer["id"] else {
            throw StripeEmulatorError(
                status: .badRequest, type: "invalid_request_error", code: "resource_missing", param: param,
                message: "The customer does not have a payment method with the ID \(id). "
                    + "The payment method must be attached to the customer.")
        }
        return id
    }

    /// `metadata[key]=value` sets a key; an empty value removes it.
    static func merging(_ params: QueryParameters, into metadata: JSONValue) -> JSONValue {
        var merged = metadata
        for pair in params.pairs where pair.key.hasPrefix("metadata[") && pair.key.hasSuffix("]") {
            let key = String(pair.key.dropFirst(9).dropLast())
            guard case .object(let members) = merged else { continue }
            merged = pair.value.isEmpty ? .object(members.filter { $0.key != key }) : merged.setting(key, .string(pair.value))
        }
        return merged
    }
}
