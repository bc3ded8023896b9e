import Foundation

/// Python's string built-ins over Unicode scalars (Python indexes and counts code points), at
/// Python's Unicode version: what email-validator, idna and python-stdnum (through ``PyString``)
/// rely on.
package enum Py {
    /// The Unicode version of Python 3.14's `unicodedata`, the one Polar runs. Swift's tables are newer,
    /// and code points assigned since are unassigned (category Cn, no name, no bidi class) to Python.
    static let unicodeVersion = (major: 16, minor: 0)

    /// `unicodedata.category` as Python sees it.
    static func category(_ c: Unicode.Scalar) -> Unicode.GeneralCategory {
        if c.isASCII { return asciiCategories[Int(c.value)] }
        let properties = c.properties
        guard let age = properties.age, (age.major, age.minor) <= unicodeVersion else { return .unassigned }
        return properties.generalCategory
    }

    private static let asciiCategories = (0..<128).map { Unicode.Scalar(UInt8($0)).properties.generalCategory }

    /// `str.isspace()`, which is also what `\s` and `str.strip()` use.
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    static func strip(_ s: Scalars) -> Scalars {
        guard let start = s.firstIndex(where: { !isSpace($0) }), let end = s.lastIndex(where: { !isSpace($0) }) else { return [] }
        return start == 0 && end == s.count - 1 ? s : Array(s[start...end])
    }

    static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    static func isASCIIAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        isASCIILetter(c) || ("0"..."9").contains(c)
    }

    /// `str.isalpha()` for one character: a letter category (L*).
    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        switch category(c) {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    /// `str.isalnum()`: a letter category (not marks) or any numeric character.
    static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        isLetter(c) || (category(c) != .unassigned && c.properties.numericType != nil)
    }

    static func asciiLowercased(_ c: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(c) ? Unicode.Scalar(UInt8(c.value) | 0x20) : c
    }

    static func asciiLowercased(_ s: Scalars) -> Scalars {
        s.map(asciiLowercased)
    }

    /// The first letter of `unicodedata.category`: L, M, N, P, S, Z or C.
    static func majorCategory(_ c: Unicode.Scalar) -> Character {
        switch category(c) {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: "L"
        case .nonspacingMark, .spacingMark, .enclosingMark: "M"
        case .decimalNumber, .letterNumber, .otherNumber: "N"
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: "P"
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: "S"
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: "Z"
        default: "C"
        }
    }

    static func string(_ s: some Sequence<Unicode.Scalar>) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(s.underestimatedCount)
        for c in s { UTF8.encode(c) { utf8.append($0) } }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// `unicodedata.normalize("NFC", s)`; ASCII is always normalised.
    static func nfc(_ s: Scalars) -> Scalars {
        if s.allSatisfy(\.isASCII) { return s }
        return Array(string(s).precomposedStringWithCanonicalMapping.unicodeScalars)
    }

    static func nfkc(_ s: String) -> String {
        s.precomposedStringWithCompatibilityMapping
    }

    /// Whether `unicodedata.normalize("NFC", text[index:])[0] != text[index]`. Only the character's own
    /// decomposition, the marks after it, and one following starter (Hangul jamo and a few scripts compose
    /// pairs of starters) can change the first character of the normal form.
    static func nfcChangesFirst(_ text: Scalars, at index: Int) -> Bool {
        let c = text[index]
        var end = index + 1
        while end < text.count, text[end].properties.canonicalCombiningClass.rawValue != 0 { end += 1 }
        if end < text.count { end += 1 }
        if c.isASCII && end == index + 1 { return false }
        return nfc(Array(text[index..<end])).first != c
    }

    /// `"U+%04X"`, as idna writes code points.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// email-validator's `safe_character_display`: the quoted character, or its Unicode name, or `U+XXXX`.
    static func display(_ c: Unicode.Scalar) -> String {
        if c == "\\" { return "\"\\\"" }
        switch majorCategory(c) {
        case "L", "N", "P", "S":
            return c == "'" ? "\"'\"" : "'\(Character(c))'"
        default:
            if category(c) != .unassigned, let name = c.properties.name { return name }
            let digits = String(c.value, radix: 16, uppercase: true)
            let width = c.value < 0xFFFF ? 4 : 8
            return "U+" + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
    }

    /// `", ".join(sorted({safe_character_display(c) for c in chars}))`, sorted by code point like Python.
    static func displayList(_ chars: Scalars) -> String {
        Set(chars.map(display))
            .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            .joined(separator: ", ")
    }

    static func repr(_ s: Scalars) -> String {
        repr(s.map(\.value))
    }

    /// Python's `repr()` of a string (code points, so lone surrogates can be shown as `\udXXX`).
    static func repr(_ codePoints: [UInt32]) -> String {
        let hasSingle = codePoints.contains(0x27), hasDouble = codePoints.contains(0x22)
        let quote: UInt32 = hasSingle && !hasDouble ? 0x22 : 0x27
        var result = String(Character(Unicode.Scalar(quote)!))
        for value in codePoints {
            func escaped(_ prefix: String, _ width: Int) -> String {
                let digits = String(value, radix: 16)
                return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            switch value {
            case quote, 0x5C: result += "\\" + String(Character(Unicode.Scalar(value)!))
            case 0x09: result += "\\t"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0..<0x20, 0x7F: result += escaped("\\x", 2)
            case 0x20..<0x7F: result.unicodeScalars.append(Unicode.Scalar(value)!)
            default:
                if let scalar = Unicode.Scalar(value), isPrintable(scalar) {
                    result.unicodeScalars.append(scalar)
                } else if value < 0x100 {
                    result += escaped("\\x", 2)
                } else if value < 0x10000 {
                    result += escaped("\\u", 4)
                } else {
                    result += escaped("\\U", 8)
                }
            }
        }
        result.unicodeScalars.append(Unicode.Scalar(quote)!)
        return result
    }

    /// `str.isprintable()` for one non-ASCII character: not a separator, control, format, private-use or unassigned.
    private static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch category(c) {
        case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator, .paragraphSeparator: false
        default: true
        }
    }
}

extension Py {
    /// `urllib.parse.quote_plus`: UTF-8, letters, digits and `_.-~` kept, a space as `+`, every
    /// other byte as `%XX`; how Polar writes `application/x-www-form-urlencoded` values.
    package static func quotePlus(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                encoded += "+"
            default:
                encoded += "%" + hexDigits[Int(byte >> 4)] + hexDigits[Int(byte & 0xF)]
            }
        }
        return encoded
    }

    private static let hexDigits = "0123456789ABCDEF".map(String.init)
}
