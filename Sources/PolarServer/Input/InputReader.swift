import Foundation
import PolarCompatibility
import PolarModels

/// Reads untrusted JSON and query values into typed input, collecting every problem as
/// pydantic (Polar's validation library) reports it: same `type`, `loc`, `msg`, `input` and `ctx`.
/// Readers return `nil` after recording an error, so one pass reports all of them at once.
struct InputReader {
    private(set) var errors: [ValidationError] = []

    mutating func fail(
        _ loc: [LocationItem], _ type: String, _ msg: String, input: JSONValue, ctx: JSONValue? = nil
    ) {
        errors.append(ValidationError(loc: loc, msg: msg, type: type, input: input, ctx: ctx))
    }

    /// Adds errors collected by another reader, as a union's members are tried apart.
    mutating func record(_ more: [ValidationError]) {
        errors += more
    }

    /// Throws the collected errors as Polar's schema 422, if there are any.
    func check() throws {
        if !errors.isEmpty { throw APIError.validation(errors) }
    }

    /// Throws the errors found so far, where a failure leaves nothing more to read.
    func stop() throws -> Never {
        assert(!errors.isEmpty, "stop() without an error")
        throw APIError.validation(errors)
    }

    // MARK: Strings

    /// A string without NUL characters (Polar rejects those in every request string).
    mutating func string(_ value: JSONValue, at loc: [LocationItem], rejectNUL: Bool = true) -> String? {
        guard case .string(let text) = value else {
            fail(loc, "string_type", "Input should be a valid string", input: value)
            return nil
        }
        if rejectNUL, text.utf8.contains(0) {
            fail(
                loc, "value_error", "Value error, This value contains invalid characters", input: value,
                ctx: .object(["error": .object([])]))
            return nil
        }
        return text
    }

