import Foundation

/// Why an email address was rejected; `reason` is email-validator's own message text,
/// e.g. "An email address must have an @-sign.".
package struct EmailSyntaxError: Error, Equatable {
    package let reason: String
}

/// Email syntax validation and normalisation as Polar's `EmailStr` fields do it: pydantic 2.13's
/// `validate_email` in front of email-validator 2.3.0 with `check_deliverability=False` (idna 3.18).
///
/// The code follows email-validator's `validate_email` step by step, because the first error it raises
/// is the one Polar reports. Text is handled as arrays of Unicode scalars, since Python indexes and
/// counts code points (Swift's `Character` would merge combining sequences).
///
/// Exact for ASCII input, including `xn--` labels. Non-ASCII domains go through UTS #46 mapping and
/// IDNA 2008 label checks derived from Swift's Unicode properties instead of idna's tables, which agree
/// for letters, digits and marks in everyday use but may differ on exotic code points.
package enum EmailAddress {
    /// The normalised address (`local@domain`, domain lower-cased and in Unicode form), or the reason
    /// email-validator gives for rejecting it.
    package static func normalize(_ raw: String) -> Result<String, EmailSyntaxError> {
        Result { () throws(EmailSyntaxError) in try validate(Array(raw.unicodeScalars)) }
    }

    private static func validate(_ input: Scalars) throws(EmailSyntaxError) -> String {
        // pydantic: a length cap, the "Name <address>" form, then surrounding whitespace stripped.
        guard input.count <= 2048 else { throw fail("Length must not exceed 2048 characters") }
        let email = Py.strip(Array(PrettyAddress.address(in: input) ?? input[...]))

        let parts = try AddressParts(splitting: email)
        var local = try LocalPart.validate(parts.localPart, quoted: parts.isQuoted)
        // RFC 6532 §3.1: return the NFC form of the local part, which must itself be valid.
        let normalizedLocal = Py.nfc(local.text)
        if normalizedLocal != local.text {
            do {
                _ = try LocalPart.validate(normalizedLocal, quoted: parts.isQuoted)
            } catch {
                throw fail("After Unicode normalization: " + error.reason)
            }
            local.text = normalizedLocal
        }
        if parts.isQuoted { throw fail("Quoting the part before the @-sign is not allowed here.") }
        // RFC 2142 role mailboxes (postmaster@, info@ ...) are case-insensitive, so they are lower-cased.
        if let ascii = local.ascii, ascii.count <= 10, caseInsensitiveMailboxes.contains(Py.asciiLowercased(ascii)) {
            local.ascii = Py.asciiLowercased(ascii)
            local.text = Py.asciiLowercased(local.text)
        }

        guard !parts.domain.isEmpty else { throw fail("There must be something after the @-sign.") }
        if parts.domain.first == "[" && parts.domain.last == "]" {
            try DomainLiteral.validate(Array(parts.domain.dropFirst().dropLast()))
            throw fail("A bracketed IP address after the @-sign is not allowed here.")
        }
        let domain = try DomainName.validate(parts.domain)

        // The original text (quotes put back), the normalised address, then the ASCII-domain form.
        let quotes: Scalars = parts.isQuoted ? ["\""] : []
        try checkLength([quotes, parts.localPart, quotes, ["@"], parts.domain], reason: nil)
        try checkLength([local.text, ["@"], domain.unicode], reason: "after normalization")
        try checkLength([local.ascii ?? local.text, ["@"], domain.ascii],
                        reason: "when the part after the @-sign is converted to IDNA ASCII")
        let normalized = local.text + ["@"] + domain.unicode

        if parts.displayName != nil {
            throw fail("A display name and angle brackets around the email address are not permitted here.")
        }
        return Py.string(normalized)
    }

    private static let caseInsensitiveMailboxes: Set<Scalars> = Set([
        "info", "marketing", "sales", "support", "abuse", "noc", "security",
        "postmaster", "hostmaster", "usenet", "news", "webmaster", "www", "uucp", "ftp",
    ].map { Array($0.unicodeScalars) })

    /// `validate_email_length` for one form of the address, given as the pieces that make it up:
    /// at most 254 UTF-8 bytes.
    private static func checkLength(_ pieces: [Scalars], reason: String?) throws(EmailSyntaxError) {
        var bytes = 0
        var count = 0
        for piece in pieces {
            count += piece.count
            bytes += piece.reduce(0) { $0 + UTF8.width($1) }
        }
        let diff = bytes - 254
        guard diff > 0 else { return }
        let s = diff > 1 ? "s" : ""
        let detail: String
        if let reason {
            detail = "\(reason) (\(diff) byte\(s) too many)"
        } else if bytes == count {
            detail = "(\(diff) character\(s) too many)"
        } else {
            let widest = pieces.joined().map(UTF8.width).max() ?? 1
            let chars = max(1, diff / widest)
            detail = chars == diff ? "(\(diff) character\(s) too many)" : "(\(chars)-\(diff) character\(s) too many)"
        }
        throw fail("The email address is too long \(detail).")
    }
}

