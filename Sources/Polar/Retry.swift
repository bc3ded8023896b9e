import Foundation

/// When and how ``Polar`` repeats a failed request.
///
/// A request is retried, up to ``maxAttempts`` in all, when:
/// - Polar answers **429**, for any method: Polar's rate limiter turns requests away before
///   anything runs, so repeating them is safe. The wait is the `Retry-After` header when sent
///   (a wait longer than ``maxRetryAfter`` is not waited for: the call throws
///   a ``PolarError`` coded `.rateLimited` at once);
/// - Polar answers **5xx**, or no response arrives (connection refused, reset, timed out), for an
///   **idempotent** method only (``retryableMethods``, by default `GET` and `DELETE`): a
///   `POST` or `PATCH` may already have taken effect.
///
/// Waits grow exponentially, `initialDelay × multiplier^(retry − 1)` capped at ``maxDelay``,
/// and each is shortened by a random fraction of up to ``jitter`` so that clients do not retry
/// in lockstep.
///
/// ```swift
/// let polar = Polar(accessToken: token, retryPolicy: .none)                           // never retry
/// let patient = Polar(accessToken: token, retryPolicy: RetryPolicy(maxAttempts: 6))  // retry more
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; `1` disables retries.
    public var maxAttempts: Int
    /// The wait before the first retry.
    public var initialDelay: Duration
    /// The factor each later wait grows by.
    public var multiplier: Double
    /// The longest computed wait.
    public var maxDelay: Duration
    /// The fraction, 0…1, of each wait that is randomised away (1 is "full jitter").
    public var jitter: Double
    /// The longest `Retry-After` worth waiting for; beyond it a 429 is thrown at once.
    public var maxRetryAfter: Duration
    /// Methods retried after a 5xx or a connection error.
    public var retryableMethods: Set<PolarHTTPMethod>

    /// Creates a policy.
    /// - Parameters:
    ///   - maxAttempts: Attempts in all, the first included.
    ///   - initialDelay: The wait before the first retry.
    ///   - multiplier: The factor each later wait grows by.
    ///   - maxDelay: The longest computed wait.
    ///   - jitter: The fraction of each wait that is randomised away.
    ///   - maxRetryAfter: The longest `Retry-After` worth waiting for.
    ///   - retryableMethods: Methods retried after a 5xx or a connection error.
    public init(
        maxAttempts: Int = 3, initialDelay: Duration = .milliseconds(500), multiplier: Double = 2,
        maxDelay: Duration = .seconds(8), jitter: Double = 0.5, maxRetryAfter: Duration = .seconds(60),
        retryableMethods: Set<PolarHTTPMethod> = [.get, .delete]
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
        self.jitter = min(max(jitter, 0), 1)
        self.maxRetryAfter = maxRetryAfter
        self.retryableMethods = retryableMethods
    }

    /// Three attempts, waits from 0.5 s doubling up to 8 s, half jitter; `GET` and `DELETE`
    /// retried after 5xx and connection errors, every method after 429.
    public static let `default` = RetryPolicy()

    /// No retries: every failure is thrown at once.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (1 for the first retry).
    /// - Parameters:
    ///   - retry: Which retry this is, from 1.
    ///   - random: A number in 0..<1 that picks the jitter.
    /// - Returns: The backoff wait.
    public func delay(beforeRetry retry: Int, random: Double) -> Duration {
        let exponent = Double(max(0, retry - 1))
        let base = min(initialDelay.seconds * pow(multiplier, exponent), maxDelay.seconds)
        let waited = base * (1 - jitter * min(max(random, 0), 1))
        return .milliseconds(Int64((waited * 1000).rounded()))
    }

    /// What to do after an attempt failed with `outcome`.
    func decision(after outcome: Outcome, method: PolarHTTPMethod, attempt: Int, random: Double) -> Decision {
        guard attempt < maxAttempts else { return .stop }
        switch outcome {
        case .rateLimited(let retryAfter):
            guard let retryAfter else { return .retry(after: delay(beforeRetry: attempt, random: random)) }
            return retryAfter <= maxRetryAfter ? .retry(after: retryAfter) : .stop
        case .serverError, .noResponse:
            guard retryableMethods.contains(method) else { return .stop }
            return .retry(after: delay(beforeRetry: attempt, random: random))
        }
    }

    /// A failure that may be worth retrying.
    enum Outcome {
        case rateLimited(retryAfter: Duration?)
        case serverError
        case noResponse
    }

    enum Decision: Equatable {
        case retry(after: Duration)
        case stop
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
