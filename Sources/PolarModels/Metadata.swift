/// One value of Polar's key-value `metadata`: a string, an integer, a float or a boolean.
///
/// Integers and floats stay apart on the wire (`1` is not `1.0`), because Polar keeps the
/// JSON type it was given and metadata filters compare the value's JSON text.
public enum MetadataValue: Sendable, Hashable {
    /// A string of 1 to 500 characters.
    case string(String)
    /// An integer.
    case integer(Int)
    /// A float; `1.0` stays a float.
    case number(Double)
    /// A boolean.
    case boolean(Bool)
}

/// Polar's `metadata` object.
public typealias Metadata = [String: MetadataValue]

extension MetadataValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .boolean(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .boolean(let value): try container.encode(value)
        }
    }
}

extension MetadataValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral
{
    /// Creates a string value from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Creates an integer value from a literal.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// Creates a float value from a literal.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// Creates a boolean value from a literal.
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
}

/// Encodes metadata with its keys in the order PostgreSQL's `jsonb` keeps them (shorter keys
/// first, then bytewise), the order Polar's responses show.
struct OrderedMetadata: Encodable {
    let metadata: Metadata

    static func keys(_ metadata: Metadata) -> [String] {
        metadata.keys.sorted { lhs, rhs in
            lhs.utf8.count != rhs.utf8.count ? lhs.utf8.count < rhs.utf8.count : lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        for key in Self.keys(metadata) { try container.encode(metadata[key]!, forKey: AnyKey(key)) }
    }
}

extension Dictionary where Key == String, Value == MetadataValue {
    /// The keys in the order Polar's responses list them.
    public var orderedKeys: [String] { OrderedMetadata.keys(self) }
}

extension MetadataValue {
    /// The metadata value a JSON value holds, if it is one of the four kinds.
    public init?(json: JSONValue) {
        switch json {
        case .string(let value): self = .string(value)
        case .integer(let value): self = .integer(value)
        case .number(let value): self = .number(value)
        case .bool(let value): self = .boolean(value)
        case .null, .array, .object: return nil
        }
    }
}
