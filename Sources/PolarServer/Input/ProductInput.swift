import Foundation
import PolarModels

/// A `POST /v1/products/` body: Polar's `ProductCreate`, whose variant (`recurring` or
/// `one_time`) is chosen by whether `recurring_interval` is set and appears in every error's loc.
struct ProductInput: Sendable {
    var name: String
    var description: String?
    var visibility: String
    var recurringInterval: String?
    var recurringIntervalCount: Int?
    var trialInterval: String?
    var trialIntervalCount: Int?
    var meterInterval: String?
    var meterIntervalCount: Int?
    var metadata: Metadata
    var prices: [PriceInput]
    var medias: [JSONValue]
    var customFields: [JSONValue]

    static let intervals = ["day", "week", "month", "year"]

    init(body: JSONValue?) throws {
        var reader = InputReader()
        let isRecurring = (body?["recurring_interval"]).map { $0 != .null } ?? false
        let loc: [LocationItem] = ["body", isRecurring ? "recurring" : "one_time"]
        guard let body, reader.requireObject(body, at: loc) else {
            if body == nil { reader.fail(["body"], "missing", "Field required", input: .null) }
            try reader.stop()
        }
        let metadata = body["metadata"].flatMap { reader.metadata($0, at: loc + ["metadata"]) }
        let name = reader.required(body, "name", at: loc).flatMap { Self.name($0, at: loc + ["name"], reader: &reader) }
        let description = reader.trimmedOptional(body["description"], at: loc + ["description"]).value
        let visibility = body["visibility"].map { reader.choice($0, at: loc + ["visibility"], ["draft", "private", "public"]) } ?? "public"
        var prices: [PriceInput]?
        if let items = reader.required(body, "prices", at: loc).flatMap({ reader.list($0, at: loc + ["prices"]) }) {
            if items.isEmpty {
                reader.fail(
                    loc + ["prices"], "too_short", "List should have at least 1 item after validation, not 0", input: [],
                    ctx: .object(["field_type": "List", "min_length": 1, "actual_length": 0]))
            }
            prices = items.enumerated().compactMap { index, item in
                PriceInput(item, at: loc + ["prices", .index(index)], reader: &reader)
            }
        }
        let medias = reader.optional(body, "medias").flatMap { reader.list($0, at: loc + ["medias"]) }.map { items in
            items.enumerated().compactMap { index, item in reader.uuid4(item, at: loc + ["medias", .index(index)]).map { _ in item } }
        }
        let customFields = body["attached_custom_fields"].flatMap { reader.list($0, at: loc + ["attached_custom_fields"]) }.map { items in
            items.enumerated().compactMap { index, item in
                Self.attachedCustomField(item, at: loc + ["attached_custom_fields", .index(index)], reader: &reader)
            }
        }
        if isRecurring {
            recurringInterval = reader.choice(body["recurring_interval"]!, at: loc + ["recurring_interval"], Self.intervals)
            // A plain `int` with a default in Polar's schema: absent is 1, null is an error.
            recurringIntervalCount =
                body["recurring_interval_count"].map {
                    reader.int($0, at: loc + ["recurring_interval_count"], min: 1, max: 999)
                } ?? 1
            trialInterval = reader.optional(body, "trial_interval").flatMap { reader.choice($0, at: loc + ["trial_interval"], Self.intervals) }
            trialIntervalCount = reader.optional(body, "trial_interval_count").flatMap {
                reader.int($0, at: loc + ["trial_interval_count"], min: 1, max: 1000)
            }
            meterInterval = reader.optional(body, "meter_interval").flatMap { reader.choice($0, at: loc + ["meter_interval"], Self.intervals) }
            meterIntervalCount = reader.optional(body, "meter_interval_count").flatMap {
                reader.int($0, at: loc + ["meter_interval_count"], min: 1, max: 999)
            }
            if reader.errors.isEmpty {
                if (body["trial_interval"] ?? .null) == .null || (body["trial_interval_count"] ?? .null) == .null,
                    trialInterval != nil || trialIntervalCount != nil
                {
                    reader.fail(loc, "missing", "Both trial_interval and trial_interval_count must be set together.", input: body)
                }
                if let meterInterval, !Self.divides(meterInterval, meterIntervalCount ?? 1, recurringInterval!, recurringIntervalCount!) {
                    reader.fail(
                        loc, "value_error",
                        "Value error, The meter interval must evenly divide the billing interval, so the meter cycle re-aligns with the billing cycle at every renewal.",
                        input: body, ctx: .object(["error": .object([])]))
                }
            }
            if meterInterval != nil { meterIntervalCount = meterIntervalCount ?? 1 } else { meterIntervalCount = nil }
        } else if let count = reader.optional(body, "recurring_interval_count") {
            reader.fail(loc + ["recurring_interval_count"], "none_required", "Input should be None", input: count)
        }
        if let error = reader.rejectOrganizationID(body, at: loc) {
            try reader.check()
            throw APIError.validation([error], kind: .business)
        }
        try reader.check()
        self.name = name!
        self.description = description ?? nil
        self.visibility = visibility!
        self.metadata = metadata ?? [:]
        self.prices = prices!
        self.medias = medias ?? []
        self.customFields = customFields ?? []
    }

