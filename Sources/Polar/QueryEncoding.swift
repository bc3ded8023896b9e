import Foundation
import PolarModels

/// An ordered list of query parameters, rendered as Polar's Python server reads them:
/// repeated keys for lists (`organization_id=a&organization_id=b`), `key[name]=value` for
/// `deepObject` parameters, and everything but RFC 3986 unreserved characters percent-encoded
/// (so a space is `%20`, `+` is `%2B`, and the brackets of `metadata[plan]` are `%5B`/`%5D`).
struct QueryItems: Sendable {
    private(set) var items: [(name: String, value: String)] = []

    /// Adds `name=value`.
    mutating func add(_ name: String, _ value: String) { items.append((name, value)) }

    /// Adds `name=value` when `value` is not `nil`.
    mutating func add(_ name: String, _ value: String?) {
        if let value { add(name, value) }
    }

    /// Adds an integer when given.
    mutating func add(_ name: String, _ value: Int?) { add(name, value.map(String.init)) }

    /// Adds a boolean as `true`/`false` when given.
    mutating func add(_ name: String, _ value: Bool?) { add(name, value.map { $0 ? "true" : "false" }) }

    /// Adds `name=value` once per value, in order.
    mutating func add(_ name: String, each values: some Sequence<String>) {
        for value in values { add(name, value) }
    }

    /// Adds a `deepObject` parameter: `name[key]=value` per key and per value.
    mutating func add(_ name: String, deepObject filter: MetadataFilter) {
        for condition in filter.conditions {
            for value in condition.values { add("\(name)[\(condition.key)]", value.queryText) }
        }
    }

    /// The encoded query without the leading `?`; empty when there are no items.
    var encoded: String {
        items.map { "\(Self.percentEncode($0.name))=\(Self.percentEncode($0.value))" }.joined(separator: "&")
    }

    /// Percent-encodes all but RFC 3986's unreserved characters, in UTF-8, with upper-case hex.
    static func percentEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A filter on customer metadata, sent as Polar's `metadata` deepObject query parameter:
/// `metadata[plan]=pro&metadata[seats]=1&metadata[seats]=2`.
///
/// Several values for one key match any of them; different keys must all match. Polar compares
/// each value with the stored JSON value written as text, so `true` matches a boolean, `1` an
/// integer, `2.0` only a float written `2.0`, and `"1"` both the string `"1"` and the integer `1`.
///
/// ```swift
/// let page = try await polar.customers.list(metadata: ["plan": "pro", "seats": [1, 2], "beta": true])
/// ```
public struct MetadataFilter: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// The values one key may take.
    public struct Condition: Sendable, Hashable {
        /// The metadata key.
        public var key: String
        /// Matching any of these is enough.
        public var values: [MetadataValue]
    }

    /// The conditions, in the order they are sent.
    public private(set) var conditions: [Condition] = []

    /// An empty filter, which matches every customer.
    public init() {}

    /// Creates a filter from `key: value` or `key: [values]` pairs, kept in order.
    /// - Parameter elements: The pairs; a repeated key adds values to the same condition.
    public init(dictionaryLiteral elements: (String, MetadataFilterValues)...) {
        for (key, values) in elements { add(key, values.values) }
    }

    /// Adds values `key` may take.
    /// - Parameters:
    ///   - key: The metadata key.
    ///   - values: Values to accept for it.
    public mutating func add(_ key: String, _ values: [MetadataValue]) {
        if let index = conditions.firstIndex(where: { $0.key == key }) {
            conditions[index].values.append(contentsOf: values)
        } else {
            conditions.append(Condition(key: key, values: values))
        }
    }

    /// Whether the filter has no condition.
    public var isEmpty: Bool { conditions.allSatisfy(\.values.isEmpty) }
}

/// One or several values in a ``MetadataFilter`` literal: `"pro"`, `1`, `true`, `[1, 2]`.
public struct MetadataFilterValues: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    /// The values.
    public var values: [MetadataValue]
    /// Wraps values.
    public init(_ values: [MetadataValue]) { self.values = values }
    /// A string value.
    public init(stringLiteral value: String) { values = [.string(value)] }
    /// An integer value.
    public init(integerLiteral value: Int) { values = [.integer(value)] }
    /// A float value.
    public init(floatLiteral value: Double) { values = [.number(value)] }
    /// A boolean value.
    public init(booleanLiteral value: Bool) { values = [.boolean(value)] }
    /// Several values.
    public init(arrayLiteral elements: MetadataValue...) { values = elements }
}

extension MetadataValue {
    /// The value as Polar's filter compares it: its JSON text, without quotes for strings.
    var queryText: String {
        switch self {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .number(let number):
            var bytes: [UInt8] = []
            JSONWriter.writeDouble(number, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

/// Percent-encodes one path segment (an external ID), leaving only unreserved characters.
func pathSegment(_ text: String) -> String { QueryItems.percentEncode(text) }
