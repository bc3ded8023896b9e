/// Text with Python `str` semantics, the ground the python-stdnum ports stand on.
///
/// stdnum measures, slices and compares strings by code point and leans on Python's
/// Unicode-aware `upper`, `strip`, `isdigit` and `isalpha`. Porting its rules onto this
/// type keeps every length, index and comparison identical to Python's, which `String`'s
/// grapheme clusters and canonical-equivalence comparison would not.
struct PyString: Hashable, Comparable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    private(set) var scalars: [Unicode.Scalar]

    init(_ scalars: some Sequence<Unicode.Scalar>) {
        self.scalars = Array(scalars)
    }

    init(_ string: String) {
        self.init(string.unicodeScalars)
    }

    init(stringLiteral value: String) {
        self.init(value)
    }

    /// `str(value)`: stdnum compares computed check digits as text.
    init(_ value: Int) {
        self.init(String(value))
    }

    var description: String {
        var string = ""
        string.unicodeScalars.append(contentsOf: scalars)
        return string
    }

    var count: Int { scalars.count }

    var isEmpty: Bool { scalars.isEmpty }

    /// Python orders strings by code point, not by Unicode canonical equivalence.
    static func < (lhs: PyString, rhs: PyString) -> Bool {
        lhs.scalars.lexicographicallyPrecedes(rhs.scalars)
    }

    static func + (lhs: PyString, rhs: PyString) -> PyString {
        PyString(lhs.scalars + rhs.scalars)
    }
}

// MARK: - Slicing, clamped the way Python clamps slices

extension PyString {
    /// `s[:n]`
    func prefix(_ n: Int) -> PyString { PyString(scalars.prefix(n)) }

    /// `s[n:]`
    func dropFirst(_ n: Int) -> PyString { PyString(scalars.dropFirst(n)) }

    /// `s[:-n]`
    func dropLast(_ n: Int) -> PyString { PyString(scalars.dropLast(n)) }

    /// `s[-n:]`
    func suffix(_ n: Int) -> PyString { PyString(scalars.suffix(n)) }

    /// `s[start:end]` for `0 <= start <= end`.
    func slice(_ start: Int, _ end: Int) -> PyString { dropFirst(start).prefix(end - start) }

    /// `s[i]`, counting from the end when `i` is negative. Out of range Python raises
    /// `IndexError`, which is no stdnum `ValidationError`.
    func at(_ i: Int) throws(StdnumError) -> PyString {
        let index = i < 0 ? count + i : i
        guard scalars.indices.contains(index) else { throw .unexpected }
        return PyString(CollectionOfOne(scalars[index]))
    }

    func hasPrefix(_ prefix: PyString) -> Bool { scalars.starts(with: prefix.scalars) }

    func hasSuffix(_ suffix: PyString) -> Bool { scalars.reversed().starts(with: suffix.scalars.reversed()) }

    /// Python's `self in other` between strings: a substring test, so `""` is in everything.
    func isIn(_ other: PyString) -> Bool {
        (try? other.index(of: self)) != nil
    }
}

// MARK: - Transformations

extension PyString {
    /// `stdnum.util.clean`: maps look-alike Unicode punctuation, spaces and digits to
    /// ASCII, then drops every character listed in `deleting`.
    func cleaned(deleting: String = "") -> PyString {
        let deleted = Set(deleting.unicodeScalars)
        return PyString(scalars.lazy.map(Self.asciiEquivalent).filter { !deleted.contains($0) })
    }

    /// `str.upper()`, with full case mappings (`ß` becomes `SS`).
    func uppercased() -> PyString {
        PyString(scalars.flatMap { $0.properties.uppercaseMapping.unicodeScalars })
    }

    /// `str.strip()`.
    func stripped() -> PyString { PyString(Py.strip(scalars)) }

    /// `str.zfill(width)` for the unsigned texts stdnum pads (a sign would fail its digit
    /// check either way).
    func zfill(_ width: Int) -> PyString {
        PyString(repeatElement("0", count: max(0, width - count))) + self
    }

    /// Drops every character matching `predicate`, as chained `str.replace(c, "")` calls do.
    func removing(where predicate: (Unicode.Scalar) -> Bool) -> PyString {
        PyString(scalars.filter { !predicate($0) })
    }
}

// MARK: - Character classes

extension PyString {
    /// `stdnum.util.isdigits`, a match of `^[0-9]+$`. Python's `$` also matches before a
    /// final newline, so `"123\n"` passes; only slices can end in one, as every stdnum
    /// `compact` strips.
    var isDigits: Bool {
        let body = scalars.last == "\n" ? scalars.dropLast() : scalars[...]
        return !body.isEmpty && body.allSatisfy { ("0"..."9").contains($0) }
    }

    /// `str.isdigit()`: any Unicode digit (Numeric_Type Decimal or Digit), so `²` passes.
    var isUnicodeDigits: Bool {
        !isEmpty && scalars.allSatisfy { [.decimal, .digit].contains($0.properties.numericType) }
    }

    /// `str.isalpha()`: every character is a Unicode letter (categories L*).
    var isAlpha: Bool { !isEmpty && scalars.allSatisfy(Py.isLetter) }

