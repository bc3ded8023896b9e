import PolarModels
import SQLKit

extension StripeEmulator {
    /// A new payment method made from a fixture, attached to no one yet.
    static func paymentMethod(from fixture: StripeFixture.Method) -> JSONValue {
        .object([
            "id": .string(StripeEmulatorIDs.new("pm")), "object": "payment_method", "allow_redisplay": "unspecified",
            "billing_details": .object([
                "address": .object(["city": nil, "country": nil, "line1": nil, "line2": nil, "postal_code": nil, "state": nil]),
                "email": nil, "name": nil, "phone": nil,
            ]),
            "created": .integer(StripeEmulatorIDs.now), "customer": nil, "livemode": false, "metadata": .object([:]),
            "type": .string(fixture.type), fixture.type: fixture.details,
        ])
    }

    /// Detaches from the customer, which loses it as its default too. A method attached to no
    /// one is Stripe's 400, the "already detached" error Polar ignores.
    func detach(_ call: StripeEmulatorCall, _ db: any SQLDatabase) async throws -> JSONValue {
        let method = try await fetch("payment_method", call, db)
        guard let customerID = method["customer"]?.stringValue else {
            throw StripeEmulatorError(
                status: .badRequest, type: "invalid_request_error",
                message: "The payment method you provided is not attached to a customer so detachment is impossible.")
        }
        if let customer = try await store.get(customerID, on: db), let settings = customer["invoice_settings"],
            settings["default_payment_method"] == method["id"]
        {
            try await store.put(customer.setting("invoice_settings", settings.setting("default_payment_method", nil)), on: db)
        }
        let detached = method.setting("customer", nil)
        try await store.put(detached, on: db)
        return detached
    }
}
