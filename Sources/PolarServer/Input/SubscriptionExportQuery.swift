import Foundation
import PolarCompatibility
import PolarModels

/// The query of `GET /v1/subscriptions/export`, validated as Polar validates it.
struct SubscriptionExportQuery: Sendable {
    var organizationIDs: [UUID]?
    var filter = SubscriptionFilter()
    var timeZone = TimeZone(identifier: "UTC")!
    var columns = SubscriptionCSV.Column.defaults

    init(_ query: QueryParameters) throws {
        var reader = InputReader()
        organizationIDs = reader.organizationIDs(query)
        filter.productIDs = reader.uuids(query, "product_id")
        filter.statuses = reader.choices(query, "status", SubscriptionRecord.statuses)
        filter.cancelAtPeriodEnd = query["cancel_at_period_end"].flatMap { reader.bool($0, at: ["query", "cancel_at_period_end"]) }
        filter.startedAfter = query["started_after"].flatMap { reader.awareDatetime(.string($0), at: ["query", "started_after"]) }
        filter.startedBefore = query["started_before"].flatMap { reader.awareDatetime(.string($0), at: ["query", "started_before"]) }
        if let name = query["timezone"] {
            if let zone = TimeZone(identifier: name) {
                timeZone = zone
            } else {
                reader.fail(
                    ["query", "timezone"], "value_error", "Value error, '\(name)' is not a valid IANA time zone", input: .string(name),
                    ctx: .object(["error": .object([])]))
            }
        }
        if let columns = reader.choices(query, "columns", SubscriptionCSV.Column.allCases.map(\.rawValue)) {
            self.columns = columns.compactMap(SubscriptionCSV.Column.init(rawValue:))
        }
        filter.startedOnly = true
        filter.sorting = [.startedAtDescending]
        try reader.check()
    }
}
