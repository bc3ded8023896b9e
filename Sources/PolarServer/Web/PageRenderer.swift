import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import PolarModels

/// Renders the web pages from the Mustache templates shipped in `Resources/web/templates`
/// (every `{{value}}` HTML-escaped), and answers them with headers that keep them private:
/// no caching, no referrer (a portal link carries a token), no framing, and a
/// Content-Security-Policy that allows no inline script.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// Extra origins Stripe.js needs, when the portal uses it.
    let stripeJS: Bool

    static func load(stripeJS: Bool) async throws -> PageRenderer {
        guard let folder = Bundle.module.url(forResource: "web", withExtension: nil) else {
            throw ConfigurationError("the web page templates are missing from the build")
        }
        return PageRenderer(library: try await MustacheLibrary(directory: folder.appendingPathComponent("templates").path), stripeJS: stripeJS)
    }

    /// The page `template` filled with `values`.
    func page(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(values, withTemplate: template) ?? "Page \(template) is missing."
        var headers = Self.privateHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = stripeJS ? Self.policyWithStripe : Self.policy
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page with a title and one message, for errors and dead ends.
    func message(_ title: String, _ text: String, status: HTTPResponse.Status, link: (href: String, label: String)? = nil) -> Response {
        var values: [String: Any] = ["title": title, "message": text]
        if let link { values["link"] = ["href": link.href, "label": link.label] }
        return page("message", values, status: status)
    }

    /// A form posted without the CSRF token of the page that showed it.
    func expiredForm() -> Response {
        message("Expired form", "This form has expired. Go back, reload the page and try again.", status: .forbidden)
    }

    /// A redirect after a form, so a reload does not post it again.
    static func redirect(_ location: String) -> Response {
        var headers = privateHeaders
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    static let privateHeaders: HTTPFields = [
        .cacheControl: "no-store", .referrerPolicy: "no-referrer", .xContentTypeOptions: "nosniff", .xFrameOptions: "DENY",
    ]
    private static let policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    private static let policyWithStripe =
        "default-src 'none'; script-src 'self' https://js.stripe.com; style-src 'self' 'unsafe-inline'; img-src 'self' data: https://*.stripe.com; "
        + "connect-src 'self' https://api.stripe.com; frame-src https://js.stripe.com https://hooks.stripe.com; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
}

/// How the pages show the API's values to people.
enum Display {
    /// A JSON value as Mustache sees it: objects as dictionaries, `null` left out.
    static func values(_ json: JSONValue) -> Any? {
        switch json {
        case .null: nil
        case .bool(let value): value
        case .integer(let value): value
        case .number(let value): value
        case .string(let value): value
        case .array(let items): items.compactMap(values)
        case .object(let members):
            Dictionary(members.compactMap { member in values(member.value).map { (member.key, $0) } }, uniquingKeysWith: { $1 })
        }
    }

    /// `2026-12-07T10:30:00Z` as `2026-12-07 10:30 UTC`; anything else as it is.
    static func time(_ json: JSONValue?) -> String? {
        guard let text = json?.stringValue else { return nil }
        guard text.count >= 16 else { return text }
        return text.prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// `1000` `usd` as `$10.00`, in Polar's format.
    static func money(_ amount: JSONValue?, currency: JSONValue?) -> String? {
        guard case .integer(let amount)? = amount, let code = currency?.stringValue else { return nil }
        guard let presentment = PresentmentCurrency.byCode[code.lowercased()] else { return "\(amount) \(code.uppercased())" }
        return presentment.format(Int64(amount))
    }

    /// A quantity without a needless `.0`.
    static func number(_ json: JSONValue?) -> String {
        switch json {
        case .integer(let value)?: String(value)
        case .number(let value)?: value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let text)?: text
        default: "0"
        }
    }
}
