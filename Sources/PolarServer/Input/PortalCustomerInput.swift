import Foundation
import PolarModels

/// A `PATCH /v1/customer-portal/customers/me` body, read into the SDK's
/// `CustomerPortalCustomerUpdate`. Every key is optional; `email`, `name`, `locale` and anything
/// else are ignored, since a customer changes their email only through a verified link.
extension CustomerPortalCustomerUpdate {
    init(validating body: JSONValue?) throws {
        self.init()
        var reader = InputReader()
        guard let body else {
            reader.fail(["body"], "missing", "Field required", input: .null)
            try reader.check()
            return
        }
        guard reader.requireObject(body, at: ["body"]) else {
            try reader.check()
            return
        }
        billingName = reader.trimmedOptional(body["billing_name"], at: ["body", "billing_name"])
        if let value = body["billing_address"] {
            billingAddress =
                value == .null ? .null : reader.address(value, at: ["body", "billing_address"]).map(PatchField.value) ?? .absent
        }
        taxID = reader.trimmedOptional(body["tax_id"], at: ["body", "tax_id"])
        if let value = body["default_payment_method_id"] {
            defaultPaymentMethodID =
                value == .null
                ? .null : reader.uuid4(value, at: ["body", "default_payment_method_id"]).map(PatchField.value) ?? .absent
        }
        try reader.check()
    }
}
