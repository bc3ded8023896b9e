import Foundation
import NIOConcurrencyHelpers
import PolarModels

/// The OpenAPI document describing what this server implements: at `/openapi.json`, and for each
/// API version at `/{version}/openapi.json` as Polar serves its own (the routes here are the same
/// in every version, so only `info.version` differs).
enum OpenAPIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return Array(#"{"detail":"OpenAPI document missing from the build"}"#.utf8) }
        return Array(data)
    }()

    private static let versions = NIOLockedValueBox<[String: [UInt8]]>([:])

    /// The document for `version`, or nil for a version this server does not speak.
    static func bytes(version: String) -> [UInt8]? {
        guard PreRoutingMiddleware<AppRequestContext>.supportedVersions.contains(version) else { return nil }
        if let cached = versions.withLockedValue({ $0[version] }) { return cached }
        guard case .object(var members) = try? JSONValue.parse(bytes),
            let index = members.firstIndex(where: { $0.key == "info" }),
            case .object(var info) = members[index].value
        else { return nil }
        info = info.map { $0.key == "version" ? .init("version", .string(version)) : $0 }
        members[index].value = .object(info)
        let rendered = Array(JSONValue.object(members).serialized)
        versions.withLockedValue { $0[version] = rendered }
        return rendered
    }
}
