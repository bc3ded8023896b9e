import Foundation
import PolarCompatibility

/// Where Stripe sends the customer back after a payment-method challenge. Polar never rejects
/// the URL it is given: one on an allowed host is kept, a path is put under the portal, and
/// anything else becomes the portal's root. The SetupIntent is then named in the query.
struct ReturnURL: Sendable {
    let links: PortalLinks
    /// Hosts (with any port) a return URL may point at as is; empty: the portal's own host.
    let allowedHosts: Set<String>

    func sanitized(_ raw: String, setupIntent: String) -> String {
        let portalBaseURL = links.baseURL
        let allowedHosts = allowedHosts.isEmpty ? Set([links.host].compactMap { $0 }) : allowedHosts
        var base: String
        if raw.hasPrefix("/"), !raw.hasPrefix("//") {
            base = portalBaseURL + raw
        } else if let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            allowedHosts.contains(host.lowercased() + (components.port.map { ":\($0)" } ?? ""))
        {
            base = raw
        } else {
            base = portalBaseURL + "/"
        }
        return Self.settingQuery(base, "polar_setup_intent", setupIntent)
    }

    /// `url` with `key=value` in its query, replacing any earlier value, dropping empty
    /// parameters, and re-encoding the rest as Python's `urlencode` does.
    static func settingQuery(_ url: String, _ key: String, _ value: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        var pairs = QueryParameters(components.percentEncodedQuery).pairs.filter { !$0.value.isEmpty && $0.key != key }
        pairs.append((key, value))
        components.percentEncodedQuery = pairs.map { Py.quotePlus($0.key) + "=" + Py.quotePlus($0.value) }
            .joined(separator: "&")
        return components.string ?? url
    }
}
