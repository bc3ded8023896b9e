import PolarModels

/// Polar's meter `Filter`: clauses joined by `and` or `or`, nested at will. Evaluated in
/// Swift as events arrive, with the semantics of Polar's SQL: `name`, `source` and
/// `timestamp` (epoch seconds) are event columns; any other property is a metadata key
/// (a `metadata.` prefix is dropped), compared by the JSON type of the stored value.
struct MeterFilter: Sendable, Hashable {
    enum Conjunction: String, Sendable { case and, or }

    indirect enum Clause: Sendable, Hashable {
        case comparison(property: String, operator: Operator, value: Value)
        case filter(MeterFilter)
    }

    enum Operator: String, Sendable, CaseIterable { case eq, ne, gt, gte, lt, lte, like, not_like }

    /// A clause's value: pydantic's `str | int | bool`, where a JSON boolean stays a boolean.
    enum Value: Sendable, Hashable {
        case string(String)
        case integer(Int)
        case bool(Bool)
    }

    var conjunction: Conjunction
    var clauses: [Clause]

    /// An empty clause list matches every event, as Polar's `and_(true)`.
    func matches(_ event: MeteredEvent) -> Bool {
        switch conjunction {
        case .and: clauses.allSatisfy { $0.matches(event) }
        case .or: clauses.isEmpty || clauses.contains { $0.matches(event) }
        }
    }
}

extension MeterFilter.Clause {
    func matches(_ event: MeteredEvent) -> Bool {
        switch self {
        case .filter(let filter): return filter.matches(event)
        case .comparison(let property, let op, let value):
            switch property {
            case "name": return Self.compareColumn(event.name, op, value)
            case "source": return Self.compareColumn(event.source, op, value)
            case "timestamp":
                // Polar allows only integers here; a Python bool is an int, so it compares as 0/1.
                switch value {
                case .integer(let number): return Self.order(event.timestampSeconds, op, Int64(number))
                case .bool(let flag): return Self.order(event.timestampSeconds, op, flag ? 1 : 0)
                case .string: return false
                }
            default: return Self.compareMetadata(event.metadata[property], op, value)
            }
        }
    }

    /// A string column matches only a string value.
    private static func compareColumn(_ column: String, _ op: MeterFilter.Operator, _ value: MeterFilter.Value) -> Bool {
        guard case .string(let text) = value else { return false }
        return compare(column, op, text)
    }

    private static func compareMetadata(_ stored: JSONValue?, _ op: MeterFilter.Operator, _ value: MeterFilter.Value) -> Bool {
        guard let stored, stored != .null else { return false }
        if op == .like || op == .not_like {
            guard let text = stored.textForm else { return false }
            return compare(text, op, value.textForm)
        }
        switch (stored, value) {
        case (.string(let text), _): return compare(text, op, value.textForm)
        case (.integer(let number), .integer(let wanted)): return order(number, op, wanted)
        case (.integer(let number), .bool(let flag)): return order(number, op, flag ? 1 : 0)
        // PostgreSQL casts a JSON number to integer by rounding it.
        case (.number(let number), .integer(let wanted)): return order(Int(number.rounded()), op, wanted)
        case (.number(let number), .bool(let flag)): return order(Int(number.rounded()), op, flag ? 1 : 0)
        case (.bool(let flag), .bool(let wanted)): return order(flag ? 1 : 0, op, wanted ? 1 : 0)
        default: return false
        }
    }

    private static func order<T: Comparable>(_ lhs: T, _ op: MeterFilter.Operator, _ rhs: T) -> Bool {
        switch op {
        case .eq: lhs == rhs
        case .ne: lhs != rhs
        case .gt: lhs > rhs
        case .gte: lhs >= rhs
        case .lt: lhs < rhs
        case .lte: lhs <= rhs
        case .like, .not_like: false
        }
    }

    private static func compare(_ lhs: String, _ op: MeterFilter.Operator, _ rhs: String) -> Bool {
        switch op {
        case .like: SQLLike.matches(lhs, pattern: "%" + rhs + "%")
        case .not_like: !SQLLike.matches(lhs, pattern: "%" + rhs + "%")
        default: order(lhs, op, rhs)
        }
    }
}

extension MeterFilter.Value {
    /// How Polar renders the value for a text comparison: booleans as PostgreSQL's `t`/`f`.
    var textForm: String {
        switch self {
        case .string(let text): text
        case .integer(let number): String(number)
        case .bool(let flag): flag ? "t" : "f"
        }
    }
}

extension JSONValue {
    /// The value as PostgreSQL's `->>` renders it, for LIKE.
    fileprivate var textForm: String? {
        switch self {
        case .string(let text): text
        case .integer(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: nil
        case .number, .array, .object: String(decoding: serialized, as: UTF8.self)
        }
    }
}

/// SQL's LIKE: `%` any run, `_` any one character, case-sensitive as in PostgreSQL.
enum SQLLike {
    static func matches(_ text: String, pattern: String) -> Bool {
        matches(Array(text.unicodeScalars)[...], Array(pattern.unicodeScalars)[...])
    }

    private static func matches(_ text: ArraySlice<Unicode.Scalar>, _ pattern: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case "%":
            let rest = pattern.dropFirst()
            if rest.isEmpty { return true }
            var candidate = text
            while true {
                if matches(candidate, rest) { return true }
                guard !candidate.isEmpty else { return false }
                candidate = candidate.dropFirst()
            }
        case "_":
            return !text.isEmpty && matches(text.dropFirst(), pattern.dropFirst())
        default:
            return text.first == first && matches(text.dropFirst(), pattern.dropFirst())
        }
    }
}