    /// Polar's "empty string to null" strings: trimmed, and `""` becomes `nil`. A JSON `null`
    /// is `nil` too; `.absent` means the key was not sent at all.
    mutating func trimmedOptional(
        _ value: JSONValue?, at loc: [LocationItem], maxLength: Int? = nil, rejectNUL: Bool = true
    ) -> PatchField<String> {
        guard let value else { return .absent }
        if value == .null { return .null }
        guard let text = string(value, at: loc, rejectNUL: rejectNUL) else { return .absent }
        let trimmed = Self.needsNoTrim(text) ? text : text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .null }
        if let maxLength, trimmed.unicodeScalars.count > maxLength {
            fail(
                loc, "string_too_long", "String should have at most \(maxLength) characters", input: .string(trimmed),
                ctx: .object(["max_length": .integer(maxLength)]))
            return .absent
        }
        return .value(trimmed)
    }

    /// Whether `text` starts and ends with a printable ASCII character, so trimming cannot
    /// change it: the usual case, answered without Foundation's slower trimming.
    private static func needsNoTrim(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last)
    }

    // MARK: Polar's field types

    /// An email address, normalised as Polar's `EmailStr` (domain lower-cased, local part kept).
    mutating func email(_ value: JSONValue, at loc: [LocationItem]) -> String? {
        guard let text = string(value, at: loc) else { return nil }
        switch EmailAddress.normalize(text) {
        case .success(let email): return email
        case .failure(let error):
            fail(
                loc, "value_error", "value is not a valid email address: \(error.reason)", input: value,
                ctx: .object(["reason": .string(error.reason)]))
            return nil
        }
    }

    /// A BCP 47 locale, standardised as Polar does; `""` is an error, not a null.
    mutating func locale(_ value: JSONValue, at loc: [LocationItem]) -> String? {
        guard let text = string(value, at: loc) else { return nil }
        guard let tag = LanguageTag.standardize(text) else {
            fail(
                loc, "value_error", "Value error, Invalid IETF BCP 47 language tag", input: value,
                ctx: .object(["error": .object([])]))
            return nil
        }
        return tag
    }

    /// A UUID that must be version 4, with pydantic's exact parse errors.
    mutating func uuid4(_ value: JSONValue, at loc: [LocationItem]) -> UUID? {
        guard case .string(let text) = value else {
            fail(loc, "uuid_type", "UUID input should be a string, bytes or UUID object", input: value)
            return nil
        }
        switch UUIDText.parse(text) {
        case .failure(let problem):
            fail(
                loc, "uuid_parsing", "Input should be a valid UUID, \(problem.message)", input: value,
                ctx: .object(["error": .string(problem.message)]))
            return nil
        case .success(let uuid):
            guard uuid.uuid.6 >> 4 == 4 else {
                fail(loc, "uuid_version", "UUID version 4 expected", input: value, ctx: .object(["expected_version": 4]))
                return nil
            }
            return uuid
        }
    }

    /// Polar's metadata: at most 50 keys of 1–40 characters; values are strings of 1–500
    /// characters, integers, floats or booleans (a bad value gets one error per union member).
    mutating func metadata(_ value: JSONValue, at loc: [LocationItem]) -> Metadata? {
        guard case .object(let members) = value else {
            fail(loc, "dict_type", "Input should be a valid dictionary", input: value)
            return nil
        }
        let errorCount = errors.count
        var metadata: Metadata = [:]
        for member in members {
            let keyLoc = loc + [.key(member.key)]
            if member.key.isEmpty {
                fail(
                    keyLoc + ["[key]"], "string_too_short", "String should have at least 1 character",
                    input: .string(member.key), ctx: .object(["min_length": 1]))
            } else if member.key.unicodeScalars.count > 40 {
                fail(
                    keyLoc + ["[key]"], "string_too_long", "String should have at most 40 characters",
                    input: .string(member.key), ctx: .object(["max_length": 40]))
            } else if member.key.utf8.contains(0) {
                fail(
                    keyLoc + ["[key]"], "value_error", "Value error, This value contains invalid characters",
                    input: .string(member.key), ctx: .object(["error": .object([])]))
            }
            if let parsed = metadataValue(member.value, at: keyLoc) { metadata[member.key] = parsed }
        }
        let keyCount = Set(members.map(\.key)).count
        if keyCount > 50 {
            fail(
                loc, "too_long", "Dictionary should have at most 50 items after validation, not \(keyCount)",
                input: value, ctx: .object(["field_type": "Dictionary", "max_length": 50, "actual_length": .integer(keyCount)]))
        }
        return errors.count == errorCount ? metadata : nil
    }

    /// One metadata value: pydantic's `str (1 to 500 characters) | int | float | bool`.
    mutating func metadataValue(_ value: JSONValue, at loc: [LocationItem]) -> MetadataValue? {
        switch value {
        case .bool(let flag): return .boolean(flag)
        case .integer(let number): return .integer(number)
        case .number(let number): return .number(number)
        case .string(let text) where (1...500).contains(text.unicodeScalars.count) && !text.utf8.contains(0): return .string(text)
        case .string(let text) where text.utf8.contains(0):
            fail(
                loc + ["constrained-str"], "value_error", "Value error, This value contains invalid characters",
                input: value, ctx: .object(["error": .object([])]))
        case .string(let text):
            if text.isEmpty {
                fail(
                    loc + ["constrained-str"], "string_too_short", "String should have at least 1 character", input: value,
                    ctx: .object(["min_length": 1]))
            } else {
                fail(
                    loc + ["constrained-str"], "string_too_long", "String should have at most 500 characters", input: value,
                    ctx: .object(["max_length": 500]))
            }
            fail(loc + ["int"], "int_parsing", "Input should be a valid integer, unable to parse string as an integer", input: value)
            fail(loc + ["float"], "float_parsing", "Input should be a valid number, unable to parse string as a number", input: value)
            fail(loc + ["bool"], "bool_parsing", "Input should be a valid boolean, unable to interpret input", input: value)
        default:
            fail(loc + ["constrained-str"], "string_type", "Input should be a valid string", input: value)
            fail(loc + ["int"], "int_type", "Input should be a valid integer", input: value)
            fail(loc + ["float"], "float_type", "Input should be a valid number", input: value)
            fail(loc + ["bool"], "bool_type", "Input should be a valid boolean", input: value)
        }
        return nil
    }

    /// Polar's `AddressInput`: country upper-cased and checked, lines trimmed with `""` → null,
    /// US and Canadian states prefixed and checked.
    mutating func address(_ value: JSONValue, at loc: [LocationItem]) -> Address? {
        guard requireObject(value, at: loc) else { return nil }
        let errorCount = errors.count
        func line(_ key: String) -> String? {
            trimmedOptional(value[key], at: loc + [.key(key)], rejectNUL: false).value
        }
        let line1 = line("line1")
        let line2 = line("line2")
        let postalCode = line("postal_code")
        let city = line("city")
        let state = line("state")
        var country: String?
        if let raw = value["country"] {
            if let text = string(raw, at: loc + ["country"], rejectNUL: false) {
                let upper = text.uppercased()
                if Countries.isValidInput(upper) {
                    country = upper
                } else {
                    let expected = Self.choices(Countries.input)
                    fail(
                        loc + ["country"], "enum", "Input should be \(expected)", input: .string(upper),
                        ctx: .object(["expected": .string(expected)]))
                }
            }
        } else {
            fail(loc + ["country"], "missing", "Field required", input: value)
        }
        guard errors.count == errorCount, let country else { return nil }
        switch Countries.normalizeState(state, country: country) {
        case .failure(let error):
            fail(loc, "value_error", "Value error, \(error.message)", input: value, ctx: .object(["error": .object([])]))
            return nil
        case .success(let state):
            return Address(line1: line1, line2: line2, postalCode: postalCode, city: city, state: state, country: country)
        }
    }

    /// A boolean in pydantic's lax mode: JSON booleans, 0 and 1, and the strings Python's
    /// settings parsers know (`"yes"`, `"off"`, `"T"`, …).
    mutating func bool(_ value: JSONValue, at loc: [LocationItem]) -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .integer(let number) where number == 0 || number == 1: return number == 1
        case .number(let number) where number == 0 || number == 1: return number == 1
        case .string(let text):
            switch text.lowercased() {
            case "1", "on", "t", "true", "y", "yes": return true
            case "0", "off", "f", "false", "n", "no": return false
            default: break
            }
            fail(loc, "bool_parsing", "Input should be a valid boolean, unable to interpret input", input: value)
        case .integer, .number:
            fail(loc, "bool_parsing", "Input should be a valid boolean, unable to interpret input", input: value)
        default:
            fail(loc, "bool_type", "Input should be a valid boolean", input: value)
        }
        return nil
    }

    /// Checks that a model's input is an object. FastAPI validates bodies with `from_attributes`,
    /// so the error is `model_attributes_type` at every depth.
    mutating func requireObject(_ value: JSONValue, at loc: [LocationItem]) -> Bool {
        guard case .object = value else {
            fail(
                loc, "model_attributes_type", "Input should be a valid dictionary or object to extract fields from",
                input: value)
            return false
        }
        return true
    }

    /// pydantic's way of listing allowed values: `'a', 'b' or 'c'`.
    static func choices(_ values: [String]) -> String {
        let quoted = values.map { "'\($0)'" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }
}
