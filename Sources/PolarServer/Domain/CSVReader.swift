import Foundation

/// Reads CSV as Python's `csv` module writes it (the "excel" dialect Polar's export uses):
/// comma-separated, fields quoted with `"` when they hold a comma, quote or line break, quotes
/// doubled inside, records ended by CRLF or LF. Streams the file in large chunks, so a million
/// rows never sit in memory at once.
final class CSVReader {
    /// A record and the line it starts on (1 is the first line of the file).
    struct Record {
        let line: Int
        let fields: [String]
    }

    struct Malformed: Error, CustomStringConvertible {
        let line: Int
        let description: String
    }

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1

    init(url: URL) throws {
        handle = try FileHandle(forReadingFrom: url)
    }

    deinit { try? handle.close() }

    /// The next record, `nil` at the end of the file.
    func next() throws -> Record? {
        guard try fill() else { return nil }
        let start = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        while true {
            guard try fill() else {
                if quoted { throw Malformed(line: start, description: "a quoted field is not closed") }
                fields.append(try text(field, line: start))
                return Record(line: start, fields: fields)
            }
            let byte = buffer[position]
            position += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    guard try fill(), buffer[position] == UInt8(ascii: "\"") else {
                        quoted = false
                        continue
                    }
                    position += 1
                    field.append(byte)
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                fields.append(try text(field, line: start))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            case UInt8(ascii: "\""):
                guard field.isEmpty, !wasQuoted else {
                    throw Malformed(line: line, description: "a quote inside an unquoted field")
                }
                quoted = true
                wasQuoted = true
            case UInt8(ascii: "\r"):
                if try fill(), buffer[position] == UInt8(ascii: "\n") { position += 1 }
                line += 1
                fields.append(try text(field, line: start))
                return Record(line: start, fields: fields)
            case UInt8(ascii: "\n"):
                line += 1
                fields.append(try text(field, line: start))
                return Record(line: start, fields: fields)
            default:
                if wasQuoted { throw Malformed(line: line, description: "text after a closing quote") }
                field.append(byte)
            }
        }
    }

    /// How many records the file holds, counted without reading their fields: line ends outside
    /// quotes, plus a last line without one. A quote left open counts what it swallows as one.
    static func countRecords(url: URL) throws -> Int {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var count = 0
        var quoted = false
        var lineHasBytes = false
        var previous: UInt8 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { bytes in
                for byte in bytes {
                    if byte == UInt8(ascii: "\"") {
                        quoted.toggle()
                    } else if !quoted, byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                        // CRLF is one line end.
                        if !(byte == UInt8(ascii: "\n") && previous == UInt8(ascii: "\r")) { count += 1 }
                        lineHasBytes = false
                        previous = byte
                        continue
                    }
                    lineHasBytes = true
                    previous = byte
                }
            }
        }
        return count + (lineHasBytes ? 1 : 0)
    }

    /// Makes sure a byte is waiting at `position`; `false` at the end of the file.
    private func fill() throws -> Bool {
        if position < buffer.count { return true }
        guard !atEnd else { return false }
        let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
        buffer = Array(chunk)
        position = 0
        if buffer.isEmpty { atEnd = true }
        return !buffer.isEmpty
    }

    private func text(_ bytes: [UInt8], line: Int) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Malformed(line: line, description: "the text is not UTF-8")
        }
        return text
    }
}
