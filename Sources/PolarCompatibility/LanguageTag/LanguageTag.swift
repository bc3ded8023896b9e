/// BCP 47 locale validation as Polar does it (`server/polar/kit/locale.py`) with langcodes 3.5.1:
/// `tag_is_valid(value)`, then a real language subtag of at most 3 letters, then `standardize_tag(value)`.
///
/// This is a port of langcodes' `Language.get` (with `normalize=True`), `is_valid`, `simplify_script` and
/// `to_tag`; its tables live in the generated `LanguageTagData`.
package enum LanguageTag {
    /// The normalised tag (`en_US` → `en-US`, `iw` → `he`, `zh-cmn-Hans` → `zh-Hans`), or nil when Polar answers
    /// "Invalid IETF BCP 47 language tag": unparsable or unknown subtags, `und`, private use `x-…`, a
    /// language subtag of 4+ letters, `""`. Unknown-but-well-formed regions such as `ZZ` are valid subtags.
    package static func standardize(_ raw: String) -> String? {
        guard let tag = Parsed(normalizing: raw), tag.isValid,
              let language = tag.language, language.utf8.count <= 3
        else { return nil }
        return tag.simplifiedScript().tag
    }
}

/// The fields of langcodes' `Language` object.
private struct Parsed {
    var language: String?
    var extlangs: [String] = []
    var script: String?
    var territory: String?
    var variants: [String] = []
    var extensions: [String] = []
    var privateUse: String?

    /// `Language.get(raw)`: a whole-tag replacement (`i-klingon`, `zh-cmn-hans`, `iw`, ...) wins outright;
    /// otherwise the tag is parsed and each language, extlang and region subtag replaced where deprecated.
    init?(normalizing raw: String) {
        guard let (lowered, isASCII) = Self.normalizeCharacters(raw) else { return nil }
        if let replacement = LanguageTagData.languageReplacements[lowered] {
            self.init(lowered: Self.normalizeCharacters(replacement)!.lowered, normalize: false)
        } else if isASCII {
            self.init(lowered: lowered, normalize: true)
        } else {
            return nil
        }
    }