typealias Scalars = [Unicode.Scalar]

private func fail(_ reason: String) -> EmailSyntaxError {
    EmailSyntaxError(reason: reason)
}

// MARK: - pydantic's "pretty" address form

/// pydantic's `pretty_email_regex`, `\s*(?:NAME|"QUOTED")?\s*<(.+)>\s*` with full-match semantics,
/// reproduced by scanning: which `<` the regex settles on follows its backtracking order.
private enum PrettyAddress {
    /// The text between the angle brackets, or nil when the regex does not match.
    static func address(in s: Scalars) -> ArraySlice<Unicode.Scalar>? {
        guard let lead = s.firstIndex(where: { !Py.isSpace($0) }),
              let close = s.lastIndex(where: { !Py.isSpace($0) }), s[close] == ">"
        else { return nil }
        /// `.+` between `<` at `open` and the final `>`: non-empty, no newline (`.` excludes only "\n").
        func content(after open: Int) -> ArraySlice<Unicode.Scalar>? {
            guard open + 1 < close else { return nil }
            let text = s[(open + 1)..<close]
            return text.contains("\n") ? nil : text
        }
        // Unquoted name: runs of name characters and whitespace up to the first "<".
        if isNameCharacter(s[lead]), let open = s[lead...].firstIndex(of: "<"),
           s[lead..<open].allSatisfy({ isNameCharacter($0) || Py.isSpace($0) }) {
            return content(after: open)
        }
        // Quoted name: greedy, so the last closing quote that is followed by `\s*<…>` wins.
        if s[lead] == "\"" {
            var quote = close - 1
            while quote >= lead + 2 {
                if s[quote] == "\"", let open = s[(quote + 1)...].firstIndex(where: { !Py.isSpace($0) }),
                   s[open] == "<", let text = content(after: open) {
                    return text
                }
                quote -= 1
            }
            return nil
        }
        return s[lead] == "<" ? content(after: lead) : nil
    }

    /// `[\w!#$%&'*+\-/=?^_`{|}~]` in Python's Unicode mode.
    private static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            return Py.isASCIIAlphanumeric(c) || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(c)
        }
        return Py.isAlphanumeric(c)
    }
}

// MARK: - Splitting: display name, local part, domain

/// email-validator's `split_email`.
private struct AddressParts {
    var displayName: Scalars?
    var localPart: Scalars
    var domain: Scalars
    var isQuoted: Bool

