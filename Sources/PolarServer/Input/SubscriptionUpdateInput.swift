import Foundation
import PolarModels

/// A `PATCH /v1/subscriptions/{id}` body: Polar's `SubscriptionUpdate`, a union of nine models
/// that forbid unknown keys, read as pydantic's smart mode reads it (the first member that takes
/// the body; every member's errors when none does). This server acts on the members that need no
/// payment: `SubscriptionUpdateBase` for metadata, `SubscriptionCancel`, `SubscriptionRevoke`, and
/// `SubscriptionUpdateClear` (there is never a pending update to clear).
struct SubscriptionUpdateInput: Sendable {
    enum Action: Sendable, Equatable {
        case cancelAtPeriodEnd(Bool)
        case revoke
        /// Replaces the metadata when it is sent; changes nothing otherwise.
        case update(metadata: Metadata?)
    }

    var action: Action
    var reason: String?
    var comment: String?

    static let reasons = [
        "customer_service", "low_quality", "missing_features", "switched_service", "too_complex", "too_expensive", "unused",
        "other",
    ]
    static let prorationBehaviors = ["invoice", "prorate", "next_period", "reset"]

    init(action: Action, reason: String? = nil, comment: String? = nil) {
        self.action = action
        self.reason = reason
        self.comment = comment
    }

    /// Reads the body; `now` is what a `trial_end` must come after.
    init(body: JSONValue?, now: Int64) throws {
        let body = try InputReader.present(body)
        self = try InputReader.union(Member.allCases) { member, reader in try member.read(body, now: now, reader: &reader) }
    }

    /// The union's members, in Polar's order, each with its fields in order.
    private enum Member: String, CaseIterable {
        case base = "SubscriptionUpdateBase"
        case seats = "SubscriptionUpdateSeats"
        case units = "SubscriptionUpdateUnits"
        case billingPeriod = "SubscriptionUpdateBillingPeriod"
        case cancel = "SubscriptionCancel"
        case revoke = "SubscriptionRevoke"
        case pause = "SubscriptionPause"
        case resume = "SubscriptionResume"
        case clear = "SubscriptionUpdateClear"

        var fields: [String] {
            switch self {
            case .base: ["metadata", "product_id", "proration_behavior", "discount_id", "trial_end"]
            case .seats: ["seats", "proration_behavior"]
            case .units: ["units", "proration_behavior"]
            case .billingPeriod: ["current_billing_period_end"]
            case .cancel: ["customer_cancellation_reason", "customer_cancellation_comment", "cancel_at_period_end"]
            case .revoke: ["customer_cancellation_reason", "customer_cancellation_comment", "revoke"]
            case .pause: ["pause_at_period_end", "resumes_at"]
            case .resume: ["resume"]
            case .clear: ["pending_update"]
            }
        }