    /// Every character lies in the closed range, as in a regex class `[0-9A-Z]`.
    func allIn(_ ranges: ClosedRange<Unicode.Scalar>...) -> Bool {
        scalars.allSatisfy { scalar in ranges.contains { $0.contains(scalar) } }
    }
}

// MARK: - Numbers

extension PyString {
    /// `int(s)` for text already checked with `isDigits` (at most a trailing newline,
    /// which `int` ignores as whitespace). Anything `int` refuses raises `ValueError`;
    /// no caller passes more than the 18 digits an `Int` holds.
    func intValue() throws(StdnumError) -> Int {
        let body = stripped()
        guard !body.isEmpty, body.count <= 18 else { throw .unexpected }
        var value = 0
        for scalar in body.scalars {
            value = try value * 10 + Self.digitValue(scalar)
        }
        return value
    }

    /// `int(s) <= 0` for text already checked with `isDigits`, whatever its length.
    var isZero: Bool { scalars.allSatisfy { $0 == "0" || $0 == "\n" } }

    /// `int(c)` for one character: any Unicode decimal digit, else `ValueError`.
    static func digitValue(_ scalar: Unicode.Scalar) throws(StdnumError) -> Int {
        guard scalar.properties.generalCategory == .decimalNumber,
              let value = scalar.properties.numericValue
        else { throw .unexpected }
        return Int(value)
    }

    /// `alphabet.index(sub)`: where `sub` first occurs, else `ValueError`.
    func index(of sub: PyString) throws(StdnumError) -> Int {
        guard sub.count <= count,
              let index = (0...(count - sub.count)).first(where: {
                  scalars[$0..<($0 + sub.count)].elementsEqual(sub.scalars)
              })
        else { throw .unexpected }
        return index
    }
}

// MARK: - stdnum.util's Unicode look-alikes

extension PyString {
    /// `stdnum.util._char_map`: Unicode look-alikes stdnum rewrites to ASCII before it
    /// deletes separators, so an en dash or a fullwidth digit counts as the plain one.
    private static let lookAlikes: [UInt32: Unicode.Scalar] = {
        var map: [UInt32: Unicode.Scalar] = [:]
        let groups: [(Unicode.Scalar, [UInt32])] = [
            (" ", [0xA0, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
                   0x202F, 0x205F, 0x3000]),
            ("'", [0x60, 0xB4, 0x2B9, 0x2BB, 0x2BC, 0x2BE, 0x2BF, 0x2C8, 0x300, 0x301, 0x312, 0x313, 0x55A,
                   0x2018, 0x2019, 0x201B]),
            ("*", [0x66D, 0x70D, 0x204E, 0x2055, 0x2217, 0x22C6, 0x2731, 0x2732, 0x2733, 0x273A, 0x273B, 0x273C,
                   0x273D, 0x274A, 0x274B, 0xA60E, 0xFE61, 0xFF0A]),
            (",", [0xB8, 0x60C, 0x66B, 0x66C, 0x201A, 0x2032, 0x2E34, 0x3001, 0xFE10, 0xFE50, 0xFE51, 0xFF0C]),
            ("-", [0xAF, 0x2D7, 0x58A, 0x5BE, 0x1680, 0x180A, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015,
                   0x203E, 0x2043, 0x207B, 0x208B, 0x2212, 0x23AF, 0x23BA, 0x23BB, 0x23BC, 0x23BD, 0x23E4, 0xFE63,
                   0xFF0D, 0xFFE3]),
            (".", [0xB7, 0x2D9, 0x387, 0x6D4, 0x701, 0x702, 0x830, 0xF0B, 0xF0C, 0x16EB, 0x2022, 0x2024, 0x2027,
                   0x2219, 0x22C5, 0x2E31, 0x2E33, 0x3002, 0x30FB, 0xFBB2, 0xFBB3, 0xFE52, 0xFF0E, 0xFF65, 0x10101,
                   0x1091F, 0x10A50]),
            ("/", [0x83C, 0x2044, 0x2215, 0x27CB, 0x29F8, 0xFF0F]),
            (":", [0x1361, 0x16EC, 0x1804, 0xFE13, 0xFE30, 0xFE55, 0xFF1A]),
        ]
        for (ascii, codes) in groups {
            for code in codes { map[code] = ascii }
        }
        // Fullwidth digits and the five mathematical digit alphabets, each a run of ten.
        for base: UInt32 in [0xFF10, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6] {
            for digit: UInt32 in 0...9 { map[base + digit] = Unicode.Scalar(0x30 + digit) }
        }
        return map
    }()

    private static func asciiEquivalent(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        lookAlikes[scalar.value] ?? scalar
    }
}

/// Why a port of a stdnum check rejected a number.
enum StdnumError: Error {
    /// stdnum's `InvalidFormat`, `InvalidLength` or `InvalidComponent`.
    case invalid
    /// stdnum's `InvalidChecksum`, kept apart because Polar's EC and TW rules recover from it.
    case invalidChecksum
    /// Python would raise something other than a stdnum `ValidationError` (`ValueError`,
    /// `IndexError`, `KeyError`); it escapes Polar's format loop as an HTTP 500.
    case unexpected
}