    init(splitting email: Scalars) throws(EmailSyntaxError) {
        var (left, right) = try Self.splitAtUnquotedSpecial(email, specials: ["@", "<"])
        if right.first == "<" {
            // "Display Name <addr>": the name is quoted, or plain atext and spaces (no periods).
            while let last = left.last, Py.isSpace(last) { left.removeLast() }
            let (name, nameQuoted) = try Self.unquote(left)
            if !nameQuoted {
                let bad = name.filter { c in (!Atext.isAtextOrDot(c) && c != " ") || c == "." }
                if !bad.isEmpty {
                    throw fail("The display name contains invalid characters when not quoted: "
                        + Py.displayList(bad) + ".")
                }
            }
            try checkUnsafeCharacters(name, allowSpace: true)
            guard right.contains(">") else {
                throw fail("An open angle bracket at the start of the email address has to be followed by a close angle bracket at the end.")
            }
            while right.last == " " { right.removeLast() }
            guard right.last == ">" else { throw fail("There can't be anything after the email address.") }
            var addrSpec = Array(right.dropFirst())
            while addrSpec.last == ">" { addrSpec.removeLast() }
            displayName = name
            (left, right) = try Self.splitAtUnquotedSpecial(addrSpec, specials: ["@"])
        }
        if right.first == "@" { right.removeFirst() }
        (localPart, isQuoted) = try Self.unquote(left)
        domain = right
    }

    /// Splits before the first `specials` character that is outside quotes and does not combine with
    /// what follows (a `<` followed by U+0338 normalises to "≮" and is not a bracket).
    private static func splitAtUnquotedSpecial(_ text: Scalars, specials: [Unicode.Scalar])
        throws(EmailSyntaxError) -> (Scalars, Scalars)
    {
        var insideQuote = false
        var escaped = false
        var split: Int?
        for (index, c) in text.enumerated() {
            // Python compares the first character of NFC(text[index...]) with c; that can only change
            // the outcome for quotes, backslashes, specials, and whatever follows a backslash.
            let mayMatter = c == "\"" || c == "\\" || specials.contains(c) || (insideQuote && escaped)
            if mayMatter && Py.nfcChangesFirst(text, at: index) { continue }
            if insideQuote {
                if c == "\\" && !escaped {
                    escaped = true
                } else if c == "\"" && !escaped {
                    insideQuote = false
                    escaped = false
                } else {
                    escaped = false
                }
            } else if c == "\"" {
                insideQuote = true
            } else if specials.contains(c) {
                split = index
                break
            }
        }
        guard let split else { throw missingAtSign(text) }
        return (Array(text[..<split]), Array(text[split...]))
    }

    private static func missingAtSign(_ text: Scalars) -> EmailSyntaxError {
        if text.contains("\u{FF20}") {
            return fail("The email address has the \"full-width\" at-sign (@) character instead of a regular at-sign.")
        }
        if text.contains("\u{FE6B}") {
            return fail("The email address has the \"small commercial at\" character instead of a regular at-sign.")
        }
        return fail("An email address must have an @-sign.")
    }

    /// `unquote_quoted_string`: strips a leading quote and unescapes; an unclosed quote runs to the end.
    private static func unquote(_ text: Scalars) throws(EmailSyntaxError) -> (Scalars, Bool) {
        guard text.first == "\"" else { return (text, false) }
        var value: Scalars = []
        var escaped = false
        for i in 1..<text.count {
            let c = text[i]
            if escaped {
                value.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                if i != text.count - 1 {
                    throw fail("Extra character(s) found after close quote: "
                        + text[(i + 1)...].map(Py.display).joined(separator: ", "))
                }
                break
            } else {
                value.append(c)
            }
        }
        return (value, true)
    }
}

// MARK: - Local part

/// email-validator's `validate_email_local_part` with SMTPUTF8 allowed and `strict` off.
private enum LocalPart {
    /// The normalised local part, and its ASCII form when it needs no SMTPUTF8.
    struct Validated {
        var text: Scalars
        var ascii: Scalars?
    }

