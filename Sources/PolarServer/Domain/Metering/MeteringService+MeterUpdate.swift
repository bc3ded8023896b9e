import Foundation
import PolarModels

extension MeteringService {
    /// Polar's meter update. Once events count towards a meter its filter and aggregation are
    /// locked; it cannot be archived while a live product's price or a `meter_credit` benefit
    /// uses it; and unarchived, it counts what was ingested meanwhile (Polar recomputes its
    /// customers' meters then). Every field sent is written and dates the meter; meters send no
    /// webhooks.
    func updateMeter(_ id: UUID, _ input: MeterUpdateInput, access: OrganizationAccess) async throws -> MeterRecord {
        let now = time.clock.now()
        return try await database.transaction { [meters, usages, products, benefits, webhooks] db in
            guard var meter = try await meters.find(id, organizationID: access.organizationID, on: db) else { throw APIError.notFound }
            if input.sentFilter || input.sentAggregation, try await usages.hasEvents(meterID: meter.id, on: db) {
                var errors: [ValidationError] = []
                let message = "This field can't be updated because the meter is already aggregating events."
                if input.sentFilter {
                    errors.append(ValidationError(loc: ["body", "filter"], msg: message, type: "forbidden", input: input.filter?.wire ?? .null))
                }
                if input.sentAggregation {
                    errors.append(
                        ValidationError(loc: ["body", "aggregation"], msg: message, type: "forbidden", input: input.aggregation?.wire ?? .null))
                }
                throw APIError.validation(errors, kind: .business)
            }
            if input.isArchived == true {
                let refusal: String? =
                    if try await products.liveMeteredPriceCount(meterID: meter.id, on: db) > 0 {
                        "Cannot archive meter that is still attached to active products"
                    } else if try await benefits.creditCount(meterID: meter.id, on: db) > 0 {
                        "Cannot archive meter that is still referenced by active benefits"
                    } else { nil }
                if let refusal {
                    throw APIError.validation(
                        [ValidationError(loc: ["body", "is_archived"], msg: refusal, type: "value_error", input: true)], kind: .business)
                }
            }

            if let metadata = input.metadata { meter.metadata = metadata }
            if let name = input.name { meter.name = name }
            if let unit = input.unit { meter.unit = unit }
            if !input.customLabel.isAbsent { meter.customLabel = input.customLabel.value }
            if !input.customMultiplier.isAbsent { meter.customMultiplier = input.customMultiplier.value }
            if let filter = input.filter { meter.filter = filter }
            if let aggregation = input.aggregation { meter.aggregation = aggregation }
            let archivedAt = meter.archivedAt
            if let archive = input.isArchived { meter.archivedAt = archive ? now : nil }
            if input.writesFields || input.isArchived != nil { meter.modifiedAt = now }
            try await meters.update(meter, on: db)

            if input.isArchived == false, let archivedAt {
                for customerID in try await countPastEvents(for: meter, ingestedFrom: archivedAt, on: db, now: now) {
                    try await webhooks.stateMayHaveChanged(customerID: customerID, organizationID: meter.organizationID, on: db)
                }
            }
            return meter
        }
    }
}
