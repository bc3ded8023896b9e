/// One field of a PATCH body, with the three states Polar tells apart: absent (leave it
/// alone), `null` (clear it) and a value (set it).
///
/// Encode it with `KeyedEncodingContainer.encode(_:forKey:)` from this file: an absent field
/// writes no key at all, which a plain `Optional` cannot express.
public enum PatchField<Value: Sendable & Hashable>: Sendable, Hashable {
    /// Not sent: leave the field alone.
    case absent
    /// Sent as `null`: clear the field.
    case null
    /// Sent with this value: set the field.
    case value(Value)

    /// The field as an optional, `nil` for both absent and null.
    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// Whether the field is left out of the body.
    public var isAbsent: Bool {
        if case .absent = self { return true }
        return false
    }
}

extension PatchField: ExpressibleByNilLiteral {
    /// Creates `.null` from `nil`: clear the field.
    public init(nilLiteral: ()) { self = .null }
}

extension KeyedEncodingContainer {
    /// Writes the field: no key when absent, `null` when null, else the value.
    public mutating func encode<Value: Encodable>(_ field: PatchField<Value>, forKey key: Key) throws {
        switch field {
        case .absent: break
        case .null: try encodeNil(forKey: key)
        case .value(let value): try encode(value, forKey: key)
        }
    }
}

extension KeyedDecodingContainer {
    /// Reads the field: absent when the key is missing, null for `null`, else the value.
    public func decode<Value: Decodable>(_ type: PatchField<Value>.Type, forKey key: Key) throws -> PatchField<Value> {
        guard contains(key) else { return .absent }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(Value.self, forKey: key))
    }
}