    static func validate(_ local: Scalars, quoted: Bool) throws(EmailSyntaxError) -> Validated {
        guard !local.isEmpty else { throw fail("There must be something before the @-sign.") }
        if Atext.isDotAtom(local, international: false) { return Validated(text: local, ascii: local) }

        let isQuotedForm: Bool
        let requiresSMTPUTF8: Bool
        if Atext.isDotAtom(local, international: true) {
            (isQuotedForm, requiresSMTPUTF8) = (false, true)
        } else if quoted {
            // A quoted string may hold any printable ASCII and any non-ASCII character.
            let bad = local.filter { $0.value < 0x20 || $0.value == 0x7F }
            if !bad.isEmpty {
                throw fail("The email address contains invalid characters in quotes before the @-sign: "
                    + Py.displayList(bad) + ".")
            }
            (isQuotedForm, requiresSMTPUTF8) = (true, local.contains { !(0x20...0x7E).contains($0.value) })
        } else {
            let bad = local.filter { $0.isASCII && !Atext.isAtextOrDot($0) }
            if !bad.isEmpty {
                throw fail("The email address contains invalid characters before the @-sign: " + Py.displayList(bad) + ".")
            }
            try checkDotAtom(local, hostname: false, atStart: { "An email address cannot start with a \($0)." },
                             atEnd: { "An email address cannot have a \($0) immediately before the @-sign." })
            throw fail("The email address contains invalid characters before the @-sign.")
        }

        try checkUnsafeCharacters(local, allowSpace: isQuotedForm)
        var text = local
        if isQuotedForm {
            // Re-quoted with the minimum escaping, as RFC 5321 §4.1.2 asks.
            text = ["\""]
            for c in local {
                if c == "\"" || c == "\\" { text.append("\\") }
                text.append(c)
            }
            text.append("\"")
        }
        return Validated(text: text, ascii: requiresSMTPUTF8 ? nil : text)
    }
}

/// RFC 5322 atext, the characters allowed unquoted before the @-sign.
private enum Atext {
    static func isAtext(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x80 && (mask(c.value >> 6) >> UInt64(c.value & 63)) & 1 == 1
    }

    /// The ASCII atext characters as a 128-bit set: A-Z a-z 0-9 and !#$%&'*+-/=?^_`{|}~.
    private static func mask(_ word: UInt32) -> UInt64 {
        word == 0 ? 0xA3FF_ACFA_0000_0000 : 0x7FFF_FFFF_C7FF_FFFE
    }

    /// `ATEXT_RE`: atext or a period.
    static func isAtextOrDot(_ c: Unicode.Scalar) -> Bool {
        c == "." || isAtext(c)
    }

    /// `DOT_ATOM_TEXT` (or `DOT_ATOM_TEXT_INTL`, which adds every non-ASCII character): atoms joined by single periods.
    static func isDotAtom(_ s: Scalars, international: Bool) -> Bool {
        var previousWasDot = true
        for c in s {
            if c == "." {
                if previousWasDot { return false }
                previousWasDot = true
            } else if isAtext(c) || (international && !c.isASCII) {
                previousWasDot = false
            } else {
                return false
            }
        }
        return !previousWasDot
    }
}

/// `check_dot_atom`: periods (and, for host names, hyphens) at the ends or doubled.
private func checkDotAtom(
    _ s: Scalars, hostname: Bool, atStart: (String) -> String, atEnd: (String) -> String
) throws(EmailSyntaxError) {
    if s.last == "." { throw fail(atEnd("period")) }
    if s.first == "." { throw fail(atStart("period")) }
    if zip(s, s.dropFirst()).contains(where: { $0 == "." && $1 == "." }) {
        throw fail("An email address cannot have two periods in a row.")
    }
    guard hostname else { return }
    if s.last == "-" { throw fail(atEnd("hyphen")) }
    if s.first == "-" { throw fail(atStart("hyphen")) }
    if zip(s, s.dropFirst()).contains(where: { ($0 == "." && $1 == "-") || ($0 == "-" && $1 == ".") }) {
        throw fail("An email address cannot have a period and a hyphen next to each other.")
    }
}

