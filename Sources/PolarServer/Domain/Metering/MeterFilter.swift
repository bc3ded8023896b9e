import PolarModels

/// Polar's meter `Filter`: clauses joined by `and` or `or`, nested at will. Evaluated in
/// Swift as events arrive, with the semantics of Polar's SQL: `name`, `source` and
/// `timestamp` (epoch seconds) are event columns; any other property is a dotted metadata
/// path (a `metadata.` prefix is dropped), compared by the JSON type of the stored value.
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
                let number: Int64
                switch value {
                case .integer(let integer): number = Int64(integer)
                case .bool(let flag): number = flag ? 1 : 0
                case .string: return false
                }
                // LIKE compares the epoch as text.
                if op == .like || op == .not_like { return Self.compare(String(event.timestampSeconds), op, value.textForm) }
                return Self.order(event.timestampSeconds, op, number)
            default: return Self.compareMetadata(event.metadata(at: property), op, value)
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
        // Polar compares a JSON number as a float with the integer (a boolean is 0 or 1).
        case (.integer(let number), .integer), (.integer(let number), .bool): return order(Double(number), op, value.doubleValue!)
        case (.number(let number), .integer), (.number(let number), .bool): return order(number, op, value.doubleValue!)
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

    /// `like` is Polar's `contains(value, autoescape=True)`: `%` and `_` in the value are literal.
    private static func compare(_ lhs: String, _ op: MeterFilter.Operator, _ rhs: String) -> Bool {
        switch op {
        case .like: lhs.unicodeScalars.firstRange(of: rhs.unicodeScalars) != nil
        case .not_like: lhs.unicodeScalars.firstRange(of: rhs.unicodeScalars) == nil
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

    /// The value as a number, for comparison with a JSON number.
    var doubleValue: Double? {
        switch self {
        case .string: nil
        case .integer(let number): Double(number)
        case .bool(let flag): flag ? 1 : 0
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
