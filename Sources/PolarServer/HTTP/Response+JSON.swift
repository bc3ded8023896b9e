import Hummingbird
import NIOCore
import PolarModels

extension Response {
    /// A JSON response written by ``JSONValueEncoder``: every key present, floats kept as floats.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONValueEncoder.serialize(value))))
    }
}
