import Foundation

/// Where and how to deliver mail: `smtp://[user:password@]host[:port]` in plain text (port 25
/// by default), or `smtps://…` over TLS from the first byte (port 465 by default). Printed, it
/// never shows the password.
public struct SMTPURL: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    public var host: String
    public var port: Int
    public var tls: Bool
    public var username: String?
    public var password: String?

    public init(parsing text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "smtp" || scheme == "smtps", let host = components.host, !host.isEmpty
        else { throw SMTPError.invalidURL(text) }
        self.host = host
        tls = scheme == "smtps"
        port = components.port ?? (tls ? 465 : 25)
        username = components.user?.removingPercentEncoding
        password = components.password?.removingPercentEncoding
    }

    public var description: String {
        let user = username.map { "\($0)\(password == nil ? "" : ":<redacted>")@" } ?? ""
        return "\(tls ? "smtps" : "smtp")://\(user)\(host):\(port)"
    }

    /// Debuggers and `dump` show the description too, not the stored password.
    public var customMirror: Mirror { Mirror(self, children: ["url": description]) }
}

/// Why a message could not be handed to the mail server.
public enum SMTPError: Error, Equatable, CustomStringConvertible {
    case invalidURL(String)
    /// The server answered `code` where the conversation needed something else.
    case unexpectedReply(command: String, code: Int, text: String)
    case connectionClosed
    case timedOut

    public var description: String {
        switch self {
        case .invalidURL(let text): "not an smtp:// or smtps:// URL: \(text)"
        case .unexpectedReply(let command, let code, let text): "\(command) was answered \(code) \(text)"
        case .connectionClosed: "the mail server closed the connection"
        case .timedOut: "the mail server did not answer in time"
        }
    }
}
