import Foundation

/// RFC 3492 Punycode, decoding with the quirks of Python's `punycode` codec.
enum Punycode {
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
