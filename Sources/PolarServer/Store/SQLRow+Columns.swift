import Foundation
import PolarModels
import SQLKit

/// Column readers shared by the stores: ids are lower-case text, JSON is text parsed by our parser.
extension SQLRow {
    /// A nullable column. The drivers decode `Optional` through a full `Decoder`; asking
    /// whether it is null and then decoding the value directly is several times faster.
    func optional<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        try decodeNil(column: column) ? nil : decode(column: column, as: T.self)
    }

    func uuid(_ column: String) throws -> UUID {
        UUID(stored: try decode(column: column, as: String.self))!
    }

    func optionalUUID(_ column: String) throws -> UUID? {
        try optional(column, as: String.self).flatMap(UUID.init(stored:))
    }

    func json(_ column: String) throws -> JSONValue {
        try JSONValue.parse(Array(try decode(column: column, as: String.self).utf8))
    }

    func metadata(_ column: String = "metadata") throws -> Metadata {
        var metadata: Metadata = [:]
        if case .object(let members) = try json(column) {
            for member in members { metadata[member.key] = MetadataValue(json: member.value) }
        }
        return metadata
    }
}

extension UUID {
    /// An id as the stores write it (36 characters, hex and dashes), read without Foundation's
    /// `sscanf`, which is a noticeable part of reading many rows; anything else as Foundation reads it.
    init?(stored text: String) {
        var bytes = [UInt8](repeating: 0, count: 16)
        var count = 0
        var high: UInt8?
        for (offset, character) in text.utf8.enumerated() {
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                guard character == UInt8(ascii: "-") else { self.init(uuidString: text); return }
                continue
            }
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            default: self.init(uuidString: text); return
            }
            if let first = high {
                guard count < 16 else { self.init(uuidString: text); return }
                bytes[count] = first << 4 | nibble
                count += 1
                high = nil
            } else {
                high = nibble
            }
        }
        guard count == 16, high == nil, text.utf8.count == 36 else { self.init(uuidString: text); return }
        self.init(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
