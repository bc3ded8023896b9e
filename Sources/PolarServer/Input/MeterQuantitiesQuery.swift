import Foundation
import PolarCompatibility
import PolarModels

/// The query of `GET /v1/meters/{id}/quantities`, validated as Polar validates it.
struct MeterQuantitiesQuery: Sendable {
    var metadata: [(key: String, values: [String])]
    var start: Int64 = 0
    var end: Int64 = 0
    var interval: MeterQuantities.Interval = .day
    var timeZone = TimeZone(identifier: "UTC")!
    var customerIDs: [UUID]?
    var externalCustomerIDs: [String]?
    var customerFunction: MeterQuantities.CustomerFunction?

    /// Polar's earliest start: 2023-01-01T00:00:00Z.
    static let earliest: Int64 = 1_672_531_200_000_000

    init(_ query: QueryParameters) throws {
        var reader = InputReader()
        metadata = query.metadataFilter
        func required(_ key: String) -> String? {
            guard let value = query[key] else {
                reader.fail(["query", .key(key)], "missing", "Field required", input: .null)
                return nil
            }
            return value
        }
        if let text = required("start_timestamp"), let start = reader.awareDatetime(.string(text), at: ["query", "start_timestamp"]) {
            if start < Self.earliest {
                reader.fail(
                    ["query", "start_timestamp"], "greater_than_equal", "Input should be greater than or equal to 2023-01-01T00:00:00Z",
                    input: .string(text), ctx: .object(["ge": "2023-01-01T00:00:00Z"]))
            }
            self.start = start
        }
        if let text = required("end_timestamp"), let end = reader.awareDatetime(.string(text), at: ["query", "end_timestamp"]) {
            self.end = end
        }
        if let text = required("interval"),
            let interval = reader.choice(.string(text), at: ["query", "interval"], MeterQuantities.Interval.allCases.map(\.rawValue))
        {
            self.interval = MeterQuantities.Interval(rawValue: interval)!
        }
        if let name = query["timezone"] {
            if let zone = TimeZone(identifier: name) {
                timeZone = zone
            } else {
                reader.fail(["query", "timezone"], "TimeZoneName", "Invalid timezone name.", input: .string(name))
            }
        }
        customerIDs = reader.uuids(query, "customer_id")
        let externalIDs = query.values("external_customer_id")
        externalCustomerIDs = externalIDs.isEmpty ? nil : externalIDs
        customerFunction = query["customer_aggregation_function"].flatMap {
            reader.choice(.string($0), at: ["query", "customer_aggregation_function"], MeterQuantities.CustomerFunction.allCases.map(\.rawValue))
        }.flatMap(MeterQuantities.CustomerFunction.init(rawValue:))
        try reader.check()
    }

    /// Polar's range rule, checked once the meter is found: the start not after the end, and
    /// the days between them within what the interval allows.
    func checkRange() throws {
        let day = Double(86_400_000_000)
        let days = Int64((Double(end) / day).rounded(.down) - (Double(start) / day).rounded(.down))
        guard start > end || days > interval.maxDays else { return }
        let shown: [JSONValue] = [
            .string(SubscriptionRecord.isoformat(start)), .string(SubscriptionRecord.isoformat(end)), .string(interval.rawValue),
        ]
        throw APIError.validation(
            [
                ValidationError(
                    loc: ["query"], msg: "The interval is too small for the given date range. Use a larger interval or reduce the date range.",
                    type: "value_error", input: .array(shown))
            ], kind: .business)
    }
}
