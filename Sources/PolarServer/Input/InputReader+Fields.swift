import Foundation
import PolarModels

/// Field readers the billing bodies share, with pydantic's errors.
extension InputReader {
    /// A request body that must be an object: a missing one or any other value is pydantic's
    /// error at `["body"]`, thrown at once.
    static func object(_ body: JSONValue?) throws -> JSONValue {
        var reader = InputReader()
        guard let body else {
            reader.fail(["body"], "missing", "Field required", input: .null)
            try reader.check()
            return .null
        }
        guard reader.requireObject(body, at: ["body"]) else {
            try reader.check()
            return .null
        }
        return body
    }

    /// A request body that must be there, whatever it holds: none is pydantic's `missing` at
    /// `["body"]`, thrown at once.
    static func present(_ body: JSONValue?) throws -> JSONValue {
        guard let body else {
            var reader = InputReader()
            reader.fail(["body"], "missing", "Field required", input: .null)
            try reader.check()
            return .null
        }
        return body
    }

    /// pydantic's smart-mode union: what the first member reads without error, or every
    /// member's errors, thrown in the members' order.
    static func union<Member, Value>(_ members: [Member], read: (Member, inout InputReader) throws -> Value?) throws -> Value {
        var reader = InputReader()
        for member in members {
            var attempt = InputReader()
            if let value = try read(member, &attempt), attempt.errors.isEmpty { return value }
            reader.record(attempt.errors)
        }
        try reader.stop()
    }

    /// pydantic's error for a discriminated union whose tag (`discriminator` in `body`) is
    /// missing or none of `tags`, the members of the Python enum `enumName`.
    mutating func failTag(_ body: JSONValue, at loc: [LocationItem], discriminator: String, enumName: String, tags: [String]) {
        guard let value = body[discriminator] else {
            fail(
                loc, "union_tag_not_found", "Unable to extract tag using discriminator '\(discriminator)'", input: body,
                ctx: .object(["discriminator": .string("'\(discriminator)'")]))
            return
        }
        let shown = PythonText.str(value)
        let expected = tags.map { "<\(enumName).\($0): '\($0)'>" }.joined(separator: ", ")
        fail(
            loc, "union_tag_invalid",
            "Input tag '\(shown)' found using '\(discriminator)' does not match any of the expected tags: \(expected)", input: body,
            ctx: .object(["discriminator": .string("'\(discriminator)'"), "tag": .string(shown), "expected_tags": .string(expected)]))
    }

    /// A required key of `body`, or a `missing` error.
    mutating func required(_ body: JSONValue, _ key: String, at loc: [LocationItem]) -> JSONValue? {
        guard let value = body[key] else {
            fail(loc + [.key(key)], "missing", "Field required", input: body)
            return nil
        }
        return value
    }

    /// An optional key that tells absent from `null`; absent too when `read` records an error.
    mutating func patchField<Value>(_ body: JSONValue, _ key: String, _ read: (inout InputReader, JSONValue) -> Value?) -> PatchField<Value> {
        guard let value = body[key] else { return .absent }
        if value == .null { return .null }
        return read(&self, value).map { .value($0) } ?? .absent
    }

    /// An optional key: `nil` when absent or JSON `null`.
    func optional(_ body: JSONValue, _ key: String) -> JSONValue? {
        guard let value = body[key], value != .null else { return nil }
        return value
    }

    /// An integer in pydantic's lax mode: whole floats and numeric strings pass, within bounds.
    mutating func int(_ value: JSONValue, at loc: [LocationItem], min: Int? = nil, greaterThan: Int? = nil, max: Int? = nil) -> Int? {
        let number: Int
        switch value {
        case .integer(let n): number = n
        case .bool(let flag): number = flag ? 1 : 0
        case .number(let n) where n.rounded() == n && abs(n) < 9.2e18: number = Int(n)
        case .number(let n) where n.rounded() == n:
            fail(loc, "int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size", input: value)
            return nil
        case .number:
            fail(loc, "int_from_float", "Input should be a valid integer, got a number with a fractional part", input: value)
            return nil
        case .string(let text):
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else {
                fail(loc, "int_parsing", "Input should be a valid integer, unable to parse string as an integer", input: value)
                return nil
            }
            number = n
        default:
            fail(loc, "int_type", "Input should be a valid integer", input: value)
            return nil
        }
        if let greaterThan, number <= greaterThan {
            fail(loc, "greater_than", "Input should be greater than \(greaterThan)", input: value, ctx: .object(["gt": .integer(greaterThan)]))
            return nil
        }
        if let min, number < min {
            fail(loc, "greater_than_equal", "Input should be greater than or equal to \(min)", input: value, ctx: .object(["ge": .integer(min)]))
            return nil
        }
        if let max, number > max {
            fail(loc, "less_than_equal", "Input should be less than or equal to \(max)", input: value, ctx: .object(["le": .integer(max)]))
            return nil
        }
        return number
    }

