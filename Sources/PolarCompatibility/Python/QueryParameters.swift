/// A URL query decoded as Starlette decodes it: `+` is a space, keys and values are
/// percent-decoded, and repeated keys keep every value in order.
package struct QueryParameters: Sendable {
    package private(set) var pairs: [(key: String, value: String)] = []

    package init(_ query: String?) {
        guard let query, !query.isEmpty else { return }
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let (rawKey, rawValue) =
                if let equals = part.firstIndex(of: "=") {
                    (part[..<equals], part[part.index(after: equals)...])
                } else {
                    (part, Substring(""))
                }
            pairs.append((Self.decode(rawKey), Self.decode(rawValue)))
        }
    }

    /// Every value given for `key`, in order.
    package func values(_ key: String) -> [String] {
        pairs.compactMap { $0.key == key ? $0.value : nil }
    }

    /// The last value given for `key`, as FastAPI reads a scalar parameter.
    package subscript(key: String) -> String? {
        pairs.last(where: { $0.key == key })?.value
    }

    private static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = iterator.next()
                let low = iterator.next()
                if let high, let low, let h = high.hexDigitValue, let l = low.hexDigitValue {
                    bytes.append(h << 4 | l)
                } else {
                    bytes.append(byte)
                    if let high { bytes.append(high) }
                    if let low { bytes.append(low) }
                }
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension UInt8 {
    /// The value of this ASCII hex digit (either case), or `nil` for any other byte.
    package var hexDigitValue: UInt8? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): self - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): self - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
