/// A port of one python-stdnum 2.2 number module: its `compact` and `validate`.
protocol StdnumModule {
    /// The module's `compact()`: separators removed, usually upper-cased, own prefix dropped.
    static func compact(_ number: PyString) -> PyString
    /// The module's `validate()`: the compact number, or the error stdnum raises.
    static func validate(_ number: PyString) throws(StdnumError) -> PyString
}

extension StdnumModule {
    /// The module's `is_valid()`: swallows validation errors but, like Python, lets
    /// unexpected ones through.
    static func isValid(_ number: PyString) throws(StdnumError) -> Bool {
        do {
            _ = try validate(number)
            return true
        } catch .unexpected {
            throw .unexpected
        } catch {
            return false
        }
    }
}

/// Namespace for the stdnum module ports, named after their Python paths
/// (`Stdnum.FrTva` is `stdnum.fr.tva`).
enum Stdnum {}

extension PyString {
    /// `sum(w * int(n) for w, n in zip(weights, number))`, the weighted sum most stdnum
    /// checksums use; `zip` stops at the shorter side.
    func weightedSum(_ weights: [Int]) throws(StdnumError) -> Int {
        var sum = 0
        for (weight, scalar) in zip(weights, scalars) {
            sum += try weight * Self.digitValue(scalar)
        }
        return sum
    }

    /// `[int(n) for n in number]`.
    func digitValues() throws(StdnumError) -> [Int] {
        var values: [Int] = []
        for scalar in scalars {
            values.append(try Self.digitValue(scalar))
        }
        return values
    }
}

/// `stdnum.luhn`, over any alphabet (base 36 for Indian GSTINs).
enum Luhn {
    static let decimal: PyString = "0123456789"

    static func checksum(_ number: PyString, alphabet: PyString = decimal) throws(StdnumError) -> Int {
        let base = alphabet.count
        var sum = 0
        for (position, scalar) in number.scalars.reversed().enumerated() {
            let value = try alphabet.index(of: PyString(CollectionOfOne(scalar)))
            sum += position.isMultiple(of: 2) ? value : (value * 2) / base + (value * 2) % base
        }
        return sum % base
    }

    /// An empty number or a character outside the alphabet is `InvalidFormat`.
    static func validate(_ number: PyString, alphabet: PyString = decimal) throws(StdnumError) {
        guard !number.isEmpty, let sum = try? checksum(number, alphabet: alphabet) else { throw .invalid }
        guard sum == 0 else { throw .invalidChecksum }
    }

    /// The digit to append; unlike `validate`, a stray character raises straight through.
    static func calcCheckDigit(_ number: PyString, alphabet: PyString = decimal) throws(StdnumError) -> PyString {
        let sum = try checksum(number + alphabet.prefix(1), alphabet: alphabet)
        return try alphabet.at(-sum)
    }
}

/// `stdnum.iso7064.mod_11_10`, used by the German, Croatian and Serbian numbers.
enum Mod11_10 {
    static func validate(_ number: PyString) throws(StdnumError) {
        var check = 5
        for scalar in number.scalars {
            guard let digit = try? PyString.digitValue(scalar) else { throw .invalid }
            check = (((check == 0 ? 10 : check) * 2) % 11 + digit) % 10
        }
        guard check == 1 else { throw .invalidChecksum }
    }
}

/// `stdnum.iso7064.mod_97_10` (IBAN style), used for Dutch VAT numbers.
enum Mod97_10 {
    /// Every character counts as its base-36 value written in decimal; anything else
    /// makes `int(x, 36)` fail, which `is_valid` reports as invalid.
    static func isValid(_ number: PyString) -> Bool {
        var remainder = 0
        for scalar in number.scalars {
            guard let value = Int(String(scalar), radix: 36) else { return false }
            for digit in String(value).utf8 {
                remainder = (remainder * 10 + Int(digit - 0x30)) % 97
            }
        }
        return !number.isEmpty && remainder == 1
    }
}

extension Stdnum {
    /// Python's `a % m` for `m > 0`: never negative, unlike Swift's `%`.
    static func pyMod(_ a: Int, _ m: Int) -> Int {
        let remainder = a % m
        return remainder < 0 ? remainder + m : remainder
    }

    /// Whether `datetime.date(year, month, day)` would accept the date.
    static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1...9999).contains(year), (1...12).contains(month) else { return false }
        let isLeap = year.isMultiple(of: 4) && (!year.isMultiple(of: 100) || year.isMultiple(of: 400))
        let days = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
