import Foundation

/// The OpenAPI document describing what this server implements, served at `/openapi.json`.
enum OpenAPIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return Array(#"{"detail":"OpenAPI document missing from the build"}"#.utf8) }
        return Array(data)
    }()
}
