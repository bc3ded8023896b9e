import Foundation

/// Sends one HTTP request and returns the response as soon as its head arrives.
///
/// ``Polar`` talks to the network only through this protocol. The default is AsyncHTTPClient's
/// `HTTPClient.shared`; swap it for another client, a proxy, or an in-memory fake in tests:
///
/// ```swift
/// let transport = ClosureTransport { request in
///     PolarHTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: .init(bytes: Array(#"{"items":[],"pagination":{"total_count":0,"max_page":0}}"#.utf8)))
/// }
/// let polar = Polar(accessToken: "polar_oat_…", transport: transport)
/// ```
///
/// A transport throws only when no response was received (connection refused, reset,
/// timed out); any status, including 4xx and 5xx, is returned. ``Polar`` wraps what it throws
/// in ``PolarError`` coded `.transport`.
public protocol PolarTransport: Sendable {
    /// Sends `request` and returns the status, headers and a stream of the body.
    /// - Parameter request: The request, with an absolute URL and every header set.
    /// - Returns: The response; its body may still be arriving.
    func send(_ request: PolarHTTPRequest) async throws -> PolarHTTPResponse
}

/// An HTTP method ``Polar`` uses.
public struct PolarHTTPMethod: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The method's name, upper case.
    public var rawValue: String
    /// Creates a method from its name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The method's name.
    public var description: String { rawValue }

    /// `GET`.
    public static let get = PolarHTTPMethod(rawValue: "GET")
    /// `POST`.
    public static let post = PolarHTTPMethod(rawValue: "POST")
    /// `PATCH`.
    public static let patch = PolarHTTPMethod(rawValue: "PATCH")
    /// `PUT`.
    public static let put = PolarHTTPMethod(rawValue: "PUT")
    /// `DELETE`.
    public static let delete = PolarHTTPMethod(rawValue: "DELETE")
}

/// A request as a ``PolarTransport`` receives it.
public struct PolarHTTPRequest: Sendable {
    /// The method.
    public var method: PolarHTTPMethod
    /// The absolute URL, path and query already percent-encoded.
    public var url: String
    /// Header fields in the order they are sent.
    public var headers: [(name: String, value: String)]
    /// The body, `nil` for none.
    public var body: [UInt8]?
    /// How long to wait for the response head; `nil` for the transport's default.
    public var timeout: Duration?

    /// Creates a request.
    public init(
        method: PolarHTTPMethod, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The first value of header `name`, compared ignoring case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A response as a ``PolarTransport`` returns it.
public struct PolarHTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields as received.
    public var headers: [(name: String, value: String)]
    /// The body, streamed; it can be read once.
    public var body: PolarByteStream

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: PolarByteStream = .init(bytes: [])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name`, compared ignoring case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A ``PolarTransport`` made from a closure: for tests, logging wrappers, or adapting another
/// HTTP client.
public struct ClosureTransport: PolarTransport {
    private let handler: @Sendable (PolarHTTPRequest) async throws -> PolarHTTPResponse

    /// Creates a transport that answers every request with `handler`.
    /// - Parameter handler: Returns the response for a request, or throws when none could be had.
    public init(_ handler: @escaping @Sendable (PolarHTTPRequest) async throws -> PolarHTTPResponse) {
        self.handler = handler
    }

    /// Calls the closure.
    public func send(_ request: PolarHTTPRequest) async throws -> PolarHTTPResponse {
        try await handler(request)
    }
}
