import Foundation
import Polar
import Testing

@Suite("Products and benefits through the SDK against the live server")
struct CatalogIntegrationTests {
    @Test("benefits and products: create, read, list, update, attach, archive, delete; Polar's errors typed")
    func catalog() async throws {
        let server = try await LiveServer.make()
        try await server.run { polar in
            let meter = try await polar.meters.create(MeterCreate(name: "Calls", filter: MeterFilter([]), aggregation: .count))
            let flag = try await polar.benefits.create(.featureFlag("Pro features", metadata: ["plan": "pro"]))
            #expect(flag.type == .featureFlag)
            #expect(flag.properties == .object([]))
            #expect(flag.metadata == ["plan": "pro"])
            let credit = try await polar.benefits.create(.meterCredit("100 calls", units: 100, meter: meter.id, rollover: true))
            #expect(credit.properties == .object(["units": 100, "rollover": true, "meter_id": .string(meter.id.lowercased)]))
            #expect(try await polar.benefits.get(id: credit.id) == credit)
            #expect(try await polar.benefits.list(types: [.featureFlag]).items == [flag])
            var benefits: [UUID] = []
            for try await benefit in polar.benefits.all(limit: 1) { benefits.append(benefit.id) }
            #expect(Set(benefits) == [flag.id, credit.id])
            let renamed = try await polar.benefits.update(id: flag.id, BenefitCreate(type: .featureFlag, description: "All features"))
            #expect(renamed.description == "All features")

            let product = try await polar.products.create(
                ProductCreate(
                    name: "Pro", recurringInterval: "month",
                    prices: [.fixed(amount: 900), .meteredUnit(meter: meter.id, unitAmount: "0.5", cap: 5000)], metadata: ["tier": 2]))
            #expect(product.isRecurring)
            #expect(product.recurringInterval == "month")
            #expect(product.prices.map(\.amountType) == ["fixed", "metered_unit"])
            #expect(product.prices.first?.priceAmount == 900)
            #expect(product.prices.last?.meterID == meter.id)
            #expect(product.prices.last?.capAmount == 5000)
            #expect(product.metadata == ["tier": 2])
            let attached = try await polar.products.updateBenefits(id: product.id, benefits: [flag.id, credit.id])
            #expect(attached.benefits.map(\.id) == [flag.id, credit.id])
            #expect(try await polar.products.get(id: product.id) == attached)
            #expect(try await polar.products.list(benefitIDs: [credit.id]).items.map(\.id) == [product.id])
            let described = try await polar.products.update(id: product.id, ProductUpdate(description: .value("Everything")))
            #expect(described.description == "Everything")
            #expect(try await polar.products.update(id: product.id, ProductUpdate(description: .null)).description == nil)

            // A new price list: the fixed price kept, the metered one archived (left out of the product).
            let fixed = try #require(product.prices.first)
            let repriced = try await polar.products.update(id: product.id, ProductUpdate(prices: [.existing(fixed.id)]))
            #expect(repriced.prices.map(\.id) == [fixed.id])
            let archived = try await polar.products.update(id: product.id, ProductUpdate(isArchived: true))
            #expect(archived.isArchived)
            #expect(try await polar.products.list(isArchived: false).items.isEmpty)

            try await polar.benefits.delete(id: flag.id)
            #expect(try await polar.products.get(id: product.id).benefits.map(\.id) == [credit.id])
            do {
                _ = try await polar.benefits.create(BenefitCreate(type: .discord, description: "Discord role", properties: .object([:])))
                Issue.record("a Discord benefit was created")
            } catch {
                guard (error as? PolarError)?.code == .validation else { throw error }
            }
            do {
                _ = try await polar.products.get(id: UUID())
                Issue.record("found an unknown product")
            } catch {
                guard (error as? PolarError)?.code == .notFound else { throw error }
            }
        }
    }
}
