import Hummingbird
import PolarModels

extension Request {
    /// The JSON body, or `nil` when there is none. Malformed JSON is Polar's 422
    /// `json_invalid`, raised before authentication as FastAPI does.
    mutating func jsonBody(context: some RequestContext) async throws -> JSONValue? {
        let buffer = try await collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return nil }
        do {
            return try JSONValue.parse(buffer.readableBytesView)
        } catch {
            throw APIError.validation([
                ValidationError(
                    loc: ["body", .index(error.position)], msg: "JSON decode error", type: "json_invalid",
                    input: .object([]), ctx: .object(["error": .string(error.message)]))
            ])
        }
    }
}
