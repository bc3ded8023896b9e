import Foundation

/// A metered price's amount per unit: a decimal kept as Python's `Decimal` keeps it (digits and
/// an exponent), because Polar writes it back as text exactly as `str(Decimal)` prints it.
struct UnitAmount: Sendable, Hashable {
    /// The digits, without leading zeros (`"0"` for zero).
    var digits: String
    var exponent: Int

    /// Parses decimal text as Python's `Decimal(text)` does: optional sign (only `+` passes
    /// here, as a unit amount is positive), digits with one optional point, optional exponent.
    /// `nil` for anything else, negatives included.
    init?(_ text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if rest.first == "+" { rest = rest.dropFirst() }
        var mantissa = rest
        var exponent = 0
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = rest[..<e]
            guard let value = Int(rest[rest.index(after: e)...]), abs(value) < 10_000 else { return nil }
            exponent = value
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), !parts.joined().isEmpty else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        let all = (parts[0] + fraction).drop(while: { $0 == "0" })
        digits = all.isEmpty ? "0" : String(all)
        self.exponent = exponent - fraction.count
    }

    private init(digits: String, exponent: Int) {
        self.digits = digits
        self.exponent = exponent
    }

    var isZero: Bool { digits == "0" }

    /// The same value with trailing zeros dropped (Python's `normalize()`).
    var normalized: UnitAmount {
        guard !isZero else { return UnitAmount(digits: "0", exponent: 0) }
        let trimmed = digits.reversed().drop(while: { $0 == "0" })
        return UnitAmount(digits: String(trimmed.reversed()), exponent: exponent + (digits.count - trimmed.count))
    }

    /// The value with exactly `places` decimal places, as a `NUMERIC(17, 12)` column returns it.
    /// Input validation allows no more places than that once trailing zeros are dropped.
    func quantized(places: Int) -> UnitAmount {
        let value = exponent + places >= 0 ? self : normalized
        let shift = max(0, value.exponent + places)
        return UnitAmount(digits: value.isZero ? "0" : value.digits + String(repeating: "0", count: shift), exponent: -places)
    }

    /// The value as `Decimal` for arithmetic.
    var decimal: Decimal { Decimal(string: "\(digits)e\(exponent)", locale: Locale(identifier: "en_US_POSIX")) ?? 0 }

    /// Python's `str(Decimal)`: plain notation unless the exponent is positive or the value is
    /// below 1e-6, then scientific.
    var text: String {
        let adjusted = exponent + digits.count - 1
        if exponent <= 0, adjusted >= -6 {
            if exponent == 0 { return digits }
            let places = -exponent
            if digits.count > places {
                return digits.dropLast(places) + "." + digits.suffix(places)
            }
            return "0." + String(repeating: "0", count: places - digits.count) + digits
        }
        let head = digits.prefix(1) + (digits.count > 1 ? "." + digits.dropFirst() : "")
        return head + "E" + (adjusted >= 0 ? "+" : "") + String(adjusted)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
