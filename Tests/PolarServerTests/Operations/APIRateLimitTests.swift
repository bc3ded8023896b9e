import Foundation
import HTTPTypes
import PolarModels
import Testing

@testable import PolarServer

@Suite("Polar's general API limit, as an option")
struct APIRateLimitTests {
    @Test("per organization, customer or address: over the limit is a 429 with an empty body and Retry-After until the minute ends")
    func limit() async throws {
        let server = try await TestServer.make()
        try await server.test(configure: { $0.apiRateLimit = 5 }) { api in
            let (_, session) = try await api.signIn()  // Two requests for the organization.
            for _ in 0..<3 { #expect(try await api.request(.get, "/v1/customers/").status == .ok) }
            let limited = try await api.request(.get, "/v1/customers/")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.text.isEmpty)
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap(Int.init))
            #expect((1...60).contains(retryAfter))
            // Writes count and are refused alike, and change nothing.
            #expect(try await api.request(.post, "/v1/customers/", json: #"{"email":"late@example.com"}"#).status == .tooManyRequests)
            // Every other caller has a budget of its own.
            let other = try await server.otherOrganization()
            #expect(try await api.request(.get, "/v1/customers/", token: other.token).status == .ok)
            #expect(try await api.request(.get, "/v1/customer-portal/customers/me", token: session).status == .ok)
            // Outside the API: not counted.
            #expect(try await api.request(.get, "/health").status == .ok)
            #expect(try await api.request(.get, "/v1/customers/?query=late", token: other.token).json["items"] == [])
        }
    }

    @Test("without the option, no limit")
    func off() async throws {
        let server = try await TestServer.make()
        try await server.test { api async throws in
            for _ in 0..<30 { #expect(try await api.request(.get, "/v1/customers/").status == .ok) }
        }
    }

    @Test("with no block time, a caller is refused until its window ends, then counted afresh")
    func window() async {
        let limiter = RateLimiter(limits: [(2, 60)], block: nil)
        #expect(await limiter.hit("a", now: 10) == nil)
        #expect(await limiter.hit("a", now: 20) == nil)
        #expect(await limiter.hit("a", now: 30) == 40)
        #expect(await limiter.hit("a", now: 69) == 1)
        #expect(await limiter.hit("a", now: 70) == nil)
    }
}
