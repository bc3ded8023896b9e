import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PolarModels

/// Every error the API answers with, carrying Polar's exact status, body and headers. Thrown from
/// anywhere on a request's path; anything else that escapes becomes a bare 500 (Hummingbird's
/// rule), so no internal detail reaches a client.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: JSONValue

    init(status: HTTPResponse.Status, headers: HTTPFields = [:], body: JSONValue) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body.serialized)))
    }

    /// The error's messages in one line, for a command-line tool to print.
    var summary: String {
        switch body["detail"] {
        case .string(let detail)?: detail
        case .array(let items)?: items.compactMap { $0["msg"]?.stringValue }.joined(separator: " ")
        default: "HTTP \(status.code)"
        }
    }

    /// A 422 for input that breaks the request schema (`RequestValidationError`) or a business rule
    /// (`PolarRequestValidationError`).
    static func validation(_ errors: [ValidationError], kind: ValidationKind = .schema) -> APIError {
        APIError(
            status: .unprocessableContent,
            body: .object(["error": .string(kind.rawValue), "detail": .array(errors.map(\.json))]))
    }

    enum ValidationKind: String {
        case schema = "RequestValidationError"
        case business = "PolarRequestValidationError"
        /// A business rule about a benefit's properties, under Polar's own name for it.
        case benefitProperties = "BenefitPropertiesValidationError"
    }

    static let notFound = APIError(status: .notFound, body: .object(["error": "ResourceNotFound", "detail": "Not found"]))

    /// No route, or a `Polar-Version` Polar does not know: Starlette's bare 404.
    static let routeNotFound = APIError(status: .notFound, body: .object(["detail": "Not Found"]))

    static let unauthorized = APIError(
        status: .unauthorized, headers: [.wwwAuthenticate: #"Bearer realm="polar""#],
        body: .object(["error": "Unauthorized", "detail": "Unauthorized"]))

    static let invalidToken: APIError = {
        let description = "The access token provided is expired, revoked, malformed, or invalid for other reasons."
        return APIError(
            status: .unauthorized,
            headers: [
                .wwwAuthenticate: #"Bearer realm="polar", error="invalid_token", error_description="\#(description)""#,
                .cacheControl: "no-store", .pragma: "no-cache",
            ],
            body: .object(["error": "invalid_token", "error_description": .string(description)]))
    }()

    static func insufficientScope(_ required: Set<Scope>) -> APIError {
        let description = "The request requires higher privileges than provided by the access token."
        let scopes = required.map(\.rawValue).sorted().joined(separator: " ")
        return APIError(
            status: .forbidden,
            headers: [
                .wwwAuthenticate:
                    #"Bearer realm="polar", scope="\#(scopes)", error="insufficient_scope", error_description="\#(description)""#
            ],
            body: .object(["error": "insufficient_scope", "error_description": .string(description)]))
    }

    /// A Polar error with its class name and message, e.g. `NotPermitted`.
    static func polar(_ status: HTTPResponse.Status, _ error: String, _ detail: String) -> APIError {
        APIError(status: status, body: .object(["error": .string(error), "detail": .string(detail)]))
    }

    static let invalidEmailUpdate = polar(
        .unauthorized, "InvalidCustomerEmailUpdate", "This email update request is invalid or has expired.")

    static let lengthRequired = APIError(
        status: .lengthRequired,
        body: .object(["error": "LengthRequired", "detail": "A Content-Length header is required."]))

    static let bodyTooLarge = APIError(
        status: .contentTooLarge,
        body: .object([
            "error": "RequestBodyTooLarge",
            "detail": .string("Request body exceeded the maximum allowed size of \(RequestLimits.maxBodySize) bytes."),
        ]))
}

extension ValidationError {
    var json: JSONValue {
        var members: [JSONValue.Member] = [
            .init("type", .string(type)),
            .init("loc", .array(loc.map { item in
                switch item {
                case .key(let key): .string(key)
                case .index(let index): .integer(index)
                }
            })),
            .init("msg", .string(msg)),
            .init("input", input),
        ]
        if let ctx { members.append(.init("ctx", ctx)) }
        return .object(members)
    }
}

extension HTTPField.Name {
    static let pragma = HTTPField.Name("Pragma")!
    static let polarVersion = HTTPField.Name("Polar-Version")!
}