/// `check_unsafe_chars`: only letters, numbers, punctuation and symbols, plus non-initial marks
/// (and spaces inside quotes); controls, format characters, separators and unassigned code points are refused.
private func checkUnsafeCharacters(_ s: Scalars, allowSpace: Bool) throws(EmailSyntaxError) {
    var bad = Set<Unicode.Scalar>()
    for (index, c) in s.enumerated() {
        switch Py.majorCategory(c) {
        case "L", "N", "P", "S": continue
        case "M": if index == 0 { bad.insert(c) }
        case "Z": if !(allowSpace && Py.category(c) == .spaceSeparator) { bad.insert(c) }
        default: bad.insert(c)
        }
    }
    guard !bad.isEmpty else { return }
    throw fail("The email address contains unsafe characters: "
        + bad.sorted { $0.value < $1.value }.map(Py.display).joined(separator: ", ") + ".")
}

// MARK: - Domain literal

/// `validate_email_domain_literal`: always an error for Polar, but which one depends on the literal.
private enum DomainLiteral {
    static func validate(_ literal: Scalars) throws(EmailSyntaxError) {
        // `^[0-9\.]+$`, where `$` also matches before a final newline.
        let body = literal.last == "\n" ? literal.dropLast() : literal[...]
        if !body.isEmpty && body.allSatisfy({ $0 == "." || ("0"..."9").contains($0) }) {
            if let error = IPAddress.ipv4Error(literal) {
                throw fail("The address in brackets after the @-sign is not valid: It is not an IPv4 address (\(error)) or is missing an address literal tag.")
            }
            return
        }
        if literal.starts(with: "IPv6:".unicodeScalars) {
            if let error = IPAddress.ipv6Error(Array(literal.dropFirst(5))) {
                throw fail("The IPv6 address in brackets after the @-sign is not valid (\(error)).")
            }
            return
        }
        guard literal.contains(":") else {
            throw fail("The part after the @-sign in brackets is not an IPv4 address and has no address literal tag.")
        }
        let bad = literal.filter { !(0x21...0xFA).contains($0.value) }
        if !bad.isEmpty {
            throw fail("The part after the @-sign contains invalid characters in brackets: " + Py.displayList(bad) + ".")
        }
        throw fail("The part after the @-sign contains an invalid address literal tag in brackets.")
    }
}

