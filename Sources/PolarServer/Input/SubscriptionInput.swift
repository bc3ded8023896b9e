import Foundation
import PolarModels

/// A `POST /v1/subscriptions/` body: Polar's `SubscriptionCreateCustomer` or
/// `SubscriptionCreateExternalCustomer`, a union without a discriminator. As in pydantic's smart
/// mode, a body valid as both is the first member, and one valid as neither gets both members' errors.
struct SubscriptionCreateInput: Sendable {
    var productID: UUID
    var customer: EventsIngestInput.CustomerReference
    var metadata: Metadata

    init(productID: UUID, customer: EventsIngestInput.CustomerReference, metadata: Metadata = [:]) {
        self.productID = productID
        self.customer = customer
        self.metadata = metadata
    }

    init(body: JSONValue?) throws {
        var reader = InputReader()
        guard let body else {
            reader.fail(["body"], "missing", "Field required", input: .null)
            try reader.check()
            preconditionFailure("unreachable: check() threw")
        }
        for shape in ["SubscriptionCreateCustomer", "SubscriptionCreateExternalCustomer"] {
            var attempt = InputReader()
            if let parsed = Self.member(body, shape: shape, reader: &attempt) {
                (productID, customer, metadata) = parsed
                return
            }
            reader.record(attempt.errors)
        }
        try reader.check()
        preconditionFailure("unreachable: check() threw")
    }

    private static func member(
        _ body: JSONValue, shape: String, reader: inout InputReader
    ) -> (UUID, EventsIngestInput.CustomerReference, Metadata)? {
        let loc: [LocationItem] = ["body", .key(shape)]
        guard reader.requireObject(body, at: loc) else { return nil }
        let metadata = body["metadata"].flatMap { reader.metadata($0, at: loc + ["metadata"]) }
        let product = reader.required(body, "product_id", at: loc).flatMap { reader.uuid4($0, at: loc + ["product_id"]) }
        let customer: EventsIngestInput.CustomerReference? =
            shape == "SubscriptionCreateCustomer"
            ? reader.required(body, "customer_id", at: loc).flatMap { reader.uuid4($0, at: loc + ["customer_id"]) }.map { .id($0) }
            : reader.required(body, "external_customer_id", at: loc).flatMap {
                reader.string($0, at: loc + ["external_customer_id"])
            }.map { .externalID($0) }
        guard reader.errors.isEmpty, let product, let customer else { return nil }
        return (product, customer, metadata ?? [:])
    }
}

/// A `PATCH /v1/subscriptions/{id}` body: of Polar's `SubscriptionUpdate` members, the two that
/// need no payment: `SubscriptionCancel` (cancel at period end, or take that back) and
/// `SubscriptionRevoke` (end now).
struct SubscriptionUpdateInput: Sendable {
    enum Action: Sendable, Equatable {
        case cancelAtPeriodEnd(Bool)
        case revoke
    }

    var action: Action
    var reason: String?
    var comment: String?

    static let reasons = [
        "customer_service", "low_quality", "missing_features", "switched_service", "too_complex", "too_expensive", "unused",
        "other",
    ]

    init(action: Action, reason: String? = nil, comment: String? = nil) {
        self.action = action
        self.reason = reason
        self.comment = comment
    }

    init(body: JSONValue?) throws {
        var reader = InputReader()
        guard let body, reader.requireObject(body, at: ["body"]) else {
            if body == nil { reader.fail(["body"], "missing", "Field required", input: .null) }
            try reader.check()
            preconditionFailure("unreachable: check() threw")
        }
        let shape = body["revoke"] != nil ? "SubscriptionRevoke" : "SubscriptionCancel"
        let loc: [LocationItem] = ["body", .key(shape)]
        guard case .object(let members) = body, body["cancel_at_period_end"] != nil || body["revoke"] != nil else {
            throw APIError.validation(
                [
                    ValidationError(
                        loc: ["body"],
                        msg: "This server updates subscriptions only with cancel_at_period_end or revoke.", type: "value_error",
                        input: body)
                ], kind: .business)
        }
        // Polar's update models forbid unknown keys.
        for member in members where !["cancel_at_period_end", "revoke", "customer_cancellation_reason", "customer_cancellation_comment"].contains(member.key)
            || member.key == (shape == "SubscriptionRevoke" ? "cancel_at_period_end" : "revoke")
        {
            reader.fail(loc + [.key(member.key)], "extra_forbidden", "Extra inputs are not permitted", input: member.value)
        }
        reason = reader.optional(body, "customer_cancellation_reason").flatMap {
            reader.choice($0, at: loc + ["customer_cancellation_reason"], Self.reasons)
        }
        comment = reader.optional(body, "customer_cancellation_comment").flatMap { reader.string($0, at: loc + ["customer_cancellation_comment"]) }
        var action: Action?
        if shape == "SubscriptionRevoke" {
            if body["revoke"] == true {
                action = .revoke
            } else {
                reader.fail(
                    loc + ["revoke"], "literal_error", "Input should be True", input: body["revoke"]!,
                    ctx: .object(["expected": "True"]))
            }
        } else if let flag = reader.bool(body["cancel_at_period_end"]!, at: loc + ["cancel_at_period_end"]) {
            action = .cancelAtPeriodEnd(flag)
        }
        try reader.check()
        self.action = action!
    }
}
