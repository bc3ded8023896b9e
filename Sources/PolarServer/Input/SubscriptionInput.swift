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
        let body = try InputReader.present(body)
        (productID, customer, metadata) = try InputReader.union(["SubscriptionCreateCustomer", "SubscriptionCreateExternalCustomer"]) {
            shape, reader in Self.member(body, shape: shape, reader: &reader)
        }
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
