import PolarModels

/// Polar's `customer_portal_settings` of an organization: what its customers may do in the
/// portal. Stored as sent, because Polar returns exactly what was set.
enum CustomerPortalSettings {
    /// What an organization has until it sets its own.
    static let defaults: JSONValue = .object([
        "usage": .object(["show": true]),
        "subscription": .object(["update_seats": true, "update_plan": true]),
        "customer": .object(["allow_email_change": false]),
    ])

    /// Whether customers may change their email; a missing key means no.
    static func allowsEmailChange(_ settings: JSONValue?) -> Bool {
        (settings ?? defaults)["customer"]?["allow_email_change"] == .bool(true)
    }

    /// `settings` with `customer.allow_email_change` set, everything else kept.
    static func allowingEmailChange(_ allowed: Bool, in settings: JSONValue?) -> JSONValue {
        guard case .object(var members) = settings ?? defaults else { return defaults }
        var customer: [JSONValue.Member] = []
        if case .object(let existing)? = (settings ?? defaults)["customer"] { customer = existing.filter { $0.key != "allow_email_change" } }
        customer.append(.init("allow_email_change", .bool(allowed)))
        members.removeAll { $0.key == "customer" }
        members.append(.init("customer", .object(customer)))
        return .object(members)
    }

    /// Reads the settings object of an update: `usage` and `subscription` are required,
    /// `customer` optional, unknown keys dropped, booleans read laxly as pydantic does.
    static func read(_ value: JSONValue, at loc: [LocationItem], reader: inout InputReader) -> JSONValue? {
        let errorCount = reader.errors.count
        guard let members = object(value, at: loc, reader: &reader) else { return nil }
        var result: [JSONValue.Member] = []
        if let usage = section(value, "usage", at: loc, required: ["show"], optional: [], reader: &reader) {
            result.append(.init("usage", usage))
        }
        if let subscription = section(
            value, "subscription", at: loc, required: ["update_seats", "update_plan"], optional: ["update_units", "pause"],
            reader: &reader)
        {
            result.append(.init("subscription", subscription))
        }
        if members.contains(where: { $0.key == "customer" }),
            let customer = section(value, "customer", at: loc, required: [], optional: ["allow_email_change"], reader: &reader)
        {
            result.append(.init("customer", customer))
        }
        return reader.errors.count == errorCount ? .object(result) : nil
    }

    private static func object(_ value: JSONValue, at loc: [LocationItem], reader: inout InputReader) -> [JSONValue.Member]? {
        guard case .object(let members) = value else {
            reader.fail(loc, "dict_type", "Input should be a valid dictionary", input: value)
            return nil
        }
        return members
    }

    /// One nested settings dictionary of booleans.
    private static func section(
        _ parent: JSONValue, _ key: String, at loc: [LocationItem], required: [String], optional: [String],
        reader: inout InputReader
    ) -> JSONValue? {
        guard let value = parent[key] else {
            reader.fail(loc + [.key(key)], "missing", "Field required", input: parent)
            return nil
        }
        guard object(value, at: loc + [.key(key)], reader: &reader) != nil else { return nil }
        var members: [JSONValue.Member] = []
        for name in required + optional {
            guard let raw = value[name] else {
                if required.contains(name) { reader.fail(loc + [.key(key), .key(name)], "missing", "Field required", input: value) }
                continue
            }
            if let flag = reader.bool(raw, at: loc + [.key(key), .key(name)]) { members.append(.init(name, .bool(flag))) }
        }
        return .object(members)
    }
}
