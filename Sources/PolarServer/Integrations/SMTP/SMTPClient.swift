import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Hands one message at a time to a mail server over SMTP (RFC 5321): EHLO (or HELO), AUTH
/// PLAIN when the URL has credentials, MAIL FROM, RCPT TO, DATA, QUIT.
struct SMTPClient: Sendable {
    let url: SMTPURL
    /// The `From` header, e.g. `Polar <noreply@example.com>`.
    let sender: String
    var timeout: Duration = .seconds(30)

    func send(_ message: EmailMessage) async throws {
        try await withTimeout(timeout) {
            let channel = try await connect()
            try await channel.executeThenClose { inbound, outbound in
                var conversation = Conversation(replies: inbound.makeAsyncIterator(), outbound: outbound)
                try await conversation.expect(nil, 220)
                if try await conversation.command("EHLO localhost").code != 250 {
                    try await conversation.expect("HELO localhost", 250)
                }
                if let username = url.username {
                    let credentials = Data("\0\(username)\0\(url.password ?? "")".utf8).base64EncodedString()
                    try await conversation.expect("AUTH PLAIN \(credentials)", 235)
                }
                try await conversation.expect("MAIL FROM:<\(Self.address(in: sender))>", 250)
                try await conversation.expect("RCPT TO:<\(message.recipient)>", 250, 251)
                try await conversation.expect("DATA", 354)
                try await conversation.expect(MailFormat.data(for: message, from: sender), 250)
                _ = try? await conversation.command("QUIT")
            }
        }
    }

    private func connect() async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let tlsContext = try url.tls ? NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let host = url.host
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: url.host, port: url.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: host))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// The bare address of a `Name <address>` mailbox.
    static func address(in mailbox: String) -> String {
        guard let open = mailbox.lastIndex(of: "<"), let close = mailbox.lastIndex(of: ">"), open < close else { return mailbox }
        return String(mailbox[mailbox.index(after: open)..<close])
    }

    /// One SMTP session: commands out, (possibly multi-line) replies in.
    private struct Conversation {
        var replies: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        var pending: [UInt8] = []

        /// Sends `line` (none for the greeting) and returns the server's reply.
        mutating func command(_ line: String?) async throws -> (code: Int, text: String) {
            if let line { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
            var text: [String] = []
            while true {
                let reply = try await nextLine()
                guard reply.count >= 3, let code = Int(reply.prefix(3)) else { throw SMTPError.unexpectedReply(command: line ?? "greeting", code: 0, text: reply) }
                text.append(String(reply.dropFirst(4)))
                // "250-…" continues a multi-line reply; "250 …" ends it.
                if reply.count < 4 || reply[reply.index(reply.startIndex, offsetBy: 3)] != "-" {
                    return (code, text.joined(separator: "\n"))
                }
            }
        }

        mutating func expect(_ line: String?, _ codes: Int...) async throws {
            let reply = try await command(line)
            guard codes.contains(reply.code) else {
                // Never echo credentials or the whole message into an error.
                let shown = line.map { String($0.prefix(while: { $0 != " " && $0 != "\r" })) } ?? "greeting"
                throw SMTPError.unexpectedReply(command: shown, code: reply.code, text: reply.text)
            }
        }

        private mutating func nextLine() async throws -> String {
            while true {
                if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    var line = Array(pending[..<end])
                    pending.removeSubrange(...end)
                    if line.last == UInt8(ascii: "\r") { line.removeLast() }
                    return String(decoding: line, as: UTF8.self)
                }
                guard let buffer = try await replies.next() else { throw SMTPError.connectionClosed }
                pending.append(contentsOf: buffer.readableBytesView)
            }
        }
    }
}

/// Runs `body`, giving up with ``SMTPError/timedOut`` after `limit`.
private func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw SMTPError.timedOut
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
