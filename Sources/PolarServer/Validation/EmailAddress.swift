import Foundation

/// Why an email address was rejected; `reason` is email-validator's own message text,
/// e.g. "An email address must have an @-sign.".
struct EmailSyntaxError: Error, Equatable {
    let reason: String
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
enum EmailAddress {
    /// The normalised address (`local@domain`, domain lower-cased and in Unicode form), or the reason
    /// email-validator gives for rejecting it.
    static func normalize(_ raw: String) -> Result<String, EmailSyntaxError> {
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

private typealias Scalars = [Unicode.Scalar]

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

// MARK: - IDNA

/// The parts of the `idna` package (IDNA 2008 with UTS #46 mapping) that email-validator calls, with
/// idna's error messages. Labels are code-point arrays because Punycode can decode to lone surrogates.
///
/// idna's code-point tables are approximated from Swift's Unicode properties: the RFC 5892 derivation
/// for PVALID, NFKC case folding for UTS #46 mapping, and script ranges for the bidi and context rules.
private enum IDNA {
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

// MARK: - Punycode

/// RFC 3492 Punycode, decoding with the quirks of Python's `punycode` codec.
private enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 0x80

    private static func adapt(_ delta: Int, first: Bool, count: Int) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func threshold(_ k: Int, _ bias: Int) -> Int {
        min(max(k - bias, tMin), tMax)
    }

    private static func digitValue(_ c: UInt32) -> Int? {
        switch c {
        case 0x41...0x5A: Int(c - 0x41)
        case 0x61...0x7A: Int(c - 0x61)
        case 0x30...0x39: Int(c) - 22
        default: nil
        }
    }

    private static func digitScalar(_ d: Int) -> Unicode.Scalar {
        Unicode.Scalar(UInt8(d < 26 ? 0x61 + d : 22 + d))
    }

    /// The code points of `encoded` (the part after `xn--`), or nil where Python raises. Code points may
    /// be lone surrogates, which Python's codec produces and idna then rejects.
    static func decode(_ encoded: [UInt32]) -> [UInt32]? {
        var output: [UInt32] = []
        var rest = encoded[...]
        if let hyphen = encoded.lastIndex(of: 0x2D) {
            output = Array(encoded[..<hyphen])
            rest = encoded[(hyphen + 1)...]
        }
        var n = initialN, position = -1, bias = initialBias
        var first = true
        while !rest.isEmpty {
            // One generalized variable-length integer: the distance to the next insertion.
            var delta = 0, weight = 1, k = base
            while true {
                guard let c = rest.popFirst(), let digit = digitValue(c) else { return nil }
                let (product, overflow1) = digit.multipliedReportingOverflow(by: weight)
                let (sum, overflow2) = delta.addingReportingOverflow(product)
                if overflow1 || overflow2 { return nil }
                delta = sum
                let t = threshold(k, bias)
                if digit < t { break }
                let (nextWeight, overflow3) = weight.multipliedReportingOverflow(by: base - t)
                if overflow3 { return nil }
                weight = nextWeight
                k += base
            }
            let (step, overflow1) = delta.addingReportingOverflow(1)
            let (next, overflow2) = position.addingReportingOverflow(step)
            if overflow1 || overflow2 { return nil }
            let count = output.count + 1
            n += next / count
            if n > 0x10FFFF { return nil }
            position = next % count
            output.insert(UInt32(n), at: position)
            bias = adapt(delta, first: first, count: output.count)
            first = false
        }
        return output
    }

    /// The Punycode form of a label (without the `xn--` prefix).
    static func encode(_ input: Scalars) -> Scalars {
        var output: Scalars = input.filter(\.isASCII)
        let basicCount = output.count
        if basicCount > 0 { output.append("-") }
        var n = initialN, delta = 0, bias = initialBias, handled = basicCount
        let codePoints = input.map { Int($0.value) }
        while handled < codePoints.count {
            let m = codePoints.filter { $0 >= n }.min()!
            delta += (m - n) * (handled + 1)
            n = m
            for c in codePoints {
                if c < n { delta += 1 }
                if c == n {
                    var q = delta, k = base
                    while true {
                        let t = threshold(k, bias)
                        if q < t { break }
                        output.append(digitScalar(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digitScalar(q))
                    bias = adapt(delta, first: handled == basicCount, count: handled + 1)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }
}

// MARK: - Python string semantics

/// The Python built-ins email-validator relies on, over Unicode scalars.
private enum Py {
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

    /// `str.isalnum()`: a letter category (not marks) or any numeric character.
    static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        switch category(c) {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        case .unassigned: false
        default: c.properties.numericType != nil
        }
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