/// The messages of Python's `ipaddress.IPv4Address` / `IPv6Address` constructors, or nil when they accept.
private enum IPAddress {
    static func ipv4Error(_ s: Scalars) -> String? {
        if s.isEmpty { return "Address cannot be empty" }
        if s.contains("/") { return "Unexpected '/' in \(Py.repr(s))" }
        let octets = s.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return "Expected 4 octets in \(Py.repr(s))" }
        for octet in octets {
            if let error = octetError(Array(octet)) { return "\(error) in \(Py.repr(s))" }
        }
        return nil
    }

    private static func octetError(_ octet: Scalars) -> String? {
        if octet.isEmpty { return "Empty octet not permitted" }
        guard octet.allSatisfy({ ("0"..."9").contains($0) }) else {
            return "Only decimal digits permitted in \(Py.repr(octet))"
        }
        if octet.count > 3 { return "At most 3 characters permitted in \(Py.repr(octet))" }
        if octet.count > 1 && octet[0] == "0" { return "Leading zeros are not permitted in \(Py.repr(octet))" }
        let value = octet.reduce(0) { $0 * 10 + Int($1.value - 0x30) }
        return value > 255 ? "Octet \(value) (> 255) not permitted" : nil
    }

    /// Python 3.14's parser, which caps the text at 45 characters and splits at most 9 times.
    static func ipv6Error(_ input: Scalars) -> String? {
        if input.contains("/") { return "Unexpected '/' in \(Py.repr(input))" }
        var address = input
        if let percent = input.firstIndex(of: "%") {
            // A scope id ("%eth0") is split off first; it must be non-empty and hold no further "%".
            let scope = input[(percent + 1)...]
            if scope.isEmpty || scope.contains("%") { return "Invalid IPv6 address: \"\(Py.repr(input))\"" }
            address = Array(input[..<percent])
        }
        if address.isEmpty { return "Address cannot be empty" }
        if address.count > 45 {
            var shown = address
            if address.count > 100 {
                shown = Array(address.prefix(45)) + "(\(address.count - 90) chars elided)".unicodeScalars + address.suffix(45)
            }
            return "At most 45 characters expected in \(Py.repr(shown))"
        }
        var parts = address.split(separator: ":", maxSplits: 9, omittingEmptySubsequences: false).map(Array.init)
        let quoted = Py.repr(address)
        if parts.count < 3 { return "At least 3 parts expected in \(quoted)" }
        if parts[parts.count - 1].contains(".") {
            let ipv4 = parts.removeLast()
            if let error = ipv4Error(ipv4) { return "\(error) in \(quoted)" }
            parts += [["0"], ["0"]]
        }
        if parts.count > 9 { return "At most 8 colons permitted in \(quoted)" }
        var skipIndex: Int?
        for i in 1..<(parts.count - 1) where parts[i].isEmpty {
            if skipIndex != nil { return "At most one '::' permitted in \(quoted)" }
            skipIndex = i
        }
        if let skipIndex {
            var high = skipIndex
            var low = parts.count - skipIndex - 1
            if parts[0].isEmpty {
                high -= 1
                if high != 0 { return "Leading ':' only permitted as part of '::' in \(quoted)" }
            }
            if parts[parts.count - 1].isEmpty {
                low -= 1
                if low != 0 { return "Trailing ':' only permitted as part of '::' in \(quoted)" }
            }
            if 8 - (high + low) < 1 { return "Expected at most 7 other parts with '::' in \(quoted)" }
        } else {
            if parts.count != 8 { return "Exactly 8 parts expected without '::' in \(quoted)" }
            if parts[0].isEmpty { return "Leading ':' only permitted as part of '::' in \(quoted)" }
            if parts[7].isEmpty { return "Trailing ':' only permitted as part of '::' in \(quoted)" }
        }
        for part in parts where !part.isEmpty {
            if !part.allSatisfy({ $0.isASCII && Character($0).isHexDigit }) {
                return "Only hex digits permitted in \(Py.repr(part)) in \(quoted)"
            }
            if part.count > 4 { return "At most 4 characters permitted in \(Py.repr(part)) in \(quoted)" }
        }
        return nil
    }
}

// MARK: - Domain name

/// `validate_email_domain_name` with `globally_deliverable` on and `test_environment` off.
private enum DomainName {
    struct Validated {
        var ascii: Scalars
        var unicode: Scalars
    }

    /// IANA special-use names that cannot receive mail, with all their subdomains.
    private static let specialUse = ["arpa", "invalid", "local", "localhost", "onion", "test"].map { Array($0.unicodeScalars) }