    /// langcodes' `normalize_characters` (lower-case, `_` → `-`), and whether the tag was ASCII as
    /// `parse_tag` requires. Python's `str.lower()` turns exactly one non-ASCII character into ASCII,
    /// KELVIN SIGN → "k", so `I-\u{212A}LINGON` still matches the `i-klingon` whole-tag replacement;
    /// any other non-ASCII character can match no table key, so nil is returned at once.
    private static func normalizeCharacters(_ raw: String) -> (lowered: String, isASCII: Bool)? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        var isASCII = true
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: bytes.append(UInt8(scalar.value) | 0x20)
            case 0x5F: bytes.append(UInt8(ascii: "-"))
            case 0..<0x80: bytes.append(UInt8(scalar.value))
            case 0x212A:
                bytes.append(UInt8(ascii: "k"))
                isASCII = false
            default: return nil
            }
        }
        return (String(decoding: bytes, as: UTF8.self), isASCII)
    }

    private enum Expect: Int, Comparable {
        case extlang, script, territory, variant, extensions

        static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// `parse_tag` + `parse_subtags` + the component loop of `Language.get`, on an already lower-cased tag.
    /// Any syntax error (`LanguageTagError`) makes the tag invalid, so it simply fails the initialiser.
    private init?(lowered: String, normalize: Bool) {
        let subtags = lowered.split(separator: "-", omittingEmptySubsequences: false)
        for subtag in subtags where subtag.isEmpty || subtag.utf8.count > 8 || !subtag.utf8.allSatisfy(isAlphanumeric) {
            return nil
        }
        let first = subtags[0]
        if first == "x" {
            guard subtags.count > 1 else { return nil }
            language = lowered
            return
        }
        guard (2...4).contains(first.utf8.count) else { return nil }
        setLanguage(String(first), normalize: normalize)

        var expect = Expect.extlang
        var index = 1
        while index < subtags.count {
            let subtag = subtags[index]
            let utf8 = subtag.utf8
            let type: Expect
            switch utf8.count {
            case 1:
                guard index + 1 < subtags.count else { return nil }
                if subtag == "x" {
                    privateUse = subtags[index...].joined(separator: "-")
                    return
                }
                var end = index + 1
                while end < subtags.count, subtags[end].utf8.count != 1 { end += 1 }
                guard end > index + 1 else { return nil }
                extensions.append(subtags[index..<end].joined(separator: "-"))
                expect = .extensions
                index = end
                continue
            case 2:
                guard utf8.allSatisfy(isLetter) else { return nil }
                type = .territory
            case 3 where utf8.allSatisfy(isLetter):
                guard expect <= .extlang else { return nil }
                // Up to three 3-character subtags are extlangs, whatever characters they hold.
                var count = 0
                while index < subtags.count, subtags[index].utf8.count == 3, count < 3 {
                    addExtlang(String(subtags[index]), normalize: normalize)
                    index += 1
                    count += 1
                }
                expect = .script
                continue
            case 3:
                guard utf8.allSatisfy(isDigit) else { return nil }
                type = .territory
            case 4:
                if utf8.allSatisfy(isLetter) {
                    type = .script
                } else if isDigit(utf8.first!) {
                    type = .variant
                } else {
                    return nil
                }
            default:
                type = .variant
            }
            guard type >= expect else { return nil }
            switch type {
            case .script:
                script = subtag.prefix(1).uppercased() + subtag.dropFirst()
                expect = .territory
            case .territory:
                territory = normalize
                    ? LanguageTagData.territoryReplacements[String(subtag)] ?? subtag.uppercased()
                    : subtag.uppercased()
                expect = .variant
            default:
                variants.append(String(subtag))
                expect = .variant
            }
            index += 1
        }
    }

    private mutating func setLanguage(_ value: String, normalize: Bool) {
        if value == "und" { return }
        if normalize, let replacement = LanguageTagData.languageReplacements[value] {
            update(with: replacement)
        } else {
            language = value
        }
    }

    /// langcodes "smashes" an extlang into its language when `language-extlang` is a known replacement
    /// (`zh-cmn` → `zh`, `zh-yue` → `yue`).
    private mutating func addExtlang(_ value: String, normalize: Bool) {
        if normalize, let language,
           let replacement = LanguageTagData.languageReplacements[language + "-" + value] {
            update(with: replacement)
        } else {
            extlangs.append(value)
        }
    }

    /// Python's `data.update(Language.get(replacement).to_dict())`: only the fields the replacement has are set.
    private mutating func update(with replacement: String) {
        let other = Parsed(lowered: Self.normalizeCharacters(replacement)!.lowered, normalize: false)!
        if let value = other.language { language = value }
        if !other.extlangs.isEmpty { extlangs = other.extlangs }
        if let value = other.script { script = value }
        if let value = other.territory { territory = value }
        if !other.variants.isEmpty { variants = other.variants }
        if !other.extensions.isEmpty { extensions = other.extensions }
        if let value = other.privateUse { privateUse = value }
    }

    /// `Language.is_valid`: at most one extlang; language, script, region and variants all registered
    /// (or private use); no subtag repeated and no extension singleton used twice.
    var isValid: Bool {
        if extlangs.count > 1 { return false }
        var checked: [String] = []
        for subtag in [language, script, territory].compactMap({ $0 }) + variants {
            if !subtag.hasPrefix("x-") && !LanguageTagData.validSubtags.contains(subtag) { return false }
            checked.append(subtag)
        }
        checked += extensions.map { String($0.prefix(2)) }
        for (index, subtag) in checked.enumerated() where checked[..<index].contains(subtag) { return false }
        return true
    }

    /// `simplify_script`: drop a script that is the language's default (`en-Latn` → `en`).
    func simplifiedScript() -> Parsed {
        guard let language, let script, LanguageTagData.defaultScripts[language] == script else { return self }
        var copy = self
        copy.script = nil
        return copy
    }

    /// `to_tag`: extlangs and variants sorted, `und` standing in for a missing language.
    var tag: String {
        var parts = [language ?? "und"] + extlangs.sorted()
        if let script { parts.append(script) }
        if let territory { parts.append(territory) }
        parts += variants.sorted() + extensions
        if let privateUse { parts.append(privateUse) }
        return parts.joined(separator: "-")
    }
}

private func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) }
private func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
private func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }
