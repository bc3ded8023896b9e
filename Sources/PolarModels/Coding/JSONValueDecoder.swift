import Foundation

/// Decodes any `Decodable` from a ``JSONValue``, keeping the integer/float distinction that
/// Foundation's `JSONDecoder` loses (it decodes `2.0` as the integer `2`).
///
/// Numbers are strict: an `Int` only decodes from a JSON integer, so ``MetadataValue`` and
/// ``JSONValue`` read `2.0` as a float and `2` as an integer. A `Double` decodes from either.
///
/// ```swift
/// let customer = try JSONValueDecoder().decode(Customer.self, from: responseBytes)
/// ```
package struct JSONValueDecoder: Sendable {
    /// Creates a decoder.
    package init() {}

    /// Decodes a value of `type` from an already parsed JSON value.
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - value: The JSON to decode it from.
    /// - Returns: The decoded value.
    /// - Throws: `DecodingError` when the JSON does not fit the type.
    package func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value, codingPath: []).unbox(type)
    }

    /// Parses UTF-8 JSON text, then decodes a value of `type` from it.
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - bytes: A complete JSON document.
    /// - Returns: The decoded value.
    /// - Throws: ``JSONSyntaxError`` for malformed text, `DecodingError` when the JSON does not fit the type.
    package func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try decode(type, from: try JSONValue.parse(bytes))
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: JSONValue].self) }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let values) = value else { throw mismatch([JSONValue].self) }
        return UnkeyedContainer(values: values, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleContainer(decoder: self) }

    func mismatch(_ type: Any.Type) -> DecodingError {
        DecodingError.typeMismatch(
            type, .init(codingPath: codingPath, debugDescription: "Expected \(type), found \(value.kindDescription)"))
    }

    /// Decodes `type` from this decoder's value, reading primitives directly.
    func unbox<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is JSONValue.Type: return value as! T
        case is Bool.Type:
            guard case .bool(let flag) = value else { throw mismatch(type) }
            return flag as! T
        case is String.Type:
            guard case .string(let text) = value else { throw mismatch(type) }
            return text as! T
        case is Double.Type: return try double() as! T
        case is Float.Type: return Float(try double()) as! T
        case is Int.Type: return try integer(Int.self) as! T
        case is Int8.Type: return try integer(Int8.self) as! T
        case is Int16.Type: return try integer(Int16.self) as! T
        case is Int32.Type: return try integer(Int32.self) as! T
        case is Int64.Type: return try integer(Int64.self) as! T
        case is UInt.Type: return try integer(UInt.self) as! T
        case is UInt8.Type: return try integer(UInt8.self) as! T
        case is UInt16.Type: return try integer(UInt16.self) as! T
        case is UInt32.Type: return try integer(UInt32.self) as! T
        case is UInt64.Type: return try integer(UInt64.self) as! T
        case is Date.Type:
            // Polar writes dates as RFC 3339 text, never as Foundation's reference-date seconds.
            guard case .string(let text) = value, let micros = PolarTimestamp.parseMicroseconds(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "Not an RFC 3339 timestamp"))
            }
            return PolarTimestamp.date(microseconds: micros) as! T
        default: return try T(from: self)
        }
    }

    func double() throws -> Double {
        switch value {
        case .number(let number): return number
        case .integer(let number): return Double(number)
        default: throw mismatch(Double.self)
        }
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard case .integer(let number) = value else { throw mismatch(type) }
        guard let exact = I(exactly: number) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(number) does not fit in \(type)"))
        }
        return exact
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let allKeys: [Key]
    let codingPath: [any CodingKey]

    init(members list: [JSONValue.Member], codingPath: [any CodingKey]) {
        // Python's `json` keeps the last of duplicate keys; so do we.
        var members: [String: JSONValue] = [:]
        var keys: [Key] = []
        for member in list {
            if members.updateValue(member.value, forKey: member.key) == nil, let key = Key(stringValue: member.key) {
                keys.append(key)
            }
        }
        self.members = members
        self.allKeys = keys
        self.codingPath = codingPath
    }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    func child(_ key: Key) throws -> ValueDecoder {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value for key \"\(key.stringValue)\""))
        }
        return ValueDecoder(value: value, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).value == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).unbox(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).unbox(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).unbox(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).unbox(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).unbox(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).unbox(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).unbox(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).unbox(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).unbox(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).unbox(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).unbox(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).unbox(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).unbox(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).unbox(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).unbox(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: members["super"] ?? .null, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let values: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(values: [JSONValue], codingPath: [any CodingKey]) {
        self.values = values
        self.codingPath = codingPath
    }

    var count: Int? { values.count }
    var isAtEnd: Bool { currentIndex >= values.count }

    mutating func next() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                JSONValue.self, .init(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "Unkeyed container is at end"))
        }
        defer { currentIndex += 1 }
        return ValueDecoder(value: values[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, values[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().unbox(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next().unbox(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().unbox(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next().unbox(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().unbox(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().unbox(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().unbox(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().unbox(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().unbox(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().unbox(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().unbox(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().unbox(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().unbox(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().unbox(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().unbox(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.unbox(type) }
    func decode(_ type: String.Type) throws -> String { try decoder.unbox(type) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.unbox(type) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.unbox(type) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.unbox(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.unbox(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.unbox(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.unbox(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.unbox(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.unbox(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.unbox(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.unbox(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.unbox(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.unbox(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.unbox(type) }
}

extension JSONValue {
    /// A word for the kind of value, for error messages.
    fileprivate var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .number: "a float"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