    static func validate(_ original: Scalars) throws(EmailSyntaxError) -> Validated {
        try rejectNonHostnameCharacters(original, "The part after the @-sign contains invalid characters: ")
        try checkUnsafeCharacters(original, allowSpace: false)
        if original.contains(where: { !IDNA.isPlausibleUTS46Character($0) }) {
            let rejected = original.filter { !IDNA.isPlausibleUTS46Character($0) }
            throw fail("The part after the @-sign contains invalid characters: " + Py.displayList(rejected) + ".")
        }

        let domain: Scalars
        do {
            domain = try IDNA.uts46Remap(original)
        } catch {
            throw fail("The part after the @-sign contains invalid characters (\(error.message)).")
        }
        try rejectNonHostnameCharacters(domain, "The part after the @-sign contains invalid characters after Unicode normalization: ")
        try checkDotAtom(domain, hostname: true, atStart: { "An email address cannot have a \($0) immediately after the @-sign." },
                         atEnd: { "An email address cannot end with a \($0)." })
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels where label.count >= 4 && Array(label.dropFirst(2).prefix(2)) == ["-", "-"] {
            let start = label.startIndex
            if !("xX".unicodeScalars.contains(label[start]) && "nN".unicodeScalars.contains(label[start + 1])) {
                throw fail("An email address cannot have two letters followed by two dashes immediately after the @-sign or after a period, except Punycode.")
            }
        }

        // After the checks above, an all-ASCII domain is a valid host name as it stands.
        var ascii = domain
        if !domain.allSatisfy(\.isASCII) {
            do {
                ascii = []
                for (index, label) in labels.enumerated() {
                    if index > 0 { ascii.append(".") }
                    ascii += try IDNA.alabel(Array(label))
                }
            } catch {
                throw fail("The part after the @-sign is invalid (\(error.message)).")
            }
        }

        if ascii.count > 253 {
            let diff = ascii.count - 253
            if ascii == original {
                throw fail("The email address is too long after the @-sign (\(diff) character\(diff > 1 ? "s" : "") too many).")
            }
            throw fail("The email address is too long after the @-sign (\(diff) byte\(diff == 1 ? "" : "s") too many after IDNA encoding).")
        }
        for label in ascii.split(separator: ".", omittingEmptySubsequences: false) where label.count > 63 {
            let diff = label.count - 63
            throw fail("After the @-sign, periods cannot be separated by so many characters (\(diff) character\(diff > 1 ? "s" : "") too many).")
        }
        guard ascii.contains(".") else { throw fail("The part after the @-sign is not valid. It should have a period.") }
        guard let last = ascii.last, Py.isASCIILetter(last) else {
            throw fail("The part after the @-sign is not valid. It is not within a valid top-level domain.")
        }
        for name in specialUse where ascii.isDomain(name) {
            throw fail("The part after the @-sign is a special-use or reserved name that cannot be used with email.")
        }

        // An ASCII domain may still hold xn-- labels: decoding gives the canonical Unicode form.
        let unicode: Scalars
        do {
            unicode = try IDNA.decode(ascii)
        } catch {
            throw fail("The part after the @-sign is not valid IDNA (\(error.message)).")
        }
        // Without xn-- labels the Unicode form is the ASCII form, which has passed all of these checks already.
        if unicode != ascii {
            try rejectNonHostnameCharacters(unicode, "The part after the @-sign contains invalid characters: ")
            try checkUnsafeCharacters(unicode, allowSpace: false)
            do {
                try IDNA.encode(unicode)
            } catch {
                throw fail("The part after the @-sign became invalid after normalizing to international characters (\(error.message)).")
            }
        }
        return Validated(ascii: ascii, unicode: unicode)
    }

    /// `ATEXT_HOSTNAME_INTL`: letters, digits, hyphens, periods and anything non-ASCII.
    private static func rejectNonHostnameCharacters(_ s: Scalars, _ message: String) throws(EmailSyntaxError) {
        func isBad(_ c: Unicode.Scalar) -> Bool { c.isASCII && !(Py.isASCIIAlphanumeric(c) || c == "-" || c == ".") }
        if s.contains(where: isBad) { throw fail(message + Py.displayList(s.filter(isBad)) + ".") }
    }
}

private extension Array where Element == Unicode.Scalar {
    /// Whether this domain is `name` or one of its subdomains.
    func isDomain(_ name: [Unicode.Scalar]) -> Bool {
        guard count >= name.count, self[(count - name.count)...].elementsEqual(name) else { return false }
        return count == name.count || self[count - name.count - 1] == "."
    }
}
