import Foundation

/// The parts of the `idna` package (IDNA 2008 with UTS #46 mapping) that email-validator calls, with
/// idna's error messages. Labels are code-point arrays because Punycode can decode to lone surrogates.
///
/// idna's code-point tables are approximated from Swift's Unicode properties: the RFC 5892 derivation
/// for PVALID, NFKC case folding for UTS #46 mapping, and script ranges for the bidi and context rules.
enum IDNA {
    struct Failure: Error {
        let message: String
    }

    /// email-validator's `uts46_valid_char`, its own pre-filter for characters UTS #46 would refuse.
    static func isPlausibleUTS46Character(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if c.isASCII { return true }
        if (0x80...0x9F).contains(v) { return false }
        if ((0x2010...0x2060).contains(v) && !(0x2024...0x2026).contains(v) && !(0x2028...0x202E).contains(v))
            || v == 0xAD || v == 0x2064 || v == 0xFF0E || (0x200B...0x200D).contains(v) || (0x1BCA0...0x1BCA3).contains(v) {
            return true
        }
        switch Py.category(c) {
        case .format, .unassigned, .privateUse, .surrogate, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return false
        default:
            // Characters whose decomposition mapping holds a full stop, like "⒈".
            switch v {
            case 0x2024...0x2026, 0x2488...0x249B, 0x33C2, 0x33C7, 0x33D8, 0xFE52, 0x1F100: return false
            default: return true
            }
        }
    }

    /// `uts46_remap(domain, std3_rules=False, transitional=False)`: case folding and compatibility mapping,
    /// ideographic full stops to ".", default-ignorables dropped, deviation characters (ß, ς, ZWJ, ZWNJ) kept.
    static func uts46Remap(_ domain: Scalars) throws(Failure) -> Scalars {
        if domain.count > 1024 { throw Failure(message: "Domain too long") }
        var output: Scalars = []
        output.reserveCapacity(domain.count)
        for (position, c) in domain.enumerated() {
            if c.isASCII {
                output.append(Py.asciiLowercased(c))
                continue
            }
            switch c.value {
            case 0x3002, 0xFF0E, 0xFF61: output.append(".")
            case 0xDF, 0x3C2, 0x200C, 0x200D: output.append(c)
            default:
                let properties = c.properties
                if properties.isDefaultIgnorableCodePoint { continue }
                let mapped = properties.changesWhenNFKCCaseFolded ? nfkcCaseFolded(c) : [c]
                // Unassigned code points, ideographic description characters, replacement characters, and
                // characters whose compatibility form holds a full stop are disallowed.
                let disallowed = switch properties.generalCategory {
                case .unassigned, .privateUse, .surrogate: true
                default: (0x2FF0...0x2FFF).contains(c.value) || [0x31EF, 0xFFFC, 0xFFFD].contains(c.value)
                    || mapped.contains(".") || mapped.contains("\u{3002}")
                }
                if disallowed {
                    throw Failure(message: "Codepoint \(Py.hex(c.value)) not allowed at position \(position + 1) in \(Py.repr(domain))")
                }
                output += mapped
            }
        }
        return Py.nfc(output)
    }

    /// NFKC_Casefold of one character. Full case folding is approximated by lower-casing the upper-case
    /// mapping (ᲀ → В → в, ᾀ → ἈΙ → ἀι, ς → Σ → σ), except that Cherokee folds to upper case.
    private static func nfkcCaseFolded(_ c: Unicode.Scalar) -> Scalars {
        var folded = String.UnicodeScalarView()
        for scalar in Py.nfkc(String(Character(c))).unicodeScalars {
            let upper = scalar.properties.uppercaseMapping.unicodeScalars
            switch scalar.value {
            case 0x131: folded.append(scalar)
            case 0x13A0...0x13FD, 0xAB70...0xABBF: folded += upper
            default: for u in upper { folded += u.properties.lowercaseMapping.unicodeScalars }
            }
        }
        return Array(Py.nfkc(String(folded)).unicodeScalars)
    }

