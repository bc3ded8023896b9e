import Foundation
import PolarModels

/// A `PATCH /v1/meters/{id}` body (Polar's `MeterUpdate`): every field optional. `filter` and
/// `aggregation` count as sent even when `null`, for the rule that locks them once the meter
/// aggregates events.
struct MeterUpdateInput: Sendable {
    var metadata: Metadata?
    /// `nil` when absent, or `null` (which Polar cannot store): unchanged.
    var name: String?
    var unit: String?
    var customLabel: PatchField<String> = .absent
    var customMultiplier: PatchField<Int> = .absent
    var filter: MeterFilter?
    var aggregation: MeterAggregation?
    var sentFilter = false
    var sentAggregation = false
    var isArchived: Bool?

    init(body: JSONValue?) throws {
        let body = try InputReader.object(body)
        var reader = InputReader()
        let loc: [LocationItem] = ["body"]
        metadata = body["metadata"].flatMap { reader.metadata($0, at: loc + ["metadata"]) }
        name = reader.optional(body, "name").flatMap { reader.string($0, at: loc + ["name"], minLength: 3) }
        unit = reader.optional(body, "unit").flatMap { reader.choice($0, at: loc + ["unit"], ["scalar", "token", "custom"]) }
        customLabel = reader.patchField(body, "custom_label") { $0.string($1, at: loc + ["custom_label"]) }
        customMultiplier = reader.patchField(body, "custom_multiplier") { $0.int($1, at: loc + ["custom_multiplier"], greaterThan: 0) }
        sentFilter = body["filter"] != nil
        filter = reader.optional(body, "filter").flatMap { MeterInput.filter($0, at: loc + ["filter"], reader: &reader) }
        sentAggregation = body["aggregation"] != nil
        aggregation = reader.optional(body, "aggregation").flatMap { MeterInput.aggregation($0, at: loc + ["aggregation"], reader: &reader) }
        isArchived = reader.optional(body, "is_archived").flatMap { reader.bool($0, at: loc + ["is_archived"]) }
        try reader.check()
    }

    /// Whether the body changes any column: Polar writes (and dates) every field it is sent.
    var writesFields: Bool {
        metadata != nil || name != nil || unit != nil || !customLabel.isAbsent || !customMultiplier.isAbsent || filter != nil
            || aggregation != nil
    }
}
