import Foundation
import Polar
import Testing

@Suite("Test clocks through the SDK against the live server")
struct TestClocksIntegrationTests {
    @Test("create, list, advance and delete a clock; its customers go with it")
    func lifecycle() async throws {
        let server = try await LiveServer.make()
        try await server.run { polar in
            let start = try #require(ISO8601DateFormatter().date(from: "2026-01-31T10:00:00Z"))
            let clock = try await polar.testClocks.create(TestClockCreate(frozenTime: start, name: "sdk"))
            #expect(clock.frozenTime == start)
            #expect(clock.status == .ready)
            #expect(clock.name == "sdk")
            #expect(try await polar.testClocks.get(id: clock.id) == clock)
            #expect(try await polar.testClocks.list().items == [clock])

            let customer = try await polar.customers.create(CustomerCreate(email: "clocked@example.com", testClockID: clock.id))
            let later = start.addingTimeInterval(92 * 86_400)
            let advanced = try await polar.testClocks.advance(id: clock.id, to: later)
            #expect(advanced.frozenTime == later)
            #expect(advanced.status == .ready)
            do {
                _ = try await polar.testClocks.advance(id: clock.id, to: start)
                Issue.record("a clock went back in time")
            } catch {
                guard let polar = error as? PolarError, polar.code == .validation, let body = polar.validation else { throw error }
                #expect(body.detail.map(\.loc) == [["body", "frozen_time"]])
            }

            try await polar.testClocks.delete(id: clock.id)
            for attempt in [{ _ = try await polar.testClocks.get(id: clock.id) }, { _ = try await polar.customers.get(id: customer.id) }] {
                do {
                    try await attempt()
                    Issue.record("found after the clock was deleted")
                } catch {
                    guard (error as? PolarError)?.code == .notFound else { throw error }
                }
            }
        }
    }
}
