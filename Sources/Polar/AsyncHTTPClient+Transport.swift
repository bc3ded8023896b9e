import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// AsyncHTTPClient is ``Polar``'s default transport; `HTTPClient.shared` needs no shutdown.
extension HTTPClient: PolarTransport {
    /// Sends the request with AsyncHTTPClient and streams the response body.
    ///
    /// The timeout covers the wait for the response head only, so a long export keeps streaming.
    /// - Parameter request: The request to send.
    /// - Returns: The response, its body still streaming.
    public func send(_ request: PolarHTTPRequest) async throws -> PolarHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let timeout = request.timeout ?? .seconds(60)
        let response = try await execute(outgoing, timeout: .nanoseconds(timeout.nanoseconds))
        let body = response.body
        return PolarHTTPResponse(
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name, $0.value) },
            body: PolarByteStream {
                let box = ResponseIterator(body.makeAsyncIterator())
                return { try await box.next() }
            })
    }
}

/// Owns AsyncHTTPClient's body iterator for the closure that reads it.
private final class ResponseIterator {
    var base: HTTPClientResponse.Body.AsyncIterator
    init(_ base: HTTPClientResponse.Body.AsyncIterator) { self.base = base }
    func next() async throws -> [UInt8]? {
        guard let buffer = try await base.next() else { return nil }
        return Array(buffer.readableBytesView)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
