import Foundation
import Logging
import PolarModels
import StripeEmulator
import Testing

@testable import PolarServer

@Suite("The served OpenAPI document")
struct OpenAPIDocumentTests {
    /// Every route the API serves, as `METHOD /path/{param}`.
    static func servedRoutes(_ server: TestServer) async throws -> Set<String> {
        try await TestServer.withContext(server.database) { context in
            let configuration = ServerConfiguration(database: server.database)
            let logger = Logger(label: "routes")
            let services = Services(
                context: context, configuration: configuration, links: PortalLinks(configuration: configuration),
                stripe: StripeClient(api: EmbeddedStripeAPI(emulator: StripeEmulator(database: context.database))),
                outbox: EmailOutbox(database: context.database, logger: logger, showsBodies: false, clock: configuration.clock), logger: logger)
            return Set(buildRouter(services, configuration: configuration).routes.map { "\($0.method.rawValue) \($0.path)" })
        }
    }

    @Test("describes every route of the API, and only those")
    func everyRoute() async throws {
        let server = try await TestServer.make()
        let served = try await Self.servedRoutes(server).filter { $0.contains(" /v1/") }
        let document = try JSONValue.parse(OpenAPIDocument.bytes)
        var described: Set<String> = []
        for path in document["paths"]?.keys ?? [] {
            for method in document["paths"]?[path]?.keys ?? [] where ["get", "post", "patch", "put", "delete"].contains(method) {
                // Polar spells collection paths with a trailing slash; the router without.
                described.insert("\(method.uppercased()) \(path.hasSuffix("/") ? String(path.dropLast()) : path)")
            }
        }
        #expect(served.subtracting(described).isEmpty, "not described: \(served.subtracting(described).sorted())")
        #expect(described.subtracting(served).isEmpty, "not served: \(described.subtracting(served).sorted())")
    }

    @Test("each API version's document at /{version}/openapi.json, as Polar serves them; an unknown version is a 404")
    func versioned() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let plain = try await api.request(.get, "/openapi.json", token: .some(nil))
            #expect(plain.status == .ok)
            for version in ["2026-04", "2026-10"] {
                let document = try await api.request(.get, "/\(version)/openapi.json", token: .some(nil))
                #expect(document.status == .ok)
                #expect(document.headers[.contentType] == "application/json")
                #expect(document.json["info"]?["version"] == .string(version))
                #expect(document.json["paths"] == plain.json["paths"])
                #expect(document.json["components"] == plain.json["components"])
            }
            let unknown = try await api.request(.get, "/1999-01/openapi.json", token: .some(nil))
            #expect(unknown.status == .notFound)
            #expect(unknown.json == .object(["detail": "Not Found"]))
        }
    }
}
