import Foundation
import HTTPTypes
import Hummingbird

/// Polar's rate limit on a zone of routes: each caller — an organization token's organization,
/// a signed-in customer, or else a client IP (the peer, or `True-Client-IP` when the peer is a
/// trusted proxy) — may make `limits` requests per window; one more is answered 429 with an
/// empty body and `Retry-After`, as Polar's limiter answers. Counts are kept per server process.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter
    let trustedProxies: TrustedProxies
    /// Only paths under it count; `nil`: every path the middleware is added to.
    var pathPrefix: String? = nil

    /// The customer-portal email-change zone: 6 a minute and 12 an hour, then 15 minutes out.
    static func emailUpdate(trustedProxies: TrustedProxies) -> RateLimitMiddleware {
        RateLimitMiddleware(limiter: RateLimiter(limits: [(6, 60), (12, 3600)], block: 900), trustedProxies: trustedProxies)
    }

    /// Polar's general `api` zone on `/v1`: `perMinute` requests a minute (Polar's production
    /// figure is 500), refused until the minute is over.
    static func api(perMinute: Int, trustedProxies: TrustedProxies) -> RateLimitMiddleware {
        RateLimitMiddleware(limiter: RateLimiter(limits: [(perMinute, 60)], block: nil), trustedProxies: trustedProxies, pathPrefix: "/v1/")
    }

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response)
        async throws -> Response
    {
        if let pathPrefix, !request.uri.path.hasPrefix(pathPrefix) { return try await next(request, context) }
        let identity: String
        switch context.subject {
        case .organization(let access)?: identity = "organization:\(access.organizationID.lowercased)"
        case .customer(let access)?: identity = "customer:\(access.customerID.lowercased)"
        case nil:
            let forwarded = trustedProxies.contains(context.peerAddress) ? request.headers[HTTPField.Name("True-Client-IP")!] : nil
            identity = "ip:\(forwarded ?? context.peerAddress ?? "unknown")"
        }
        if let retryAfter = await limiter.hit(identity, now: Date().timeIntervalSince1970) {
            return Response(status: .tooManyRequests, headers: [.retryAfter: String(retryAfter)])
        }
        return try await next(request, context)
    }
}

/// Fixed windows that start at a caller's first request, as Polar's limiter counts them.
/// Callers whose windows and block have run out are forgotten, and at most `capacity` are
/// remembered (the oldest go first), so a flood of distinct callers cannot grow memory.
actor RateLimiter {
    private let limits: [(count: Int, seconds: Double)]
    /// How long a caller over a limit is refused; `nil`: until that limit's window ends.
    private let block: Double?
    private let capacity: Int
    private var windows: [String: [(start: Double, count: Int)]] = [:]
    private var blockedUntil: [String: Double] = [:]

    init(limits: [(count: Int, seconds: Double)], block: Double?, capacity: Int = 50_000) {
        self.limits = limits
        self.block = block
        self.capacity = capacity
    }

    /// How many callers are remembered.
    var remembered: Int { windows.count + blockedUntil.count }

    /// Counts a request; returns the seconds to wait when it is refused.
    func hit(_ identity: String, now: Double) -> Int? {
        if remembered >= capacity { forget(now: now) }
        if let until = blockedUntil[identity], until > now { return Int((until - now).rounded(.up)) }
        blockedUntil[identity] = nil
        var counts = windows[identity] ?? limits.map { _ in (now, 0) }
        var until: Double?
        for (index, limit) in limits.enumerated() {
            if now - counts[index].start >= limit.seconds { counts[index] = (now, 0) }
            counts[index].count += 1
            if counts[index].count > limit.count { until = max(until ?? 0, block.map { now + $0 } ?? counts[index].start + limit.seconds) }
        }
        windows[identity] = counts
        guard let until else { return nil }
        blockedUntil[identity] = until
        windows[identity] = nil
        return Int((until - now).rounded(.up))
    }

    /// Drops callers with nothing left to count, then, if still full, the oldest half.
    private func forget(now: Double) {
        blockedUntil = blockedUntil.filter { $0.value > now }
        windows = windows.filter { _, counts in zip(counts, limits).contains { now - $0.start < $1.seconds } }
        guard remembered >= capacity else { return }
        let oldest = windows.sorted { ($0.value.first?.start ?? 0) < ($1.value.first?.start ?? 0) }.prefix(windows.count / 2)
        for (identity, _) in oldest { windows[identity] = nil }
        if blockedUntil.count >= capacity / 2 {
            for (identity, _) in blockedUntil.sorted(by: { $0.value < $1.value }).prefix(blockedUntil.count / 2) { blockedUntil[identity] = nil }
        }
    }
}
