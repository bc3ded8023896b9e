import Foundation
import HTTPTypes
import Hummingbird

/// Polar's rate limit on a zone of routes: each caller — a signed-in customer, or else a client
/// IP (`True-Client-IP`, else the peer) — may make `limits` requests per window; one more blocks
/// the caller for `block`, answered 429 with an empty body and `Retry-After`. Counts are kept
/// per server process.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter

    /// The customer-portal email-change zone: 6 a minute and 12 an hour, then 15 minutes out.
    static func emailUpdate() -> RateLimitMiddleware {
        RateLimitMiddleware(limiter: RateLimiter(limits: [(6, 60), (12, 3600)], block: 900))
    }

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response)
        async throws -> Response
    {
        let identity: String
        if case .customer(let access)? = context.subject {
            identity = "customer:\(access.customerID.lowercased)"
        } else {
            identity = "ip:\(request.headers[HTTPField.Name("True-Client-IP")!] ?? context.peerAddress ?? "unknown")"
        }
        if let retryAfter = await limiter.hit(identity, now: Date().timeIntervalSince1970) {
            return Response(status: .tooManyRequests, headers: [.retryAfter: String(retryAfter)])
        }
        return try await next(request, context)
    }
}

/// Fixed windows that start at a caller's first request, as Polar's limiter counts them.
actor RateLimiter {
    private let limits: [(count: Int, seconds: Double)]
    private let block: Double
    private var windows: [String: [(start: Double, count: Int)]] = [:]
    private var blockedUntil: [String: Double] = [:]

    init(limits: [(count: Int, seconds: Double)], block: Double) {
        self.limits = limits
        self.block = block
    }

    /// Counts a request; returns the seconds to wait when it is refused.
    func hit(_ identity: String, now: Double) -> Int? {
        if let until = blockedUntil[identity], until > now { return Int((until - now).rounded(.up)) }
        blockedUntil[identity] = nil
        var counts = windows[identity] ?? limits.map { _ in (now, 0) }
        var exceeded = false
        for (index, limit) in limits.enumerated() {
            if now - counts[index].start >= limit.seconds { counts[index] = (now, 0) }
            counts[index].count += 1
            if counts[index].count > limit.count { exceeded = true }
        }
        windows[identity] = counts
        guard exceeded else { return nil }
        blockedUntil[identity] = now + block
        windows[identity] = nil
        return Int(block)
    }
}
