import Foundation
import Testing

@testable import Polar

@Suite("Retries with exponential backoff and jitter")
struct RetryTests {
    struct Reset: Error {}
    let ok = PolarHTTPResponse.json(200, Fixtures.customer())
    let policy = RetryPolicy(maxAttempts: 4, initialDelay: .milliseconds(100), multiplier: 2, maxDelay: .seconds(1), jitter: 0.5)

    @Test("backoff doubles from the initial delay, is capped, and jitter only shortens it")
    func backoff() {
        let noJitter = RetryPolicy(initialDelay: .milliseconds(100), multiplier: 2, maxDelay: .milliseconds(350), jitter: 0)
        #expect((1...4).map { noJitter.delay(beforeRetry: $0, random: 0.9) } == [.milliseconds(100), .milliseconds(200), .milliseconds(350), .milliseconds(350)])
        let full = RetryPolicy(initialDelay: .seconds(1), jitter: 1)
        #expect(full.delay(beforeRetry: 1, random: 0) == .seconds(1))
        #expect(full.delay(beforeRetry: 1, random: 0.25) == .milliseconds(750))
        #expect(policy.delay(beforeRetry: 2, random: 0.5) == .milliseconds(150))
        for _ in 0..<100 {
            let delay = policy.delay(beforeRetry: 3, random: Double.random(in: 0..<1))
            #expect(delay >= .milliseconds(200) && delay <= .milliseconds(400))
        }
    }

    @Test("a GET is retried after 5xx and connection errors, then succeeds")
    func retriesGet() async throws {
        let transport = MockTransport(sequence: [.success(.text(503, "busy")), .failure(Reset()), .success(.text(502, "")), .success(ok)])
        let sleeps = SleepRecorder()
        let customer = try await makePolar(transport, retryPolicy: policy, sleeps: sleeps).customers.get(id: Fixtures.customerID)
        #expect(customer.id == Fixtures.customerID)
        #expect(transport.requests.count == 4)
        #expect(sleeps.sleeps == [.milliseconds(75), .milliseconds(150), .milliseconds(300)])
    }

    @Test("a DELETE is retried after a 500")
    func retriesDelete() async throws {
        let transport = MockTransport(sequence: [.success(.text(500, "Internal Server Error")), .success(.empty(204))])
        try await makePolar(transport, retryPolicy: policy).customers.delete(id: Fixtures.customerID)
        #expect(transport.requests.count == 2)
    }

