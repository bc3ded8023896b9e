import Foundation
import Hummingbird
import NIOCore

/// The pages this service serves to people rather than programs: the customer portal at
/// Polar's path (``PortalPages``), the operator dashboard (``DashboardPages``), and their
/// stylesheet and scripts under `/assets`. They sit beside the API, outside its middleware,
/// and call it in process.
struct WebPages: Sendable {
    private let responder: any HTTPResponder<AppRequestContext>

    init(portal: PortalPages, dashboard: DashboardPages, renderer: PageRenderer, assets: WebAssets) {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: WebPageErrorMiddleware(renderer: renderer))
        router.get("/assets/:file") { _, context in try assets.response(context.parameters.get("file") ?? "") }
        portal.addRoutes(to: router)
        dashboard.addRoutes(to: router)
        responder = router.buildResponder()
    }

    /// Whether `path` is a page's: `/dashboard…`, `/assets/…` or `/{slug}/portal…`. Polar's
    /// API has none of these shapes.
    static func serves(_ path: String) -> Bool {
        let segments = path.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).dropFirst()
        guard let first = segments.first else { return false }
        if first == "dashboard" || first == "assets" { return true }
        return segments.dropFirst().first == "portal" && !first.isEmpty && first != "v1"
    }

    func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        try await responder.respond(to: request, context: context)
    }
}

/// Answers the page an action chose in place of its own (``WebPageError``), and a page of its
/// own for any other error, never the API's JSON.
struct WebPageErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as WebPageError {
            return error.response
        } catch let error as any HTTPResponseError where error.status == .notFound {
            return renderer.message("Not found", "There is no page here.", status: .notFound)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            return renderer.message("Refused", "This request could not be handled.", status: error.status)
        } catch {
            context.logger.error("page failed", metadata: ["error": .string(String(describing: type(of: error)))])
            return renderer.message("Something went wrong", "The page could not be shown. Try again in a moment.", status: .internalServerError)
        }
    }
}

/// The pages' stylesheet and scripts, read once from the bundle and served by name only.
struct WebAssets: Sendable {
    private let files: [String: (type: String, bytes: [UInt8])]

    static func load() throws -> WebAssets {
        guard let folder = Bundle.module.url(forResource: "web", withExtension: nil)?.appendingPathComponent("assets") else {
            throw ConfigurationError("the web page assets are missing from the build")
        }
        var files: [String: (String, [UInt8])] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : nil
            guard let type else { continue }
            files[name] = (type, Array(try Data(contentsOf: folder.appendingPathComponent(name))))
        }
        return WebAssets(files: files)
    }

    func response(_ name: String) throws -> Response {
        guard let file = files[name] else { throw HTTPError(.notFound) }
        return Response(
            status: .ok,
            headers: [.contentType: file.type, .cacheControl: "public, max-age=300", .xContentTypeOptions: "nosniff"],
            body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}