        /// The body as this member, or `nil` with its errors in `reader`; a member this server
        /// cannot carry out is a business 422 once the body is known to be it.
        func read(_ body: JSONValue, now: Int64, reader: inout InputReader) throws -> SubscriptionUpdateInput? {
            let loc: [LocationItem] = ["body", .key(rawValue)]
            guard reader.requireObject(body, at: loc), case .object(let members) = body else { return nil }
            var unsupported: String?
            var result: SubscriptionUpdateInput?
            func optionalChoice(_ key: String, _ choices: [String]) -> String? {
                guard let value = body[key], value != .null else { return nil }
                return reader.choice(value, at: loc + [.key(key)], choices)
            }
            func optionalUUID(_ key: String) -> UUID? {
                guard let value = body[key], value != .null else { return nil }
                return reader.uuid4(value, at: loc + [.key(key)])
            }
            func requiredInt(_ key: String) {
                _ = reader.required(body, key, at: loc).flatMap { reader.int($0, at: loc + [.key(key)], min: 1, max: 2_147_483_647) }
            }
            func futureDatetime(_ value: JSONValue, at fieldLoc: [LocationItem]) {
                if let time = reader.awareDatetime(value, at: fieldLoc), time <= now {
                    reader.fail(fieldLoc, "datetime_future", "Input should be in the future", input: value)
                }
            }
            switch self {
            case .base:
                let metadata = body["metadata"].flatMap { reader.metadata($0, at: loc + ["metadata"]) }
                if optionalUUID("product_id") != nil { unsupported = "product_id" }
                _ = optionalChoice("proration_behavior", SubscriptionUpdateInput.prorationBehaviors)
                if optionalUUID("discount_id") != nil { unsupported = unsupported ?? "discount_id" }
                if let trialEnd = body["trial_end"], trialEnd != .null {
                    unsupported = unsupported ?? "trial_end"
                    if trialEnd != "now" {
                        var asDatetime = InputReader()
                        if let time = asDatetime.awareDatetime(trialEnd, at: loc + ["trial_end", "datetime"]), time <= now {
                            asDatetime.fail(loc + ["trial_end", "datetime"], "datetime_future", "Input should be in the future", input: trialEnd)
                        }
                        if !asDatetime.errors.isEmpty {
                            reader.record(asDatetime.errors)
                            reader.fail(
                                loc + ["trial_end", "literal['now']"], "literal_error", "Input should be 'now'", input: trialEnd,
                                ctx: .object(["expected": "'now'"]))
                        }
                    }
                }
                result = SubscriptionUpdateInput(action: .update(metadata: metadata))
            case .seats, .units:
                requiredInt(self == .seats ? "seats" : "units")
                _ = optionalChoice("proration_behavior", SubscriptionUpdateInput.prorationBehaviors)
                unsupported = self == .seats ? "seats" : "units"
            case .billingPeriod:
                if let value = reader.required(body, "current_billing_period_end", at: loc) {
                    futureDatetime(value, at: loc + ["current_billing_period_end"])
                }
                unsupported = "current_billing_period_end"
            case .cancel, .revoke:
                let reason = optionalChoice("customer_cancellation_reason", SubscriptionUpdateInput.reasons)
                let comment = body["customer_cancellation_comment"].flatMap { $0 == .null ? nil : reader.string($0, at: loc + ["customer_cancellation_comment"]) }
                if self == .cancel {
                    if let flag = reader.required(body, "cancel_at_period_end", at: loc).flatMap({ reader.bool($0, at: loc + ["cancel_at_period_end"]) }) {
                        result = SubscriptionUpdateInput(action: .cancelAtPeriodEnd(flag), reason: reason, comment: comment)
                    }
                } else if let flag = reader.required(body, "revoke", at: loc) {
                    if flag == true {
                        result = SubscriptionUpdateInput(action: .revoke, reason: reason, comment: comment)
                    } else {
                        reader.fail(loc + ["revoke"], "literal_error", "Input should be True", input: flag, ctx: .object(["expected": "True"]))
                    }
                }
            case .pause:
                _ = reader.required(body, "pause_at_period_end", at: loc).flatMap { reader.bool($0, at: loc + ["pause_at_period_end"]) }
                if let value = body["resumes_at"], value != .null { futureDatetime(value, at: loc + ["resumes_at"]) }
                unsupported = "pause_at_period_end"
            case .resume:
                if let flag = reader.required(body, "resume", at: loc), flag != true {
                    reader.fail(loc + ["resume"], "literal_error", "Input should be True", input: flag, ctx: .object(["expected": "True"]))
                }
                unsupported = "resume"
            case .clear:
                if let value = reader.required(body, "pending_update", at: loc), value != .null {
                    reader.fail(loc + ["pending_update"], "none_required", "Input should be None", input: value)
                }
                result = SubscriptionUpdateInput(action: .update(metadata: nil))
            }
            for member in members where !fields.contains(member.key) {
                reader.fail(loc + [.key(member.key)], "extra_forbidden", "Extra inputs are not permitted", input: member.value)
            }
            guard reader.errors.isEmpty else { return nil }
            if let unsupported {
                // Changing the product, seats, units, discount, trial, period or pause needs billing.
                throw APIError.validation(
                    [
                        ValidationError(
                            loc: ["body", .key(unsupported)],
                            msg: "This server updates subscriptions only with metadata, cancel_at_period_end or revoke.",
                            type: "value_error", input: body[unsupported] ?? .null)
                    ], kind: .business)
            }
            return result
        }
    }
}
