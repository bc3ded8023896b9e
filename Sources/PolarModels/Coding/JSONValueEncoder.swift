/// Encodes any `Encodable` into a ``JSONValue``, keeping keys in the order they are encoded
/// and floats as floats, which Foundation's `JSONEncoder` does not (it writes `2.0` as `2`).
package enum JSONValueEncoder {
    package static func encode(_ value: some Encodable) throws -> JSONValue {
        let encoder = ValueEncoder(codingPath: [])
        try value.encode(to: encoder)
        return encoder.storage.value
    }

    package static func serialize(_ value: some Encodable) throws -> [UInt8] {
        try encode(value).serialized
    }
}

/// A mutable slot that containers write into; nested containers hold references to their slot.
private final class Slot {
    enum Content {
        case value(JSONValue)
        case object([(String, Slot)])
        case array([Slot])
    }

    var content: Content = .value(.null)

    var value: JSONValue {
        switch content {
        case .value(let value): value
        case .object(let members): .object(members.map { JSONValue.Member($0.0, $0.1.value) })
        case .array(let elements): .array(elements.map(\.value))
        }
    }
}

private final class ValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let storage: Slot

    init(codingPath: [any CodingKey], storage: Slot = Slot()) {
        self.codingPath = codingPath
        self.storage = storage
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = storage.content {} else { storage.content = .object([]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(slot: storage, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = storage.content {} else { storage.content = .array([]) }
        return UnkeyedContainer(slot: storage, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(slot: storage, codingPath: codingPath)
    }
}

private func encodeValue(_ value: some Encodable, codingPath: [any CodingKey]) throws -> Slot {
    let slot = Slot()
    switch value {
    case let double as Double: slot.content = .value(.number(double))
    case let float as Float: slot.content = .value(.number(Double(float)))
    case let string as String: slot.content = .value(.string(string))
    case let bool as Bool: slot.content = .value(.bool(bool))
    case let int as Int: slot.content = .value(.integer(int))
    case let json as JSONValue: slot.content = .value(json)
    default: try value.encode(to: ValueEncoder(codingPath: codingPath, storage: slot))
    }
    return slot
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    let codingPath: [any CodingKey]

    private func set(_ key: Key, _ child: Slot) {
        guard case .object(var members) = slot.content else { return }
        if let index = members.firstIndex(where: { $0.0 == key.stringValue }) {
            members[index].1 = child
        } else {
            members.append((key.stringValue, child))
        }
        slot.content = .object(members)
    }

    mutating func encodeNil(forKey key: Key) throws {
        let child = Slot()
        set(key, child)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(key, try encodeValue(value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = Slot()
        set(key, child)
        return ValueEncoder(codingPath: codingPath + [key], storage: child).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = Slot()
        set(key, child)
        return ValueEncoder(codingPath: codingPath + [key], storage: child).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder(codingPath: codingPath, storage: slot) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = Slot()
        set(key, child)
        return ValueEncoder(codingPath: codingPath + [key], storage: child)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]
    var count: Int {
        if case .array(let elements) = slot.content { return elements.count }
        return 0
    }

    private func append(_ child: Slot) {
        guard case .array(var elements) = slot.content else { return }
        elements.append(child)
        slot.content = .array(elements)
    }

    mutating func encodeNil() throws { append(Slot()) }
    mutating func encode<T: Encodable>(_ value: T) throws { append(try encodeValue(value, codingPath: codingPath)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = Slot()
        append(child)
        return ValueEncoder(codingPath: codingPath, storage: child).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = Slot()
        append(child)
        return ValueEncoder(codingPath: codingPath, storage: child).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = Slot()
        append(child)
        return ValueEncoder(codingPath: codingPath, storage: child)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        slot.content = try encodeValue(value, codingPath: codingPath).content
    }
}
