/// One entry of a 422 body: where the problem is, what kind, a message, and the offending input.
public struct ValidationError: Codable, Sendable, Hashable {
    /// Path into the request: `"body"`, `"query"` or `"path"`, then field names and list indexes.
    public var loc: [LocationItem]
    /// The human-readable message.
    public var msg: String
    /// The error kind, e.g. `missing`, `value_error` or `string_too_long`.
    public var type: String
    /// The offending input as sent; `null` when it was missing.
    public var input: JSONValue
    /// Extra facts for some error types (e.g. `{"max_length": 256}`); `nil` when Polar sends none.
    public var ctx: JSONValue?

    /// Creates a validation error.
    public init(loc: [LocationItem], msg: String, type: String, input: JSONValue, ctx: JSONValue? = nil) {
        self.loc = loc
        self.msg = msg
        self.type = type
        self.input = input
        self.ctx = ctx
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(loc, forKey: .loc)
        try c.encode(msg, forKey: .msg)
        try c.encode(input, forKey: .input)
        try c.encodeIfPresent(ctx, forKey: .ctx)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        loc = try c.decode([LocationItem].self, forKey: .loc)
        msg = try c.decode(String.self, forKey: .msg)
        type = try c.decode(String.self, forKey: .type)
        input = try c.decodeIfPresent(JSONValue.self, forKey: .input) ?? .null
        ctx = try c.decodeIfPresent(JSONValue.self, forKey: .ctx)
    }

    enum CodingKeys: String, CodingKey { case loc, msg, type, input, ctx }
}

/// A step of a ``ValidationError`` location: a field name or a list index.
public enum LocationItem: Codable, Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// A field name, or the part of the request (`body`, `query`, `path`).
    case key(String)
    /// A list index.
    case index(Int)

    /// Creates a field-name step from a literal.
    public init(stringLiteral value: String) { self = .key(value) }
    /// Creates a list-index step from a literal.
    public init(integerLiteral value: Int) { self = .index(value) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let index = try? container.decode(Int.self) {
            self = .index(index)
        } else {
            self = .key(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .key(let key): try container.encode(key)
        case .index(let index): try container.encode(index)
        }
    }
}

/// Polar's 422 body. `error` is `RequestValidationError` for schema problems and
/// `PolarRequestValidationError` for business rules (duplicates, tax IDs, ...).
public struct HTTPValidationError: Codable, Sendable, Hashable, Error {
    /// `RequestValidationError` or `PolarRequestValidationError`; `nil` when the body has none.
    public var error: String?
    /// The problems found, in the order Polar lists them.
    public var detail: [ValidationError]

    /// Creates a 422 body.
    public init(error: String?, detail: [ValidationError]) {
        self.error = error
        self.detail = detail
    }
}
