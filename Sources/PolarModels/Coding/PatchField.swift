/// One field of a PATCH body, with the three states Polar tells apart: absent (leave it
/// alone), `null` (clear it) and a value (set it).
///
/// Encode it with `KeyedEncodingContainer.encode(_:forKey:)` from this file: an absent field
/// writes no key at all, which a plain `Optional` cannot express.
public enum PatchField<Value: Sendable & Hashable>: Sendable, Hashable {
    case absent
    case null
    case value(Value)

    /// The field as an optional, `nil` for both absent and null.
    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    public var isAbsent: Bool {
        if case .absent = self { return true }
        return false
    }
}

extension PatchField: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension KeyedEncodingContainer {
    public mutating func encode<Value: Encodable>(_ field: PatchField<Value>, forKey key: Key) throws {
        switch field {
        case .absent: break
        case .null: try encodeNil(forKey: key)
        case .value(let value): try encode(value, forKey: key)
        }
    }
}

extension KeyedDecodingContainer {
    public func decode<Value: Decodable>(_ type: PatchField<Value>.Type, forKey key: Key) throws -> PatchField<Value> {
        guard contains(key) else { return .absent }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(Value.self, forKey: key))
    }
}
