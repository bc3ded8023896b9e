import Foundation
import Testing

@testable import Polar

/// An in-memory transport: records every request and answers from a script.
final class MockTransport: PolarTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [PolarHTTPRequest] = []
    private let handler: @Sendable (PolarHTTPRequest, Int) throws -> PolarHTTPResponse

    /// Answers request number `n` (from 0) with `handler(request, n)`.
    init(_ handler: @escaping @Sendable (PolarHTTPRequest, Int) throws -> PolarHTTPResponse) {
        self.handler = handler
    }

    /// Answers every request the same way.
    convenience init(_ response: @escaping @Sendable @autoclosure () -> PolarHTTPResponse) {
        self.init { _, _ in response() }
    }

    /// Answers the requests with `responses` in order (the last one repeats).
    convenience init(sequence responses: [Result<PolarHTTPResponse, any Error>]) {
        self.init { _, index in try responses[min(index, responses.count - 1)].get() }
    }

    func send(_ request: PolarHTTPRequest) async throws -> PolarHTTPResponse {
        let index = lock.withLock {
            recorded.append(request)
            return recorded.count - 1
        }
        return try handler(request, index)
    }

    var requests: [PolarHTTPRequest] { lock.withLock { recorded } }
    var lastRequest: PolarHTTPRequest? { requests.last }

    /// The last request's URL without the test server's base.
    var lastPathAndQuery: String? { lastRequest.map { String($0.url.dropFirst(MockTransport.base.count)) } }

    static let base = "https://polar.test"
}

/// Records the waits the retry loop asks for instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Duration] = []
    func record(_ duration: Duration) { lock.withLock { recorded.append(duration) } }
    var sleeps: [Duration] { lock.withLock { recorded } }
}

extension PolarHTTPResponse {
    /// A JSON response.
    static func json(_ status: Int = 200, _ text: String, headers: [(name: String, value: String)] = []) -> PolarHTTPResponse {
        PolarHTTPResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: .init(bytes: Array(text.utf8)))
    }

    /// A 200 JSON response.
    static func json(_ text: String) -> PolarHTTPResponse { json(200, text) }

    /// A response with no body.
    static func empty(_ status: Int, headers: [(name: String, value: String)] = []) -> PolarHTTPResponse {
        PolarHTTPResponse(status: status, headers: headers)
    }

    /// A plain-text response.
    static func text(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> PolarHTTPResponse {
        PolarHTTPResponse(status: status, headers: headers, body: .init(bytes: Array(text.utf8)))
    }
}

extension PolarHTTPRequest {
    /// The body as text.
    var bodyText: String? { body.map { String(decoding: $0, as: UTF8.self) } }
}

/// A client on the mock transport that never really sleeps and jitters predictably.
func makePolar(
    _ transport: MockTransport, retryPolicy: RetryPolicy = .none, sleeps: SleepRecorder = SleepRecorder(),
    random: Double = 0.5, organizationID: UUID? = nil, accessToken: String = "polar_oat_test"
) -> Polar {
    var polar = Polar(
        accessToken: accessToken, server: .custom(URL(string: MockTransport.base)!), organizationID: organizationID,
        retryPolicy: retryPolicy, transport: transport)
    polar.hooks.sleep = { sleeps.record($0) }
    polar.hooks.random = { random }
    polar.hooks.now = { Date(timeIntervalSince1970: 1_700_000_000) }
    return polar
}

enum Fixtures {
    static let customerID = UUID(uuidString: "8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70")!
    static let organizationID = UUID(uuidString: "1dbfc517-0bbf-4301-9ba8-555ca42b9737")!

    /// A customer as Polar writes one.
    static func customer(
        id: UUID = customerID, type: String = "individual", email: String? = "jane@example.com",
        metadata: String = #"{"plan":"pro"}"#, externalID: String? = "usr_1"
    ) -> String {
        let email = email.map { "\"\($0)\"" } ?? "null"
        let external = externalID.map { "\"\($0)\"" } ?? "null"
        return """
            {"id":"\(id.lowercased)","created_at":"2024-01-02T03:04:05.123456Z","modified_at":null,"metadata":\(metadata),\
            "external_id":\(external),"email":\(email),"email_verified":false,"type":"\(type)","name":"Jane",\
            "billing_name":"Jane","billing_address":{"line1":"1 Main","line2":null,"postal_code":"94107","city":"San Francisco","state":"US-CA","country":"US"},\
            "tax_id":["911144442","us_ein"],"locale":"en-US","organization_id":"\(organizationID.lowercased)",\
            "default_payment_method_id":null,"deleted_at":null,"first_user_event_at":null,\
            "avatar_url":"https://www.gravatar.com/avatar/x?d=404"}
            """
    }

    /// A list page of `items`.
    static func page(_ items: [String], total: Int, maxPage: Int) -> String {
        #"{"items":[\#(items.joined(separator: ","))],"pagination":{"total_count":\#(total),"max_page":\#(maxPage)}}"#
    }
}
