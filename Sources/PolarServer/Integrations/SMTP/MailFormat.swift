import Foundation

/// RFC 5322 messages as the SMTP `DATA` command carries them: headers (a non-ASCII subject
/// encoded as RFC 2047), a UTF-8 text body in base64 lines, and the terminating dot.
enum MailFormat {
    static func data(for message: EmailMessage, from sender: String, date: Date = Date()) -> String {
        let domain = SMTPClient.address(in: sender).split(separator: "@").last.map(String.init) ?? "localhost"
        let headers = [
            "From: \(sender)",
            "To: \(message.recipient)",
            "Subject: \(encodedHeader(message.subject))",
            "Date: \(rfc5322Date(date))",
            "Message-ID: <\(UUID().uuidString.lowercased())@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
        ]
        let body = Data(message.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        // Dot-stuffing: a line that starts with "." gets another, so it cannot end the data.
        let lines = (headers + [""] + body.components(separatedBy: "\r\n")).map { $0.hasPrefix(".") ? "." + $0 : $0 }
        return lines.joined(separator: "\r\n") + "\r\n."
    }

    static func encodedHeader(_ text: String) -> String {
        text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) ? text : "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    private static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
