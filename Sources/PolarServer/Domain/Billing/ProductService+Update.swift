import Foundation
import PolarModels

extension ProductService {
    /// Polar's product update. `prices` is the whole new list: each current price it names is
    /// kept, each new one is added, and the others are archived (never deleted). The interval
    /// of a product with prices cannot change, nor can a one-time product get a trial. Every
    /// error is reported at once; `product.updated` follows any update, even one that changes
    /// nothing, and only a change to the product's own fields moves its `modified_at`.
    func update(_ id: UUID, _ input: ProductUpdateInput, access: OrganizationAccess) async throws -> ProductRecord {
        let now = clock.now()
        return try await database.transaction { [products, webhooks] db in
            guard var product = try await products.find(id, organizationID: access.organizationID, on: db) else { throw APIError.notFound }
            var errors: [ValidationError] = []
            var added: [ProductPrice] = []
            var kept: Set<UUID> = []
            if let items = input.prices {
                var resulting: [ProductPrice] = []
                for (index, item) in items.enumerated() {
                    let loc: [LocationItem] = ["body", "prices", .index(index)]
                    switch item {
                    case .existing(let priceID):
                        guard var price = product.prices.first(where: { $0.id == priceID }) else {
                            errors.append(Self.error(loc, "Price does not exist.", input: .string(priceID.lowercased)))
                            continue
                        }
                        kept.insert(priceID)
                        price.position = index
                        resulting.append(price)
                    case .new(let price):
                        let new = try await newPrice(
                            price, at: loc, productID: product.id, position: index, isRecurring: product.isRecurring,
                            organizationID: product.organizationID, now: now, errors: &errors, on: db)
                        if let new {
                            resulting.append(new)
                            added.append(new)
                        }
                    }
                }
                errors += Self.checkPriceSet(resulting, rawPrices: input.rawPrices)
            }
            if let interval = input.recurringInterval,
                interval != product.recurringInterval || input.recurringIntervalCount.value != product.recurringIntervalCount
            {
                errors.append(Self.error(["body", "recurring_interval"], "Recurring interval cannot be changed.", input: .string(interval)))
            }
            if !product.isRecurring, input.trialInterval.value != nil || input.trialIntervalCount.value != nil {
                let message = "Trial configuration is only supported on recurring products."
                errors.append(Self.error(["body", "trial_interval"], message, input: input.trialInterval.value.map(JSONValue.string) ?? .null))
                errors.append(
                    Self.error(["body", "trial_interval_count"], message, input: input.trialIntervalCount.value.map(JSONValue.integer) ?? .null))
            }
            errors += Self.missingAttachments(medias: input.medias ?? [], customFields: input.customFields ?? [])
            if !errors.isEmpty { throw APIError.validation(errors, kind: .business) }

            let original = product
            if let metadata = input.metadata { product.metadata = metadata }
            if !input.trialInterval.isAbsent { product.trialInterval = input.trialInterval.value }
            if !input.trialIntervalCount.isAbsent { product.trialIntervalCount = input.trialIntervalCount.value }
            if let name = input.name { product.name = name }
            if !input.description.isAbsent { product.description = input.description.value }
            if !input.recurringIntervalCount.isAbsent { product.recurringIntervalCount = input.recurringIntervalCount.value }
            if let isArchived = input.isArchived { product.isArchived = isArchived }
            if let visibility = input.visibility { product.visibility = visibility }
            if product != original {
                product.modifiedAt = now
                try await products.update(product, on: db)
            }
            if input.prices != nil {
                // New prices go after every price the product ever had, in the order sent.
                let next = try await products.nextPricePosition(productID: product.id, on: db)
                try await products.insertPrices(
                    added.enumerated().map { offset, price in
                        var price = price
                        price.position = next + offset
                        return price
                    }, productID: product.id, on: db)
                try await products.archivePrices(product.prices.map(\.id).filter { !kept.contains($0) }, now: now, on: db)
            }
            let updated = try await products.find(product.id, organizationID: product.organizationID, on: db)!
            try await webhooks.publish("product.updated", data: updated.wire, organizationID: updated.organizationID, on: db)
            return updated
        }
    }
}
