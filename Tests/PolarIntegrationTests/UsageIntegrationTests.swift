import Foundation
import Polar
import Testing

@Suite("Meters, events and customer meters through the SDK against the live server")
struct UsageIntegrationTests {
    @Test("create, read, update and archive a meter; ingest events, read them back, their names and the usage they add up to")
    func usage() async throws {
        let server = try await LiveServer.make()
        try await server.run { polar in
            let filter = MeterFilter([
                .condition(property: "name", operator: .equal, value: "api_call"),
                .group(MeterFilter([.condition(property: "tokens", operator: .greaterThan, value: 0)], conjunction: .or)),
            ])
            let meter = try await polar.meters.create(
                MeterCreate(name: "Tokens", filter: filter, aggregation: MeterAggregation(function: .sum, property: "tokens"), metadata: ["team": "ml"]))
            #expect(meter.filter == filter)
            #expect(meter.aggregation == MeterAggregation(function: .sum, property: "tokens"))
            #expect(meter.metadata == ["team": "ml"])
            #expect(meter.archivedAt == nil)
            #expect(try await polar.meters.get(id: meter.id) == meter)
            #expect(try await polar.meters.list(query: "tok").items == [meter])

            let customer = try await polar.customers.create(CustomerCreate(email: "usage@example.com", externalID: "usr_1"))
            let at = try #require(ISO8601DateFormatter().date(from: "2026-03-01T12:00:00Z"))
            let result = try await polar.events.ingest([
                EventCreate(name: "api_call", customer: .id(customer.id), timestamp: at, externalID: "e1", metadata: ["tokens": 40]),
                EventCreate(name: "api_call", customer: .externalID("usr_1"), timestamp: at.addingTimeInterval(60), metadata: ["tokens": 2]),
                EventCreate(name: "api_call", customer: .id(customer.id), externalID: "e1", metadata: ["tokens": 1000]),
            ])
            #expect(result == EventsIngestResult(inserted: 2, duplicates: 1))

            let events = try await polar.events.list(EventFilter(names: ["api_call"], oldestFirst: true))
            #expect(events.items.map(\.timestamp) == [at, at.addingTimeInterval(60)])
            #expect(events.items.map(\.source) == [.user, .user])
            #expect(events.items.first?.customerID == customer.id)
            #expect(events.items.last?.externalCustomerID == "usr_1")
            #expect(events.items.first?.metadata == .object(["tokens": 40]))
            let first = try #require(events.items.first)
            #expect(try await polar.events.get(id: first.id) == first)
            var streamed: [Event] = []
            for try await event in polar.events.all(EventFilter(source: .system), limit: 1) { streamed.append(event) }
            #expect(streamed.map(\.name) == ["customer.created"])
            let names = try await polar.events.names(sorting: ["name"])
            #expect(names.items.map(\.name) == ["api_call", "customer.created"])
            #expect(names.items.first?.occurrences == 2)

            let quantities = try await polar.meters.quantities(
                id: meter.id, from: at.addingTimeInterval(-43_200), to: at.addingTimeInterval(43_200), interval: .day)
            #expect(quantities.total == 42)
            // A bucket per day from the start, the end's day included.
            #expect(quantities.quantities.map(\.quantity) == [42, 0])

            let usage = try await polar.customerMeters.list(customerIDs: [customer.id])
            let customerMeter = try #require(usage.items.first)
            #expect(customerMeter.meterID == meter.id)
            #expect(customerMeter.consumedUnits == 42)
            #expect(customerMeter.balance == -42)
            #expect(customerMeter.meter.id == meter.id)
            #expect(try await polar.customerMeters.get(id: customerMeter.id) == customerMeter)

            let renamed = try await polar.meters.update(id: meter.id, MeterUpdate(name: "LLM tokens", isArchived: true))
            #expect(renamed.name == "LLM tokens")
            #expect(renamed.archivedAt != nil)
            #expect(try await polar.meters.list(isArchived: false).items.isEmpty)
            // Events count now, so the aggregation is locked: Polar's validation error.
            do {
                _ = try await polar.meters.update(id: meter.id, MeterUpdate(aggregation: .count))
                Issue.record("a locked aggregation changed")
            } catch {
                guard (error as? PolarError)?.code == .validation else { throw error }
            }
            do {
                _ = try await polar.events.ingest([EventCreate(name: "api_call", customer: .id(UUID()))])
                Issue.record("an unknown customer's event was taken")
            } catch {
                guard let polar = error as? PolarError, polar.code == .validation, let body = polar.validation else { throw error }
                #expect(body.detail.map(\.msg) == ["Customer not found."])
            }
        }
    }
}
