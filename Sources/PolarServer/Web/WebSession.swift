import Crypto
import Foundation
import Hummingbird
import PolarCompatibility
import PolarModels

/// How a browser stays signed in to a page: the token it signed in with, in an HttpOnly cookie
/// scoped to the pages' path (never in a URL), and a CSRF token derived from it that every
/// form carries back. A cross-site form cannot know it, and the cookie's SameSite keeps it off
/// cross-site posts anyway.
struct WebSession: Sendable {
    /// The cookie's name.
    let name: String
    /// The path the cookie is sent for.
    let path: String
    /// `Strict` for the dashboard; `Lax` for the portal, whose sign-in link arrives from
    /// another site (a Strict cookie would be held back on the redirect that follows it).
    let sameSite: Cookie.SameSite
    /// Sent over HTTPS only, when the service is reached over HTTPS.
    let secure: Bool

    static func portal(slug: String, secure: Bool) -> WebSession {
        WebSession(name: "polar_portal", path: "/\(slug)/portal", sameSite: .lax, secure: secure)
    }

    static func dashboard(secure: Bool) -> WebSession {
        WebSession(name: "polar_dashboard", path: "/dashboard", sameSite: .strict, secure: secure)
    }

    /// The signed-in token, if the browser sent one.
    func token(_ request: Request) -> String? {
        request.cookies[name]?.value.nilIfEmpty
    }

    func signIn(_ response: inout Response, token: String) {
        response.setCookie(Cookie(name: name, value: token, path: path, secure: secure, httpOnly: true, sameSite: sameSite))
    }

    func signOut(_ response: inout Response) {
        response.setCookie(Cookie(name: name, value: "", maxAge: 0, path: path, secure: secure, httpOnly: true, sameSite: sameSite))
    }

    /// The CSRF token of a signed-in `token`: a hash of it, which only its holder can compute.
    static func csrf(for token: String) -> String {
        SHA256.hash(data: Data(("polar-web-csrf:" + token).utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// An `application/x-www-form-urlencoded` body, as a browser posts a form.
struct WebForm: Sendable {
    let fields: QueryParameters

    static func read(_ request: Request) async throws -> WebForm {
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        return WebForm(fields: QueryParameters(String(buffer: body)))
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// A text field as the API takes it: trimmed, and `null` when left empty.
    func optionalText(_ name: String) -> JSONValue {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return .null }
        return .string(value)
    }

    /// Whether the form carries the CSRF token of `token`.
    func isGenuine(for token: String) -> Bool {
        guard let sent = fields["csrf"] else { return false }
        return sent.utf8.elementsEqual(WebSession.csrf(for: token).utf8)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