    /// Polar strips the name before checking its length, so pydantic's generic length message applies.
    static func name(_ value: JSONValue, at loc: [LocationItem], reader: inout InputReader) -> String? {
        guard let text = reader.string(value, at: loc) else { return nil }
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Lengths in code points, as Python counts them.
        let length = name.unicodeScalars.count
        for (bound, tooFar, type, word) in [(3, length < 3, "too_short", "least"), (64, length > 64, "too_long", "most")] where tooFar {
            reader.fail(
                loc, type, "Value should have at \(word) \(bound) items after validation, not \(length)", input: value,
                ctx: .object([
                    "field_type": "Value", type == "too_short" ? "min_length" : "max_length": .integer(bound), "actual_length": .integer(length),
                ]))
            return nil
        }
        return name
    }

    static func attachedCustomField(_ value: JSONValue, at loc: [LocationItem], reader: inout InputReader) -> JSONValue? {
        guard reader.requireObject(value, at: loc) else { return nil }
        let id = reader.required(value, "custom_field_id", at: loc).flatMap { reader.uuid4($0, at: loc + ["custom_field_id"]) }
        let required = reader.required(value, "required", at: loc).flatMap { reader.bool($0, at: loc + ["required"]) }
        return id != nil && required != nil ? value : nil
    }

    /// Whether a meter cycle re-aligns with the billing cycle at every renewal (Polar's rule).
    static func divides(_ meter: String, _ m: Int, _ billing: String, _ n: Int) -> Bool {
        switch (meter, billing) {
        case _ where meter == billing: n % m == 0
        case ("day", "week"): (7 * n) % m == 0
        case ("day", "month"), ("day", "year"): m == 1
        case ("month", "year"): (12 * n) % m == 0
        default: false
        }
    }
}

/// One item of a product's `prices`, discriminated by `amount_type`.
struct PriceInput: Sendable {
    enum Kind: Sendable {
        case fixed(amount: Int64)
        case meteredUnit(meterID: UUID, unitAmount: UnitAmount, capAmount: Int64?)
        /// `custom`, `seat_based` or `unit_based`: valid in Polar's schema, refused by the service.
        case unsupported(String)
    }

    var kind: Kind
    var currency: String
    var taxBehavior: String?
    /// The item as sent, for errors that quote it.
    var raw: JSONValue

    private static let tags = ["fixed", "custom", "seat_based", "unit_based", "metered_unit"]

    init?(_ value: JSONValue, at loc: [LocationItem], reader: inout InputReader) {
        guard reader.requireObject(value, at: loc) else { return nil }
        var item = value
        // Polar still takes the legacy free price: a fixed price of 0.
        if item["amount_type"] == "free" {
            var members: [JSONValue.Member] = [.init("amount_type", "fixed"), .init("price_amount", 0)]
            for key in ["price_currency", "tax_behavior"] { if let v = item[key] { members.append(.init(key, v)) } }
            item = .object(members)
        }
        guard case .string(let tag)? = item["amount_type"], Self.tags.contains(tag) else {
            reader.failTag(item, at: loc, discriminator: "amount_type", enumName: "ProductPriceAmountType", tags: Self.tags)
            return nil
        }
        let loc = loc + [.key(tag)]
        let errorCount = reader.errors.count
        let currency =
            item["price_currency"].map { reader.choice($0, at: loc + ["price_currency"], PresentmentCurrency.all.map(\.code)) } ?? "usd"
        let taxBehavior = reader.optional(item, "tax_behavior").flatMap {
            reader.choice($0, at: loc + ["tax_behavior"], ["location", "inclusive", "exclusive"])
        }
        var kind: Kind?
        switch tag {
        case "fixed":
            if let amount = reader.required(item, "price_amount", at: loc).flatMap({ reader.int($0, at: loc + ["price_amount"], min: 0) }),
                let currency
            {
                kind = Self.bounded(amount, currency: currency, at: loc + ["price_amount"], input: item["price_amount"]!, reader: &reader)
                    .map { .fixed(amount: Int64($0)) }
            }
        case "metered_unit":
            let meter = reader.required(item, "meter_id", at: loc).flatMap { reader.uuid4($0, at: loc + ["meter_id"]) }
            let unitAmount = reader.required(item, "unit_amount", at: loc).flatMap { reader.decimal($0, at: loc + ["unit_amount"], positive: true) }
            let cap = reader.optional(item, "cap_amount").flatMap { reader.int($0, at: loc + ["cap_amount"], min: 0, max: 2_147_483_647) }
            if let meter, let unitAmount { kind = .meteredUnit(meterID: meter, unitAmount: unitAmount, capAmount: cap.map(Int64.init)) }
        default:
            kind = .unsupported(tag)
        }
        guard reader.errors.count == errorCount, let kind, let currency else { return nil }
        self.kind = kind
        self.currency = currency
        self.taxBehavior = taxBehavior
        raw = value
    }

    /// Polar's per-currency bounds on a fixed amount; 0, the free price, always passes.
    private static func bounded(_ amount: Int, currency: String, at loc: [LocationItem], input: JSONValue, reader: inout InputReader) -> Int? {
        guard let bounds = PresentmentCurrency.byCode[currency] else { return amount }
        if amount > 0, amount < bounds.minimum {
            reader.fail(loc, "minimum_price", "Amount must be at least \(bounds.minimumText) or 0 for free pricing", input: input)
            return nil
        }
        if amount > bounds.maximum {
            reader.fail(loc, "maximum_price", "Amount must be at most \(bounds.maximumText)", input: input)
            return nil
        }
        return amount
    }
}