    @Test("after the last attempt the last failure is thrown")
    func givesUp() async throws {
        let transport = MockTransport(.text(503, "busy"))
        let sleeps = SleepRecorder()
        await #expect {
            _ = try await makePolar(transport, retryPolicy: policy, sleeps: sleeps).customers.get(id: Fixtures.customerID)
        } throws: { error in
            guard let error = error as? PolarError else { return false }
            return error.code == .server && error.status == 503 && error.responseText == "busy"
        }
        #expect(transport.requests.count == 4)
        #expect(sleeps.sleeps.count == 3)
    }

    @Test("POST and PATCH are not retried after 5xx or connection errors: they may have taken effect")
    func nonIdempotent() async throws {
        let failing = MockTransport(sequence: [.success(.text(502, "")), .success(ok)])
        await #expect(throws: PolarError.self) {
            _ = try await makePolar(failing, retryPolicy: policy).customers.create(CustomerCreate(email: "a@b.io"))
        }
        #expect(failing.requests.count == 1)
        let resetting = MockTransport(sequence: [.failure(Reset()), .success(ok)])
        await #expect(throws: PolarError.self) {
            _ = try await makePolar(resetting, retryPolicy: policy).customers.update(id: Fixtures.customerID, CustomerUpdate())
        }
        #expect(resetting.requests.count == 1)
    }

    @Test("PATCH can be made retryable")
    func configurableMethods() async throws {
        var patchToo = policy
        patchToo.retryableMethods.insert(.patch)
        let transport = MockTransport(sequence: [.success(.text(502, "")), .success(ok)])
        _ = try await makePolar(transport, retryPolicy: patchToo).customers.update(id: Fixtures.customerID, CustomerUpdate())
        #expect(transport.requests.count == 2)
    }

    @Test("429 is retried for any method, waiting exactly Retry-After")
    func rateLimitedRetryAfter() async throws {
        let transport = MockTransport(sequence: [.success(.empty(429, headers: [("Retry-After", "3")])), .success(.json(201, Fixtures.customer()))])
        let sleeps = SleepRecorder()
        _ = try await makePolar(transport, retryPolicy: policy, sleeps: sleeps).customers.create(CustomerCreate(email: "a@b.io"))
        #expect(transport.requests.count == 2)
        #expect(sleeps.sleeps == [.seconds(3)])
        #expect(transport.requests[0].bodyText == transport.requests[1].bodyText)
    }

    @Test("429 without Retry-After backs off exponentially")
    func rateLimitedBackoff() async throws {
        let transport = MockTransport(sequence: [.success(.empty(429)), .success(.empty(429)), .success(ok)])
        let sleeps = SleepRecorder()
        _ = try await makePolar(transport, retryPolicy: policy, sleeps: sleeps).customers.get(id: Fixtures.customerID)
        #expect(sleeps.sleeps == [.milliseconds(75), .milliseconds(150)])
    }

    @Test("a Retry-After longer than allowed is thrown at once")
    func retryAfterTooLong() async throws {
        let transport = MockTransport(.empty(429, headers: [("Retry-After", "900")]))
        let sleeps = SleepRecorder()
        await #expect {
            _ = try await makePolar(transport, retryPolicy: policy, sleeps: sleeps).customers.get(id: Fixtures.customerID)
        } throws: { error in
            guard let error = error as? PolarError else { return false }
            return error.code == .rateLimited && error.retryAfter == .seconds(900)
        }
        #expect(transport.requests.count == 1)
        #expect(sleeps.sleeps.isEmpty)
    }

    @Test("4xx other than 429 are never retried")
    func clientErrors() async throws {
        for response in [PolarHTTPResponse.json(404, #"{"error":"ResourceNotFound","detail":"Not found"}"#), .json(422, #"{"detail":[]}"#), .empty(401)] {
            let transport = MockTransport(response)
            await #expect(throws: PolarError.self) {
                _ = try await makePolar(transport, retryPolicy: policy).customers.get(id: Fixtures.customerID)
            }
            #expect(transport.requests.count == 1)
        }
    }

    @Test("RetryPolicy.none sends once")
    func none() async throws {
        let transport = MockTransport(.text(503, ""))
        await #expect(throws: PolarError.self) {
            _ = try await makePolar(transport, retryPolicy: .none).customers.get(id: Fixtures.customerID)
        }
        #expect(transport.requests.count == 1)
        #expect(RetryPolicy.none.maxAttempts == 1)
        #expect(RetryPolicy.default.maxAttempts == 3)
        #expect(RetryPolicy.default.retryableMethods == [.get, .delete])
    }

    @Test("real sleeping with short delays works end to end")
    func realSleep() async throws {
        let transport = MockTransport(sequence: [.success(.text(503, "")), .success(ok)])
        let polar = Polar(
            accessToken: "t", server: .custom(URL(string: MockTransport.base)!),
            retryPolicy: RetryPolicy(initialDelay: .milliseconds(5), jitter: 1), transport: transport)
        let started = ContinuousClock.now
        _ = try await polar.customers.get(id: Fixtures.customerID)
        #expect(transport.requests.count == 2)
        // Generous: a CI machine running the whole suite stalls for seconds. The delays
        // themselves are checked exactly above.
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test("a cancelled sleep stops retrying")
    func cancelled() async throws {
        let transport = MockTransport(.text(503, ""))
        var polar = makePolar(transport, retryPolicy: policy)
        polar.hooks.sleep = { _ in throw CancellationError() }
        await #expect(throws: PolarError.self) { _ = try await polar.customers.get(id: Fixtures.customerID) }
        #expect(transport.requests.count == 1)
    }
}
