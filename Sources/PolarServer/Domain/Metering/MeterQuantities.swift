import Foundation
import PolarModels

/// Polar's meter quantities (`GET /v1/meters/{id}/quantities`): a series of timestamps from the
/// start, one interval apart in the given time zone, each with the meter's aggregate over the
/// events of its whole calendar period (an hour, day, ISO week, month or year), as Polar's SQL
/// groups `date_trunc(interval, timestamp)`.
struct MeterQuantities {
    enum Interval: String, CaseIterable, Sendable {
        case year, month, week, day, hour

        /// The longest range Polar answers for each interval, in days.
        var maxDays: Int64 {
            switch self {
            case .hour: 7
            case .day: 366
            case .week: 371
            case .month: 1460
            case .year: 3650
            }
        }

        var period: Calendar.Component {
            switch self {
            case .year: .year
            case .month: .month
            case .week: .weekOfYear
            case .day: .day
            case .hour: .hour
            }
        }
    }

    /// How per-customer values combine in a bucket (`customer_aggregation_function`).
    enum CustomerFunction: String, CaseIterable, Sendable { case count, sum, max, min, avg, unique }

    let aggregation: MeterAggregation
    let interval: Interval
    let calendar: Calendar
    /// The series, in microseconds: the start, then one interval after another while not past the end.
    let buckets: [Int64]

    init(aggregation: MeterAggregation, interval: Interval, timeZone: TimeZone, start: Int64, end: Int64) {
        self.aggregation = aggregation
        self.interval = interval
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = timeZone
        self.calendar = calendar
        var buckets: [Int64] = []
        var current = PolarTimestamp.date(microseconds: start)
        let last = PolarTimestamp.date(microseconds: end)
        // Each step from the previous one, as PostgreSQL's generate_series adds its interval.
        let (component, amount): (Calendar.Component, Int) = interval == .week ? (.day, 7) : (interval.period, 1)
        while current <= last {
            buckets.append(PolarTimestamp.microseconds(of: current))
            guard let next = calendar.date(byAdding: component, value: amount, to: current) else { break }
            current = next
        }
        self.buckets = buckets
    }

    /// The start of the period holding `microseconds`, in microseconds.
    func period(of microseconds: Int64) -> Int64 {
        let date = PolarTimestamp.date(microseconds: microseconds)
        return PolarTimestamp.microseconds(of: calendar.dateInterval(of: interval.period, for: date)?.start ?? date)
    }

    /// The events that can count: those from the first bucket's period to the end of the last's.
    var eventRange: (from: Int64, to: Int64) {
        let first = period(of: buckets.first ?? 0)
        let lastDate = PolarTimestamp.date(microseconds: buckets.last ?? 0)
        let end = calendar.dateInterval(of: interval.period, for: lastDate)?.end ?? lastDate
        return (first, PolarTimestamp.microseconds(of: end))
    }

    /// Each bucket's quantity from the events (with the customer each counts for), and the total.
    /// `allTime` is the meter's aggregate over every matching event, which Polar's total is for
    /// `avg` and `unique` meters.
    func quantities(
        _ events: [(event: MeteredEvent, timestamp: Int64, customer: String?)], customerFunction: CustomerFunction?, allTime: Double
    ) -> (quantities: [(timestamp: Int64, quantity: Double)], total: Double) {
        var byPeriod: [Int64: [String?: Accumulator]] = [:]
        for (event, timestamp, customer) in events {
            let key = customerFunction == nil ? nil : customer
            byPeriod[period(of: timestamp), default: [:]][key, default: Accumulator(aggregation: aggregation)].add(event)
        }
        let quantities = buckets.map { bucket -> (timestamp: Int64, quantity: Double?) in
            guard let groups = byPeriod[period(of: bucket)] else { return (bucket, nil) }
            guard let customerFunction else { return (bucket, groups.values.first?.value) }
            return (bucket, Self.combine(groups.values.map(\.value), customerFunction))
        }
        let values = quantities.compactMap(\.quantity)
        let total: Double =
            switch aggregation {
            case _ where totalIsAllTime: allTime
            case .property(.max, _): values.max() ?? 0
            case .property(.min, _): values.min() ?? 0
            default: values.reduce(0, +)
            }
        return (quantities.map { ($0.timestamp, $0.quantity ?? 0) }, total)
    }

    /// Whether the total is the meter's aggregate over all time (`avg`, `unique`), not over the buckets.
    var totalIsAllTime: Bool {
        switch aggregation {
        case .property(.avg, _), .unique: true
        default: false
        }
    }

    private static func combine(_ values: [Double], _ function: CustomerFunction) -> Double {
        switch function {
        case .count: Double(values.count)
        case .sum: values.reduce(0, +)
        case .max: values.max() ?? 0
        case .min: values.min() ?? 0
        case .avg: values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        case .unique: Double(Set(values).count)
        }
    }

    /// The meter's aggregate over some events, as Polar's SQL aggregate computes it.
    struct Accumulator {
        let aggregation: MeterAggregation
        var totals = MeterTotals()
        var seen: Set<String> = []

        mutating func add(_ event: MeteredEvent) {
            let isNew = aggregation.uniqueKey(of: event).map { seen.insert($0).inserted } ?? false
            totals.add(event, aggregation: aggregation, isNewValue: isNew)
        }

        var value: Double { totals.value(aggregation) }
    }
}
