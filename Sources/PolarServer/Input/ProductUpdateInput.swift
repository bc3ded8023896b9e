import Foundation
import PolarModels

/// A `PATCH /v1/products/{id}` body: Polar's `ProductUpdate`, every field optional, read in its
/// order. A `null` where Polar's column cannot hold one (name, visibility, is_archived, the
/// recurring interval) leaves the field as it is.
struct ProductUpdateInput: Sendable {
    /// A price in `prices`: one of the product's current prices to keep, or a new one.
    enum Price: Sendable {
        case existing(UUID)
        case new(PriceInput)
    }

    var metadata: Metadata?
    var trialInterval: PatchField<String> = .absent
    var trialIntervalCount: PatchField<Int> = .absent
    var name: String?
    /// Empty or blank is `null`, as Polar reads it.
    var description: PatchField<String> = .absent
    var recurringInterval: String?
    var recurringIntervalCount: PatchField<Int> = .absent
    var isArchived: Bool?
    var visibility: String?
    /// The whole new price list; `nil` leaves the prices alone.
    var prices: [Price]?
    /// As sent, for errors that quote the list.
    var rawPrices: JSONValue = .null
    var medias: [JSONValue]?
    var customFields: [JSONValue]?

    /// How pydantic names the new-price member of the `ExistingProductPrice | ProductPriceCreate` union.
    static let newPriceMember =
        "function-before[_coerce_legacy_free_price(), tagged-union[ProductPriceFixedCreate,ProductPriceCustomCreate,ProductPriceSeatBasedCreate,ProductPriceUnitBasedCreate,ProductPriceMeteredUnitCreate]]"

    init(body: JSONValue?) throws {
        let body = try InputReader.object(body)
        var reader = InputReader()
        let loc: [LocationItem] = ["body"]
        metadata = body["metadata"].flatMap { reader.metadata($0, at: loc + ["metadata"]) }
        trialInterval = reader.patchField(body, "trial_interval") { $0.choice($1, at: loc + ["trial_interval"], ProductInput.intervals) }
        trialIntervalCount = reader.patchField(body, "trial_interval_count") { $0.int($1, at: loc + ["trial_interval_count"], min: 1, max: 1000) }
        name = reader.optional(body, "name").flatMap { ProductInput.name($0, at: loc + ["name"], reader: &reader) }
        description = reader.trimmedOptional(body["description"], at: loc + ["description"])
        recurringInterval = reader.optional(body, "recurring_interval").flatMap {
            reader.choice($0, at: loc + ["recurring_interval"], ProductInput.intervals)
        }
        recurringIntervalCount = reader.patchField(body, "recurring_interval_count") {
            $0.int($1, at: loc + ["recurring_interval_count"], min: 1, max: 999)
        }
        isArchived = reader.optional(body, "is_archived").flatMap { reader.bool($0, at: loc + ["is_archived"]) }
        visibility = reader.optional(body, "visibility").flatMap { reader.choice($0, at: loc + ["visibility"], ["draft", "private", "public"]) }
        if let value = reader.optional(body, "prices"), let items = reader.list(value, at: loc + ["prices"]) {
            rawPrices = value
            prices = items.enumerated().compactMap { index, item in Self.price(item, at: loc + ["prices", .index(index)], reader: &reader) }
        }
        medias = reader.optional(body, "medias").flatMap { reader.list($0, at: loc + ["medias"]) }.map { items in
            items.enumerated().compactMap { index, item in reader.uuid4(item, at: loc + ["medias", .index(index)]).map { _ in item } }
        }
        customFields = reader.optional(body, "attached_custom_fields").flatMap { reader.list($0, at: loc + ["attached_custom_fields"]) }.map {
            items in
            items.enumerated().compactMap { index, item in
                ProductInput.attachedCustomField(item, at: loc + ["attached_custom_fields", .index(index)], reader: &reader)
            }
        }
        if reader.errors.isEmpty, (trialInterval.value == nil) != (trialIntervalCount.value == nil) {
            reader.fail(["body"], "missing", "Both trial_interval and trial_interval_count must be set together.", input: body)
        }
        try reader.check()
    }

    /// `ExistingProductPrice | ProductPriceCreate`, left to right: an object with a valid `id`
    /// keeps that price, anything else must be a new price; both members' errors otherwise.
    private static func price(_ item: JSONValue, at loc: [LocationItem], reader: inout InputReader) -> Price? {
        var existing = InputReader()
        if existing.requireObject(item, at: loc + ["ExistingProductPrice"]),
            let id = existing.required(item, "id", at: loc + ["ExistingProductPrice"]).flatMap({
                existing.uuid4($0, at: loc + ["ExistingProductPrice", "id"])
            })
        {
            return .existing(id)
        }
        var new = InputReader()
        if let price = PriceInput(item, at: loc + [.key(newPriceMember)], reader: &new) { return .new(price) }
        reader.record(existing.errors + new.errors)
        return nil
    }
}