    /// `idna.alabel`: an ASCII label is validated (and returned as is), anything else becomes `xn--…`.
    static func alabel(_ label: Scalars) throws(Failure) -> Scalars {
        if label.count > 1024 { throw Failure(message: "Label too long") }
        if label.allSatisfy(\.isASCII) {
            _ = try ulabel(label)
            if label.count > 63 { throw Failure(message: "Label too long") }
            return label
        }
        try checkLabel(label.map(\.value))
        let encoded = Array("xn--".unicodeScalars) + Punycode.encode(label)
        if encoded.count > 63 { throw Failure(message: "Label too long") }
        return encoded
    }

    /// `idna.ulabel` for an ASCII label: lower-cased, `xn--` labels decoded, and the result validated.
    private static func ulabel(_ label: Scalars) throws(Failure) -> [UInt32] {
        if label.count > 1024 { throw Failure(message: "Label too long") }
        let lower = label.map { Py.asciiLowercased($0).value }
        guard lower.starts(with: [0x78, 0x6E, 0x2D, 0x2D]) else {
            try checkLabel(lower)
            return lower
        }
        let encoded = lower.dropFirst(4)
        if encoded.isEmpty { throw Failure(message: "Malformed A-label, no Punycode eligible content found") }
        if encoded.last == 0x2D { throw Failure(message: "A-label must not end with a hyphen") }
        guard let decoded = Punycode.decode(Array(encoded)) else { throw Failure(message: "Invalid A-label") }
        try checkLabel(decoded)
        return decoded
    }

    /// `idna.decode(ascii_domain)`: every label through `ulabel`.
    static func decode(_ domain: Scalars) throws(Failure) -> Scalars {
        if domain.count > 254 { throw Failure(message: "Domain too long") }
        let labels = try splitLabels(domain)
        var result: Scalars = []
        for (index, label) in labels.enumerated() {
            let decoded = try ulabel(label)
            if decoded.isEmpty { throw Failure(message: "Empty label") }
            if index > 0 { result.append(".") }
            result += decoded.compactMap(Unicode.Scalar.init)
        }
        return result
    }

    /// `idna.encode(domain)`: every label through `alabel`, re-checking the normalised Unicode form.
    static func encode(_ domain: Scalars) throws(Failure) {
        if domain.count > 254 { throw Failure(message: "Domain too long") }
        var length = 0
        for (index, label) in try splitLabels(domain).enumerated() {
            let encoded = try alabel(label)
            if encoded.isEmpty { throw Failure(message: "Empty label") }
            length += encoded.count + (index > 0 ? 1 : 0)
        }
        if length > 253 { throw Failure(message: "Domain too long") }
    }

    /// Splits at any of idna's four label separators, dropping one trailing empty label.
    private static func splitLabels(_ domain: Scalars) throws(Failure) -> [Scalars] {
        var labels = domain.split(omittingEmptySubsequences: false) { [0x2E, 0x3002, 0xFF0E, 0xFF61].contains($0.value) }
            .map(Array.init)
        if labels == [[]] { throw Failure(message: "Empty domain") }
        if labels.last?.isEmpty == true { labels.removeLast() }
        return labels
    }

