import PolarModels

extension JSONValue {
    /// A stored timestamp as Polar writes it, or `null`.
    static func timestamp(_ microseconds: Int64?) -> JSONValue {
        microseconds.map { .string(PolarTimestamp.format(microseconds: $0)) } ?? .null
    }

    /// Text for a JSON column.
    var text: String { String(decoding: serialized, as: UTF8.self) }
}

extension Dictionary where Key == String, Value == MetadataValue {
    /// Metadata as a JSON object, keys in Polar's order.
    var wire: JSONValue {
        .object(orderedKeys.map { key in
            let value: JSONValue =
                switch self[key]! {
                case .string(let text): .string(text)
                case .integer(let number): .integer(number)
                case .number(let number): .number(number)
                case .boolean(let flag): .bool(flag)
                }
            return JSONValue.Member(key, value)
        })
    }
}
