import Foundation
import PolarModels

/// One API call before it is sent: built by the resource types, run by ``Polar/send(_:)``.
struct APIRequest: Sendable {
    var method: PolarHTTPMethod
    /// The path from the server root, each segment already percent-encoded.
    var path: String
    var query = QueryItems()
    var body: [UInt8]?
    /// The `Accept` header.
    var accept = "application/json"
    /// Whether to send the bearer token; Polar's email-change check and verify take none.
    var authenticated = true

    init(_ method: PolarHTTPMethod, _ path: String, query: QueryItems = QueryItems()) {
        self.method = method
        self.path = path
        self.query = query
    }

    /// The same request with a JSON body.
    func json(_ value: some Encodable) throws(PolarError) -> APIRequest {
        var copy = self
        do {
            copy.body = try JSONValueEncoder.serialize(value)
        } catch {
            throw PolarError(code: .encoding, underlying: error)
        }
        return copy
    }
}

extension Polar {
    /// The largest JSON body read into memory.
    static let maxResponseSize = 64 << 20
    /// The largest error body read, for the error's text.
    static let maxErrorBodySize = 1 << 20

    /// The transport request for `request`: absolute URL and every header.
    func httpRequest(for request: APIRequest) -> PolarHTTPRequest {
        var base = configuration.server.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let query = request.query.encoded
        let url = base + request.path + (query.isEmpty ? "" : "?" + query)
        var headers: [(name: String, value: String)] = []
        if request.authenticated { headers.append(("Authorization", "Bearer \(configuration.accessToken)")) }
        headers.append(("Polar-Version", configuration.apiVersion))
        headers.append(("Accept", request.accept))
        headers.append(("User-Agent", configuration.userAgent))
        if let body = request.body {
            headers.append(("Content-Type", "application/json"))
            headers.append(("Content-Length", String(body.count)))
        }
        return PolarHTTPRequest(method: request.method, url: url, headers: headers, body: request.body, timeout: configuration.timeout)
    }

    /// Sends `request`, retrying as the policy allows, and returns the first 2xx response with
    /// its body unread. Every other outcome is thrown as a ``PolarError``.
    func send(_ request: APIRequest) async throws(PolarError) -> PolarHTTPResponse {
        let outgoing = httpRequest(for: request)
        var attempt = 1
        while true {
            let (failure, outcome) = await attemptOnce(outgoing)
            guard let failure else { return outcome.response! }
            guard let retryable = outcome.retryable, !Task.isCancelled else { throw failure }
            switch configuration.retryPolicy.decision(after: retryable, method: request.method, attempt: attempt, random: hooks.random()) {
            case .stop:
                throw failure
            case .retry(let delay):
                do {
                    try await hooks.sleep(delay)
                } catch {
                    throw failure
                }
                attempt += 1
            }
        }
    }

    private struct AttemptOutcome {
        var response: PolarHTTPResponse?
        var retryable: RetryPolicy.Outcome?
    }

    /// One try: the response on success, else the error and whether it may be retried.
    private func attemptOnce(_ request: PolarHTTPRequest) async -> (PolarError?, AttemptOutcome) {
        let response: PolarHTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            return (.transport(error), AttemptOutcome(retryable: error is CancellationError ? nil : .noResponse))
        }
        if (200..<300).contains(response.status) { return (nil, AttemptOutcome(response: response)) }
        let body = (try? await response.body.collect(upTo: Self.maxErrorBodySize)) ?? []
        let error = PolarError.from(status: response.status, headers: response.headers, body: body, now: hooks.now())
        switch (response.status, error.code) {
        case (429, .rateLimited): return (error, AttemptOutcome(retryable: .rateLimited(retryAfter: error.retryAfter)))
        case (500...599, _): return (error, AttemptOutcome(retryable: .serverError))
        default: return (error, AttemptOutcome())
        }
    }

    /// Sends `request` and decodes the JSON body as `type`.
    func decode<T: Decodable>(_ type: T.Type, _ request: APIRequest) async throws(PolarError) -> T {
        let response = try await send(request)
        let body: [UInt8]
        do {
            body = try await response.body.collect(upTo: Self.maxResponseSize)
        } catch {
            throw .transport(error)
        }
        do {
            return try JSONValueDecoder().decode(type, from: body)
        } catch {
            throw PolarError(
                code: .decoding, status: response.status, responseText: String(decoding: body, as: UTF8.self), underlying: error)
        }
    }

    /// Sends `request` and drains the body, for operations answering `204 No Content` or `202`.
    func discardingBody(_ request: APIRequest) async throws(PolarError) {
        let response = try await send(request)
        do {
            for try await _ in response.body {}
        } catch {
            throw .transport(error)
        }
    }
}