    /// One of an enum's values, with pydantic's `enum` error.
    mutating func choice(_ value: JSONValue, at loc: [LocationItem], _ choices: [String], type: String = "enum") -> String? {
        if case .string(let text) = value, choices.contains(text) { return text }
        let expected = Self.choices(choices)
        fail(loc, type, "Input should be \(expected)", input: value, ctx: .object(["expected": .string(expected)]))
        return nil
    }

    /// A string with pydantic's length bounds.
    mutating func string(_ value: JSONValue, at loc: [LocationItem], minLength: Int? = nil, maxLength: Int? = nil) -> String? {
        guard let text = string(value, at: loc) else { return nil }
        if let minLength, text.unicodeScalars.count < minLength {
            fail(
                loc, "string_too_short", "String should have at least \(minLength) character\(minLength == 1 ? "" : "s")",
                input: value, ctx: .object(["min_length": .integer(minLength)]))
            return nil
        }
        if let maxLength, text.unicodeScalars.count > maxLength {
            fail(
                loc, "string_too_long", "String should have at most \(maxLength) characters", input: value,
                ctx: .object(["max_length": .integer(maxLength)]))
            return nil
        }
        return text
    }

    /// A list, with pydantic's `list_type` error.
    mutating func list(_ value: JSONValue, at loc: [LocationItem]) -> [JSONValue]? {
        guard case .array(let items) = value else {
            fail(loc, "list_type", "Input should be a valid list", input: value)
            return nil
        }
        return items
    }

    /// `organization_id` in a body, which an organization token may not set (Polar's rule).
    /// A malformed one is a schema error at `loc`; the refusal is always at the body's top, as
    /// Polar's organization resolver raises it.
    mutating func rejectOrganizationID(_ body: JSONValue, at loc: [LocationItem]) -> ValidationError? {
        guard let value = optional(body, "organization_id"), uuid4(value, at: loc + ["organization_id"]) != nil else { return nil }
        return ValidationError(
            loc: ["body", "organization_id"], msg: "Setting organization_id is disallowed when using an organization token.",
            type: "organization_token", input: value)
    }

    /// pydantic's `Decimal` with `max_digits=17, decimal_places=12` (and `gt=0` when `positive`),
    /// as Polar's unit amounts and event costs are; the value without its sign.
    mutating func decimal(_ value: JSONValue, at loc: [LocationItem], positive: Bool) -> UnitAmount? {
        let text: String
        switch value {
        case .integer(let number): text = String(number)
        case .number(let number):
            guard number.isFinite else {
                fail(loc, "finite_number", "Input should be a finite number", input: value)
                return nil
            }
            text = "\(number)"
        case .string(let string):
            let trimmed = string.trimmingCharacters(in: .whitespaces).lowercased()
            if ["nan", "inf", "infinity", "+inf", "-inf", "+infinity", "-infinity", "snan"].contains(trimmed) {
                fail(loc, "finite_number", "Input should be a finite number", input: value)
                return nil
            }
            text = string
        default:
            fail(loc, "decimal_type", "Decimal input should be an integer, float, string or Decimal object", input: value)
            return nil
        }
        let negative = text.trimmingCharacters(in: .whitespaces).hasPrefix("-")
        guard let amount = UnitAmount(negative ? String(text.trimmingCharacters(in: .whitespaces).dropFirst()) : text) else {
            fail(loc, "decimal_parsing", "Input should be a valid decimal", input: value)
            return nil
        }
        let normalized = amount.normalized
        let decimals = max(0, -normalized.exponent)
        let digits = normalized.exponent >= 0 ? normalized.digits.count + normalized.exponent : max(normalized.digits.count, decimals)
        if digits > 17 {
            fail(
                loc, "decimal_max_digits", "Decimal input should have no more than 17 digits in total", input: value,
                ctx: .object(["max_digits": 17]))
            return nil
        }
        if decimals > 12 {
            fail(
                loc, "decimal_max_places", "Decimal input should have no more than 12 decimal places", input: value,
                ctx: .object(["decimal_places": 12]))
            return nil
        }
        if digits - decimals > 5 {
            fail(
                loc, "decimal_whole_digits", "Decimal input should have no more than 5 digits before the decimal point", input: value,
                ctx: .object(["whole_digits": 5]))
            return nil
        }
        if positive, negative || amount.isZero {
            fail(loc, "greater_than", "Input should be greater than 0", input: value, ctx: .object(["gt": 0]))
            return nil
        }
        return amount
    }
}
