import Hummingbird
import NIOCore
import PolarCompatibility
import PolarModels

/// Polar's API, called from inside the process exactly as a client calls it over HTTP: same
/// middleware, authentication, validation, rate limits and side effects. The web pages send
/// every read and every action through it, so they hold no rules of their own and show the
/// API's own answers and errors.
struct InProcessAPI: Sendable {
    let respond: @Sendable (Request, AppRequestContext) async throws -> Response

    /// A non-2xx answer: its status and Polar's error body.
    struct Failure: Error {
        let status: HTTPResponse.Status
        let body: JSONValue

        /// Polar's `detail` when it is a sentence, else the first validation message.
        var message: String {
            if case .string(let detail)? = body["detail"] { return detail }
            if case .array(let errors)? = body["detail"], let first = errors.first?["msg"]?.stringValue { return first }
            return "The request failed (\(status.code))."
        }

        /// Validation messages by field, the location past `body` joined with dots
        /// (`billing_address.line1`), for showing next to a form's inputs.
        var fieldErrors: [String: String] {
            guard case .array(let errors)? = body["detail"] else { return [:] }
            var fields: [String: String] = [:]
            for error in errors {
                guard case .array(let location)? = error["loc"], let message = error["msg"]?.stringValue else { continue }
                let path = location.dropFirst().map { part -> String in
                    switch part {
                    case .string(let key): key
                    case .integer(let index): String(index)
                    default: ""
                    }
                }.joined(separator: ".")
                // A choice among hundreds (countries) is named by its first few.
                let shown = message.count > 160 ? message.prefix(120) + "…" : Substring(message)
                if fields[path] == nil { fields[path] = String(shown) }
            }
            return fields
        }
    }

    /// Calls `method path` with `token` as the bearer (none when `nil`) and `json` as the body;
    /// answers the decoded body (`null` for an empty one), or throws ``Failure``.
    func call(
        _ method: HTTPRequest.Method, _ path: String, query: KeyValuePairs<String, String?> = [:], json: JSONValue? = nil,
        token: String?, context: AppRequestContext
    ) async throws -> JSONValue {
        let parameters = query.compactMap { key, value in value.map { "\(Py.quotePlus(key))=\(Py.quotePlus($0))" } }
        var head = HTTPRequest(method: method, scheme: nil, authority: nil, path: path + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&")))
        if let token { head.headerFields[.authorization] = "Bearer \(token)" }
        var body = ByteBuffer()
        if let json {
            head.headerFields[.contentType] = "application/json"
            body = ByteBuffer(bytes: json.serialized)
        }
        if method != .get { head.headerFields[.contentLength] = String(body.readableBytes) }
        var context = context
        context.subject = nil
        let request = Request(head: head, body: RequestBody(buffer: body))
        let response: Response
        do {
            response = try await respond(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        let sink = Sink()
        try await response.body.write(sink)
        let answer = sink.bytes.readableBytes == 0 ? JSONValue.null : try JSONValue.parse(sink.bytes.readableBytesView)
        guard (200..<300).contains(response.status.code) else { throw Failure(status: response.status, body: answer) }
        return answer
    }

    /// Collects a response body in memory: the API's answers to pages are small.
    private final class Sink: ResponseBodyWriter, @unchecked Sendable {
        var bytes = ByteBuffer()
        func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            bytes.writeBuffer(&buffer)
        }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
