import Foundation
import PolarModels

/// A `POST /v1/customer-sessions/` body: Polar's union of `CustomerSessionCustomerIDCreate` and
/// `CustomerSessionCustomerExternalIDCreate`. When both would validate, the external ID wins, as
/// pydantic's smart union picks it; when neither does, both shapes' errors are reported, each
/// under its class name.
struct CustomerSessionInput: Sendable {
    var customer: CustomerSessionCreate.CustomerReference
    var returnURL: String?

    init(body: JSONValue?) throws {
        var reader = InputReader()
        guard let body else {
            reader.fail(["body"], "missing", "Field required", input: .null)
            try reader.stop()
        }
        var external = InputReader()
        let externalShape = Self.read(body, shape: "CustomerSessionCustomerExternalIDCreate", reader: &external) { body, loc, reader in
            guard let value = body["external_customer_id"] ?? body["customer_external_id"] else {
                reader.fail(loc + ["external_customer_id"], "missing", "Field required", input: body)
                return nil
            }
            return reader.string(value, at: loc + ["external_customer_id"]).map { .externalID($0) }
        }
        if let externalShape {
            self = externalShape
            return
        }
        var byID = InputReader()
        let idShape = Self.read(body, shape: "CustomerSessionCustomerIDCreate", reader: &byID) { body, loc, reader in
            guard let value = body["customer_id"] else {
                reader.fail(loc + ["customer_id"], "missing", "Field required", input: body)
                return nil
            }
            return reader.uuid4(value, at: loc + ["customer_id"]).map { .id($0) }
        }
        if let idShape {
            self = idShape
            return
        }
        throw APIError.validation(byID.errors + external.errors)
    }

    private init(customer: CustomerSessionCreate.CustomerReference, returnURL: String?) {
        self.customer = customer
        self.returnURL = returnURL
    }

    /// One shape of the union, with the fields of Polar's base class first.
    private static func read(
        _ body: JSONValue, shape: String, reader: inout InputReader,
        customer: (JSONValue, [LocationItem], inout InputReader) -> CustomerSessionCreate.CustomerReference?
    ) -> CustomerSessionInput? {
        let loc: [LocationItem] = ["body", .key(shape)]
        guard reader.requireObject(body, at: loc) else { return nil }
        // Members exist only in Polar's member model; the ids are validated and then unused.
        if let value = body["member_id"], value != .null { _ = reader.uuid4(value, at: loc + ["member_id"]) }
        if let value = body["external_member_id"], value != .null { _ = reader.string(value, at: loc + ["external_member_id"]) }
        var returnURL: String?
        if let value = body["return_url"], value != .null { returnURL = reader.httpURL(value, at: loc + ["return_url"]) }
        let reference = customer(body, loc, &reader)
        guard reader.errors.isEmpty, let reference else { return nil }
        return CustomerSessionInput(customer: reference, returnURL: returnURL)
    }
}
