import Foundation
import PolarModels

extension InputReader {
    /// An absolute http(s) URL, normalised as pydantic's `HttpUrl`: scheme and host lower-cased,
    /// and an empty path written as `/`.
    mutating func httpURL(_ value: JSONValue, at loc: [LocationItem]) -> String? {
        guard case .string(let text) = value else {
            fail(loc, "url_type", "URL input should be a string or URL", input: value)
            return nil
        }
        guard text.unicodeScalars.count <= 2083 else {
            fail(
                loc, "url_too_long", "URL should have at most 2083 characters", input: value,
                ctx: .object(["max_length": 2083]))
            return nil
        }
        func parsingError(_ reason: String) -> String? {
            fail(loc, "url_parsing", "Input should be a valid URL, \(reason)", input: value, ctx: .object(["error": .string(reason)]))
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":"), trimmed[..<colon].allSatisfy({ $0.isLetter || $0 == "+" || $0 == "-" || $0 == "." }),
            trimmed.first?.isLetter == true
        else { return parsingError(trimmed.isEmpty ? "input is empty" : "relative URL without a base") }
        let scheme = trimmed[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else {
            fail(
                loc, "url_scheme", "URL scheme should be 'http' or 'https'", input: value,
                ctx: .object(["expected_schemes": "'http' or 'https'"]))
            return nil
        }
        guard let components = URLComponents(string: trimmed), let host = components.host, !host.isEmpty else {
            return parsingError("empty host")
        }
        return components.normalizedURL(scheme: scheme, host: host) ?? trimmed
    }
}

extension URLComponents {
    /// The URL as pydantic prints one it parsed: scheme and host lower-cased, the scheme's
    /// default port dropped, an empty path written as `/`.
    func normalizedURL(scheme: String, host: String) -> String? {
        var components = self
        components.scheme = scheme
        components.host = host.lowercased()
        if (scheme == "http" && components.port == 80) || (scheme == "https" && components.port == 443) { components.port = nil }
        if components.path.isEmpty { components.path = "/" }
        return components.string
    }
}
