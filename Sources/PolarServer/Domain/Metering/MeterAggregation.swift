import PolarModels

/// Polar's meter aggregation: `count`, a function of a numeric property (`sum`, `max`, `min`,
/// `avg`), or `unique` values of a metadata property. A `metadata.` prefix is dropped.
enum MeterAggregation: Sendable, Hashable {
    enum Function: String, Sendable, CaseIterable { case sum, max, min, avg }

    case count
    case property(Function, property: String)
    case unique(property: String)

    /// The number an event contributes to a property aggregation: Polar counts only events
    /// whose property is a JSON number (or the integer `timestamp` column).
    static func number(of property: String, in event: MeteredEvent) -> Double? {
        switch property {
        case "timestamp": return Double(event.timestampSeconds)
        case "name", "source": return nil
        default:
            switch event.metadata(at: property) {
            case .integer(let number)?: return Double(number)
            case .number(let number)?: return number
            default: return nil
            }
        }
    }
}

/// An event as metering sees it.
struct MeteredEvent: Sendable {
    var name: String
    var source: String
    var timestampSeconds: Int64
    var metadata: [String: JSONValue]

    /// The metadata value at a dotted path (`_llm.total_tokens`), through nested objects, as
    /// Polar's filters and aggregations read it.
    func metadata(at path: String) -> JSONValue? {
        var keys = path.split(separator: ".", omittingEmptySubsequences: false)[...]
        guard let first = keys.popFirst(), var value = metadata[String(first)] else { return nil }
        for key in keys {
            guard let next = value[String(key)] else { return nil }
            value = next
        }
        return value
    }
}

/// Running totals from which any aggregation's value follows, kept per customer (and per
/// subscription period) and meter, so reading usage never rescans events.
struct MeterTotals: Sendable, Hashable {
    var eventCount: Int64 = 0
    var numberCount: Int64 = 0
    var numberSum: Double = 0
    var numberMin: Double?
    var numberMax: Double?
    var uniqueCount: Int64 = 0

    /// Adds one matching event. For `unique`, `isNewValue` says whether its value is new to
    /// these totals; the store knows, since it keeps the values seen.
    mutating func add(_ event: MeteredEvent, aggregation: MeterAggregation, isNewValue: Bool) {
        switch aggregation {
        case .count: eventCount += 1
        case .property(_, let property):
            guard let number = MeterAggregation.number(of: property, in: event) else { return }
            numberCount += 1
            numberSum += number
            numberMin = Swift.min(numberMin ?? number, number)
            numberMax = Swift.max(numberMax ?? number, number)
        case .unique:
            if isNewValue { uniqueCount += 1 }
        }
    }

    /// The aggregated value: Polar's SQL aggregate over the events, `0` where it is NULL.
    func value(_ aggregation: MeterAggregation) -> Double {
        switch aggregation {
        case .count: Double(eventCount)
        case .property(.sum, _): numberSum
        case .property(.max, _): numberMax ?? 0
        case .property(.min, _): numberMin ?? 0
        case .property(.avg, _): numberCount == 0 ? 0 : numberSum / Double(numberCount)
        case .unique: Double(uniqueCount)
        }
    }
}

extension MeterAggregation {
    /// The distinct-value key of an event for `unique`: its JSON value, so `1` and `"1"`
    /// differ as they do in PostgreSQL's `COUNT(DISTINCT jsonb)`; `nil` when absent.
    func uniqueKey(of event: MeteredEvent) -> String? {
        guard case .unique(let property) = self, let value = event.metadata(at: property), value != .null else { return nil }
        return String(decoding: value.serialized, as: UTF8.self)
    }
}
