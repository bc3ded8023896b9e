import Foundation
import PolarCompatibility

/// Parses UUID text with the forms and error messages of the parser pydantic uses (Rust's
/// `uuid` crate): simple (32 hex digits), hyphenated, `{braced}` and `urn:uuid:` forms.
enum UUIDText {
    struct Problem: Error, Equatable {
        let message: String
    }

    private static let groupStarts = [0, 9, 14, 19, 24]
    private static let groupLengths = [8, 4, 4, 4, 12]

    static func parse(_ text: String) -> Result<UUID, Problem> {
        let bytes = Array(text.utf8)
        var body = bytes[...]
        if bytes.count == 38, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") {
            body = bytes[1..<37]
        } else if bytes.count == 45, text.hasPrefix("urn:uuid:") {
            body = bytes[9...]
        }
        if let uuid = hyphenated(body) ?? simple(body) { return .success(uuid) }
        return .failure(problem(text))
    }

    private static func hyphenated(_ body: ArraySlice<UInt8>) -> UUID? {
        guard body.count == 36 else { return nil }
        var hex: [UInt8] = []
        for (offset, byte) in body.enumerated() {
            if [8, 13, 18, 23].contains(offset) {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                hex.append(byte)
            }
        }
        return simple(hex[...])
    }

    private static func simple(_ hex: ArraySlice<UInt8>) -> UUID? {
        guard hex.count == 32 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 16)
        for (index, byte) in hex.enumerated() {
            guard let nibble = byte.hexDigitValue else { return nil }
            bytes[index / 2] |= index % 2 == 0 ? nibble << 4 : nibble
        }
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }

    /// Says what is wrong the way the `uuid` crate does: the first bad character, else a wrong
    /// length, group count or group length.
    private static func problem(_ text: String) -> Problem {
        var body = Substring(text)
        var offset = 0
        var simpleForm = true
        if text.hasPrefix("{"), text.hasSuffix("}"), text.count >= 2 {
            body = text.dropFirst().dropLast()
            offset = 1
            simpleForm = false
        } else if text.hasPrefix("urn:uuid:") {
            body = text.dropFirst(9)
            offset = 9
            simpleForm = false
        }
        var hyphens = 0
        var bounds = [0, 0, 0, 0]
        var byteIndex = 0
        for character in body.unicodeScalars {
            defer { byteIndex += String(character).utf8.count }
            if character == "-" {
                if hyphens < 4 { bounds[hyphens] = byteIndex }
                hyphens += 1
            } else if !character.isASCII || UInt8(character.value).hexDigitValue == nil {
                return Problem(message: "invalid character: found `\(character)` at \(byteIndex + offset + 1)")
            }
        }
        if hyphens == 0 && simpleForm {
            return Problem(message: "invalid length: expected length 32 for simple format, found \(text.utf8.count)")
        }
        if hyphens != 4 {
            return Problem(message: "invalid group count: expected 5, found \(hyphens + 1)")
        }
        for group in 0..<4 where bounds[group] != groupStarts[group + 1] - 1 {
            return Problem(
                message: "invalid group length in group \(group): expected \(groupLengths[group]), found \(bounds[group] - groupStarts[group])")
        }
        return Problem(
            message: "invalid group length in group 4: expected 12, found \(body.utf8.count - groupStarts[4])")
    }
}