    /// `idna.check_label`: NFC, hyphen placement, no leading mark, every code point allowed in context, bidi rule.
    private static func checkLabel(_ label: [UInt32]) throws(Failure) {
        if label.count > 1024 { throw Failure(message: "Label too long") }
        if label.isEmpty { throw Failure(message: "Empty Label") }
        if label.count > 254 { throw Failure(message: "Label too long") }
        // Lower-case letters, digits and hyphens are PVALID, NFC and left-to-right: only hyphens can fail.
        if label.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }) {
            return try checkHyphens(label)
        }
        let scalars = label.map { Unicode.Scalar($0) ?? "\u{FFFD}" }
        if Py.nfc(scalars) != scalars { throw Failure(message: "Label must be in Normalization Form C") }
        try checkHyphens(label)
        if let first = Unicode.Scalar(label[0]), Py.majorCategory(first) == "M" {
            throw Failure(message: "Label begins with an illegal combining character")
        }
        for (position, codePoint) in label.enumerated() {
            switch CodePointClass(codePoint) {
            case .pvalid:
                continue
            case .contextJ:
                if !isValidContextJ(label, at: position) {
                    throw Failure(message: "Joiner \(Py.hex(codePoint)) not allowed at position \(position + 1) in \(Py.repr(label))")
                }
            case .contextO:
                if !isValidContextO(label, at: position) {
                    throw Failure(message: "Codepoint \(Py.hex(codePoint)) not allowed at position \(position + 1) in \(Py.repr(label))")
                }
            case .disallowed:
                throw Failure(message: "Codepoint \(Py.hex(codePoint)) at position \(position + 1) of \(Py.repr(label)) not allowed")
            }
        }
        try checkBidi(label)
    }

    private static func checkHyphens(_ label: [UInt32]) throws(Failure) {
        if label.count >= 4 && label[2] == 0x2D && label[3] == 0x2D {
            throw Failure(message: "Label has disallowed hyphens in 3rd and 4th position")
        }
        if label.first == 0x2D || label.last == 0x2D { throw Failure(message: "Label must not start or end with a hyphen") }
    }

    /// RFC 5892's derivation of a code point's IDNA 2008 class, with its exceptions table.
    private enum CodePointClass {
        case pvalid, contextJ, contextO, disallowed

        init(_ codePoint: UInt32) {
            switch codePoint {
            case 0x61...0x7A, 0x30...0x39, 0x2D: self = .pvalid
            case 0...0x7F: self = .disallowed
            case 0xDF, 0x3C2, 0x6FD, 0x6FE, 0xF0B, 0x3007: self = .pvalid
            case 0xB7, 0x375, 0x5F3, 0x5F4, 0x30FB, 0x660...0x669, 0x6F0...0x6F9: self = .contextO
            case 0x640, 0x7FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: self = .disallowed
            case 0x200C, 0x200D: self = .contextJ
            case 0x1100...0x11FF, 0xA960...0xA97F, 0xD7B0...0xD7FF: self = .disallowed  // old Hangul jamo
            case 0x20D0...0x20FF, 0x1D100...0x1D24F: self = .disallowed  // ignorable blocks
            default:
                guard let scalar = Unicode.Scalar(codePoint) else { self = .disallowed; return }
                let properties = scalar.properties
                if properties.changesWhenNFKCCaseFolded || properties.isDefaultIgnorableCodePoint
                    || properties.isWhitespace || properties.isNoncharacterCodePoint {
                    self = .disallowed
                    return
                }
                switch properties.generalCategory {
                case .lowercaseLetter, .uppercaseLetter, .otherLetter, .modifierLetter, .nonspacingMark, .spacingMark, .decimalNumber:
                    self = .pvalid
                default:
                    self = .disallowed
                }
            }
        }
    }

    /// RFC 5892 Appendix A.1/A.2: ZWNJ after a virama or between joining letters; ZWJ only after a virama.
    private static func isValidContextJ(_ label: [UInt32], at position: Int) -> Bool {
        let followsVirama = position > 0 && Unicode.Scalar(label[position - 1])?.properties.canonicalCombiningClass.rawValue == 9
        if followsVirama { return true }
        guard label[position] == 0x200C else { return false }
        func joins(_ indices: some Sequence<Int>, _ accepted: Set<Character>) -> Bool {
            for index in indices {
                guard let type = joiningType(label[index]) else { return false }
                if type == "T" { continue }
                return accepted.contains(type)
            }
            return false
        }
        return joins(stride(from: position - 1, through: 0, by: -1), ["L", "D"])
            && joins((position + 1)..<label.count, ["R", "D"])
    }

    /// Approximate Unicode joining types: marks are transparent, Arabic-family letters dual- or right-joining.
    private static func joiningType(_ codePoint: UInt32) -> Character? {
        guard let scalar = Unicode.Scalar(codePoint) else { return nil }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return "T"
        case .otherLetter: break
        default: return nil
        }
        switch codePoint {
        case 0x621, 0x674: return nil
        case 0x622...0x625, 0x627, 0x629, 0x62F...0x632, 0x648, 0x671...0x673, 0x675...0x677, 0x688...0x699,
             0x6C0, 0x6C3...0x6CB, 0x6CD, 0x6CF, 0x6D2, 0x6D3, 0x6D5, 0x6EE, 0x6EF, 0x759...0x75B, 0x76B, 0x76C,
             0x771, 0x773, 0x774, 0x778, 0x779:
            return "R"
        case 0x620...0x6FF, 0x710...0x74F, 0x750...0x77F, 0x7CA...0x7EA, 0x8A0...0x8C9, 0x1820...0x18AA, 0xA840...0xA872,
             0x10AC0...0x10AEF, 0x10B80...0x10BAF, 0x10D00...0x10D23, 0x10F30...0x10F54, 0x1E900...0x1E943:
            return "D"
        default:
            return nil
        }
    }

    /// RFC 5892 Appendix A.3–A.9, as idna's `valid_contexto`.
    private static func isValidContextO(_ label: [UInt32], at position: Int) -> Bool {
        let codePoint = label[position]
        switch codePoint {
        case 0xB7:
            return position > 0 && position < label.count - 1 && label[position - 1] == 0x6C && label[position + 1] == 0x6C
        case 0x375:
            return position < label.count - 1 && Script.greek.contains(label[position + 1])
        case 0x5F3, 0x5F4:
            return position > 0 && Script.hebrew.contains(label[position - 1])
        case 0x30FB:
            return label.contains { $0 != 0x30FB && (Script.hiragana.contains($0) || Script.katakana.contains($0) || Script.han.contains($0)) }
        case 0x660...0x669:
            return !label.contains { (0x6F0...0x6F9).contains($0) }
        case 0x6F0...0x6F9:
            return !label.contains { (0x660...0x669).contains($0) }
        default:
            return false
        }
    }

    /// The Unicode Script ranges the CONTEXTO rules consult.
    private struct Script {
        let ranges: [ClosedRange<UInt32>]

        func contains(_ codePoint: UInt32) -> Bool { ranges.contains { $0.contains(codePoint) } }

        static let greek = Script(ranges: [0x370...0x373, 0x375...0x377, 0x37A...0x37D, 0x37F...0x37F, 0x384...0x384,
                                           0x386...0x386, 0x388...0x3E1, 0x3F0...0x3FF, 0x1D26...0x1D2A, 0x1F00...0x1FFE,
                                           0x2126...0x2126, 0xAB65...0xAB65, 0x10140...0x1018E, 0x101A0...0x101A0, 0x1D200...0x1D245])
        static let hebrew = Script(ranges: [0x591...0x5C7, 0x5D0...0x5EA, 0x5EF...0x5F4, 0xFB1D...0xFB4F])
        static let hiragana = Script(ranges: [0x3041...0x3096, 0x309D...0x309F, 0x1B001...0x1B11F, 0x1B132...0x1B132,
                                              0x1B150...0x1B152, 0x1F200...0x1F200])
        static let katakana = Script(ranges: [0x30A1...0x30FA, 0x30FD...0x30FF, 0x31F0...0x31FF, 0x32D0...0x32FE,
                                              0x3300...0x3357, 0xFF66...0xFF6F, 0xFF71...0xFF9D, 0x1AFF0...0x1AFFE,
                                              0x1B000...0x1B000, 0x1B120...0x1B122, 0x1B155...0x1B155, 0x1B164...0x1B167])
        static let han = Script(ranges: [0x2E80...0x2FD5, 0x3005...0x3005, 0x3007...0x3007, 0x3021...0x3029,
                                         0x3038...0x303B, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAD9,
                                         0x16FE2...0x16FE3, 0x16FF0...0x16FF1, 0x20000...0x3FFFF])
    }

    /// Bidi classes, of which only those RFC 5893 distinguishes.
    private enum Bidi {
        case l, r, al, an, en, es, nsm, bn, on

        /// An approximation of the Unicode Bidi_Class from script ranges and general categories.
        init(_ codePoint: UInt32) {
            switch codePoint {
            case 0x30...0x39, 0x6F0...0x6F9: self = .en
            case 0x2D: self = .es
            case 0...0x7F: self = .l
            case 0x200C, 0x200D: self = .bn
            default:
                guard let scalar = Unicode.Scalar(codePoint) else { self = .l; return }
                let properties = scalar.properties
                switch properties.generalCategory {
                case .nonspacingMark, .enclosingMark: self = .nsm; return
                default: if properties.isDefaultIgnorableCodePoint { self = .bn; return }
                }
                switch codePoint {
                case 0x600...0x605, 0x660...0x669, 0x66B...0x66C, 0x6DD, 0x890...0x891, 0x8E2, 0x10D30...0x10D39, 0x10E60...0x10E7E:
                    self = .an
                case 0x600...0x7BF, 0x860...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF, 0x10D00...0x10D3F, 0x10EC0...0x10EFF,
                     0x10F30...0x10F6F, 0x1EC70...0x1ECBF, 0x1ED00...0x1ED4F, 0x1EE00...0x1EEFF:
                    self = .al
                case 0x590...0x5FF, 0x7C0...0x85F, 0xFB1D...0xFB4F, 0x10800...0x10FFF, 0x1E800...0x1EFFF:
                    self = .r
                default:
                    switch Py.majorCategory(scalar) {
                    case "L", "M", "N": self = .l
                    default: self = .on
                    }
                }
            }
        }
    }

    /// `idna.check_bidi` (RFC 5893), applied only to labels holding right-to-left characters.
    private static func checkBidi(_ label: [UInt32]) throws(Failure) {
        for (index, codePoint) in label.enumerated() {
            if Unicode.Scalar(codePoint).map(Py.category) ?? .surrogate == .unassigned {
                throw Failure(message: "Unknown directionality in label \(Py.repr(label)) at position \(index + 1)")
            }
        }
        let classes = label.map(Bidi.init)
        guard classes.contains(where: { $0 == .r || $0 == .al || $0 == .an }) else { return }
        let rtl: Bool
        switch classes[0] {
        case .r, .al: rtl = true
        case .l: rtl = false
        default: throw Failure(message: "First codepoint in label \(Py.repr(label)) must be directionality L, R or AL")
        }
        var validEnding = false
        var numberType: Bidi?
        for (index, direction) in classes.enumerated() {
            if rtl {
                if direction == .l {
                    throw Failure(message: "Invalid direction for codepoint at position \(index + 1) in a right-to-left label")
                }
                if [.r, .al, .en, .an].contains(direction) { validEnding = true } else if direction != .nsm { validEnding = false }
                if direction == .an || direction == .en {
                    if numberType == nil {
                        numberType = direction
                    } else if numberType != direction {
                        throw Failure(message: "Can not mix numeral types in a right-to-left label")
                    }
                }
            } else {
                if [.r, .al, .an].contains(direction) {
                    throw Failure(message: "Invalid direction for codepoint at position \(index + 1) in a left-to-right label")
                }
                if direction == .l || direction == .en { validEnding = true } else if direction != .nsm { validEnding = false }
            }
        }
        if !validEnding { throw Failure(message: "Label ends with illegal codepoint directionality") }
    }
}
