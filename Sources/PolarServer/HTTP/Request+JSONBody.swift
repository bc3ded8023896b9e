import Hummingbird
import PolarModels

extension Request {
    /// The JSON body, or `nil` when there is none; a JSON `null` is none too, as FastAPI reads
    /// it. Malformed JSON is Polar's 422 `json_invalid`, raised before authentication as FastAPI does.
    mutating func jsonBody(context: some RequestContext) async throws -> JSONValue? {
        let buffer = try await collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return nil }
        do {
            let body = try JSONValue.parse(buffer.readableBytesView)
            // Not `nil` in a ternary: JSONValue takes a nil literal as `.null`.
            if body == .null { return .none }
            return body
        } catch {
            throw APIError.validation([
                ValidationError(
                    loc: ["body", .index(error.position)], msg: "JSON decode error", type: "json_invalid",
                    input: .object([]), ctx: .object(["error": .string(error.message)]))
            ])
        }
    }
}
