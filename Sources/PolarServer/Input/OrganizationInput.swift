import PolarModels

/// A `PATCH /v1/organizations/{id}` body (Polar's `OrganizationUpdate`) as far as this server
/// models organizations: the name and the customer portal settings. `null` leaves a field alone.
struct OrganizationPatchInput: Sendable {
    var name: String?
    var customerPortalSettings: JSONValue?

    init(body: JSONValue?) throws {
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
        if let value = body["name"], value != .null, let text = reader.string(value, at: ["body", "name"]) {
            if text.unicodeScalars.count < 3 {
                reader.fail(
                    ["body", "name"], "string_too_short", "String should have at least 3 characters", input: value,
                    ctx: .object(["min_length": 3]))
            } else {
                name = text
            }
        }
        if let value = body["customer_portal_settings"], value != .null {
            customerPortalSettings = CustomerPortalSettings.read(
                value, at: ["body", "customer_portal_settings"], reader: &reader)
        }
        try reader.check()
    }
}
