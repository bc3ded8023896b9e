import Foundation
import PolarModels

/// A `PATCH /v1/customer-portal/subscriptions/{id}` body: Polar's `CustomerSubscriptionUpdate`,
/// a union of six models that forbid unknown keys, read as pydantic's smart mode reads it.
enum PortalSubscriptionUpdateInput: Sendable, Equatable {
    case changeProduct(UUID)
    case changeSeats(Int)
    /// `nil` changes nothing; `true` cancels at period end, `false` takes that back.
    case cancel(atPeriodEnd: Bool?, reason: String?, comment: String?)
    case pause(atPeriodEnd: Bool)
    case resume
    case clearPendingUpdate

    /// Reads the body; `now` is what a `resumes_at` must come after.
    init(body: JSONValue?, now: Int64) throws {
        let body = try InputReader.present(body)
        self = try InputReader.union(Member.allCases) { member, reader in member.read(body, now: now, reader: &reader) }
    }

    /// The union's members, in Polar's order, each with its fields in order.
    private enum Member: String, CaseIterable {
        case product = "CustomerSubscriptionUpdateProduct"
        case seats = "CustomerSubscriptionUpdateSeats"
        case cancel = "CustomerSubscriptionCancel"
        case pause = "CustomerSubscriptionPause"
        case resume = "CustomerSubscriptionResume"
        case clear = "CustomerSubscriptionUpdateClear"

        var fields: [String] {
            switch self {
            case .product: ["product_id"]
            case .seats: ["seats"]
            case .cancel: ["cancel_at_period_end", "cancellation_reason", "cancellation_comment"]
            case .pause: ["pause_at_period_end", "resumes_at"]
            case .resume: ["resume"]
            case .clear: ["pending_update"]
            }
        }

        func read(_ body: JSONValue, now: Int64, reader: inout InputReader) -> PortalSubscriptionUpdateInput? {
            let loc: [LocationItem] = ["body", .key(rawValue)]
            guard reader.requireObject(body, at: loc), case .object(let members) = body else { return nil }
            var result: PortalSubscriptionUpdateInput?
            switch self {
            case .product:
                result = reader.required(body, "product_id", at: loc).flatMap { reader.uuid4($0, at: loc + ["product_id"]) }
                    .map { .changeProduct($0) }
            case .seats:
                result = reader.required(body, "seats", at: loc).flatMap { reader.int($0, at: loc + ["seats"], min: 1, max: 2_147_483_647) }
                    .map { .changeSeats($0) }
            case .cancel:
                let atPeriodEnd = reader.optional(body, "cancel_at_period_end").flatMap { reader.bool($0, at: loc + ["cancel_at_period_end"]) }
                let reason = reader.optional(body, "cancellation_reason").flatMap {
                    reader.choice($0, at: loc + ["cancellation_reason"], SubscriptionUpdateInput.reasons)
                }
                let comment = reader.optional(body, "cancellation_comment").flatMap { reader.string($0, at: loc + ["cancellation_comment"]) }
                result = .cancel(atPeriodEnd: atPeriodEnd, reason: reason, comment: comment)
            case .pause:
                let atPeriodEnd = reader.required(body, "pause_at_period_end", at: loc).flatMap {
                    reader.bool($0, at: loc + ["pause_at_period_end"])
                }
                if let value = reader.optional(body, "resumes_at"), let time = reader.awareDatetime(value, at: loc + ["resumes_at"]),
                    time <= now
                {
                    reader.fail(loc + ["resumes_at"], "datetime_future", "Input should be in the future", input: value)
                }
                result = atPeriodEnd.map { .pause(atPeriodEnd: $0) }
            case .resume:
                if let value = reader.required(body, "resume", at: loc), value != true {
                    reader.fail(loc + ["resume"], "literal_error", "Input should be True", input: value, ctx: .object(["expected": "True"]))
                }
                result = .resume
            case .clear:
                if let value = reader.required(body, "pending_update", at: loc), value != .null {
                    reader.fail(loc + ["pending_update"], "none_required", "Input should be None", input: value)
                }
                result = .clearPendingUpdate
            }
            for member in members where !fields.contains(member.key) {
                reader.fail(loc + [.key(member.key)], "extra_forbidden", "Extra inputs are not permitted", input: member.value)
            }
            return reader.errors.isEmpty ? result : nil
        }
    }
}
