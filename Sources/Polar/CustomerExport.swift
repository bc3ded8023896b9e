/// A customers CSV export as it streams in: an `AsyncSequence` of byte chunks, or of parsed
/// rows through ``rows``. It can be read once.
///
/// ```swift
/// let export = try await polar.customers.export()
/// // Write the file to disk without holding it in memory:
/// for try await chunk in export { try handle.write(contentsOf: chunk) }
/// ```
///
/// Polar's CSV (Python's "excel" dialect) has a header row
/// (`ID, External ID, Created At, Email, Name, Tax ID, Billing Address Line 1, …, Metadata`),
/// CRLF line ends, and rows in no particular order. Reading throws ``PolarError`` coded `.transport`
/// if the connection drops mid-stream.
public struct CustomerExport: AsyncSequence, Sendable {
    /// A chunk of the CSV text, in UTF-8.
    public typealias Element = [UInt8]

    /// The raw response body.
    public let body: PolarByteStream
    /// The response's `Content-Type`, normally `text/csv; charset=utf-8`.
    public let contentType: String?
    /// The response's `Content-Disposition`, normally naming `polar-customers.csv`.
    public let contentDisposition: String?

    /// Creates an export over a streamed body.
    /// - Parameters:
    ///   - body: The CSV bytes.
    ///   - contentType: The `Content-Type` header.
    ///   - contentDisposition: The `Content-Disposition` header.
    public init(body: PolarByteStream, contentType: String? = nil, contentDisposition: String? = nil) {
        self.body = body
        self.contentType = contentType
        self.contentDisposition = contentDisposition
    }

    /// The file name the server suggests, from `Content-Disposition`.
    public var filename: String? {
        guard let disposition = contentDisposition, let range = disposition.range(of: "filename=") else { return nil }
        var name = disposition[range.upperBound...].prefix { $0 != ";" }
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = name.dropFirst().dropLast() }
        return String(name)
    }

    /// Iterates the chunks.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: PolarByteStream.AsyncIterator

        /// The next chunk, or `nil` at the end.
        /// - Throws: ``PolarError`` coded `.transport`.
        public mutating func next() async throws -> [UInt8]? {
            do {
                return try await base.next()
            } catch {
                throw PolarError.transport(error)
            }
        }
    }

    /// Starts reading the body.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: body.makeAsyncIterator()) }

    /// The CSV parsed into rows of fields, header row first, as the bytes arrive.
    public var rows: CSVRows<CustomerExport> { CSVRows(self) }
}

/// Rows of CSV text parsed incrementally from a stream of byte chunks (RFC 4180: fields quoted
/// with `"` when needed, quotes doubled, line breaks allowed inside quotes, CRLF or LF line ends).
public struct CSVRows<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == [UInt8] {
    /// One record's fields.
    public typealias Element = [String]

    let base: Base

    /// Parses the chunks of `base`.
    /// - Parameter base: CSV text in UTF-8, in chunks of any size.
    public init(_ base: Base) { self.base = base }

    /// Iterates the rows.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: Base.AsyncIterator
        var parser = CSVParser()
        var ready: [[String]] = []
        var finished = false

        /// The next row, or `nil` after the last.
        /// - Throws: Whatever reading the chunks throws.
        public mutating func next() async throws -> [String]? {
            while ready.isEmpty {
                if finished { return nil }
                if let chunk = try await chunks.next() {
                    for byte in chunk {
                        if let row = parser.feed(byte) { ready.append(row) }
                    }
                } else {
                    finished = true
                    if let row = parser.finish() { ready.append(row) }
                }
            }
            return ready.removeFirst()
        }
    }

    /// Starts parsing.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: base.makeAsyncIterator()) }
}

/// A byte-at-a-time CSV state machine.
struct CSVParser {
    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted, afterCR
    }

    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var row: [String] = []
    private var rowHasContent = false

    /// Feeds one byte; returns a row when this byte completed one.
    mutating func feed(_ byte: UInt8) -> [String]? {
        switch state {
        case .afterCR:
            state = .fieldStart
            if byte == UInt8(ascii: "\n") { return nil }
            return feed(byte)
        case .fieldStart:
            switch byte {
            case UInt8(ascii: "\""):
                state = .quoted
                rowHasContent = true
            case UInt8(ascii: ","): endField()
            case UInt8(ascii: "\r"): return endRow(next: .afterCR)
            case UInt8(ascii: "\n"): return endRow(next: .fieldStart)
            default:
                field.append(byte)
                state = .unquoted
            }
        case .unquoted:
            switch byte {
            case UInt8(ascii: ","): endField()
            case UInt8(ascii: "\r"): return endRow(next: .afterCR)
            case UInt8(ascii: "\n"): return endRow(next: .fieldStart)
            default: field.append(byte)
            }
        case .quoted:
            if byte == UInt8(ascii: "\"") { state = .quoteInQuoted } else { field.append(byte) }
        case .quoteInQuoted:
            switch byte {
            case UInt8(ascii: "\""):
                field.append(byte)
                state = .quoted
            case UInt8(ascii: ","): endField()
            case UInt8(ascii: "\r"): return endRow(next: .afterCR)
            case UInt8(ascii: "\n"): return endRow(next: .fieldStart)
            default:
                // Lenient, like Python: text after a closing quote joins the field.
                field.append(byte)
                state = .unquoted
            }
        }
        return nil
    }

    /// Ends the input; returns the last row if it had no line end.
    mutating func finish() -> [String]? {
        switch state {
        case .afterCR: return nil
        case .fieldStart where row.isEmpty && !rowHasContent: return nil
        default: return endRow(next: .fieldStart)
        }
    }

    private mutating func endField() {
        row.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        rowHasContent = true
        state = .fieldStart
    }

    private mutating func endRow(next: State) -> [String]? {
        let blank = row.isEmpty && field.isEmpty && !rowHasContent
        endField()
        let completed = row
        row = []
        rowHasContent = false
        state = next
        return blank ? nil : completed
    }
}
