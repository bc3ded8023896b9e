import Foundation

/// A response body arriving in chunks: an `AsyncSequence` of byte arrays that can be iterated
/// once. A second iteration throws ``PolarByteStream/AlreadyConsumed``.
public struct PolarByteStream: AsyncSequence, Sendable {
    /// A chunk of bytes.
    public typealias Element = [UInt8]

    /// Thrown by a second iteration of the same stream.
    public struct AlreadyConsumed: Error, Hashable, Sendable {}

    private let once = OnceFlag()
    private let makeNext: @Sendable () -> () async throws -> [UInt8]?

    /// Creates a stream from a factory of "next chunk" functions; the factory is called once,
    /// when iteration starts. Return `nil` from the function at the end of the body.
    /// - Parameter makeNext: Makes the function that reads the next chunk.
    public init(_ makeNext: @escaping @Sendable () -> () async throws -> [UInt8]?) {
        self.makeNext = makeNext
    }

    /// Creates a stream that yields `bytes` as one chunk (none when empty).
    /// - Parameter bytes: The whole body.
    public init(bytes: [UInt8]) {
        self.init(chunks: bytes.isEmpty ? [] : [bytes])
    }

    /// Creates a stream that yields `chunks` in order.
    /// - Parameter chunks: The body's chunks.
    public init(chunks: [[UInt8]]) {
        self.init {
            var iterator = chunks.makeIterator()
            return { iterator.next() }
        }
    }

    /// Creates a stream over another sequence of chunks.
    /// - Parameter sequence: Any sendable async sequence of byte arrays.
    public init<Base: AsyncSequence & Sendable>(_ sequence: Base) where Base.Element == [UInt8] {
        self.init {
            let box = IteratorBox(sequence.makeAsyncIterator())
            return { try await box.next() }
        }
    }

    /// Iterates the chunks.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var read: (() async throws -> [UInt8]?)?
        var failure: (any Error)?

        /// The next chunk, or `nil` at the end of the body.
        public mutating func next() async throws -> [UInt8]? {
            if let failure {
                self.failure = nil
                throw failure
            }
            return try await read?()
        }
    }

    /// Starts the only iteration of the body.
    public func makeAsyncIterator() -> AsyncIterator {
        guard once.claim() else { return AsyncIterator(read: nil, failure: AlreadyConsumed()) }
        return AsyncIterator(read: makeNext(), failure: nil)
    }

    /// Reads the whole body into memory.
    /// - Parameter limit: The most bytes to accept.
    /// - Returns: The body.
    /// - Throws: ``BodyTooLarge`` past `limit`, or whatever reading throws.
    public func collect(upTo limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in self {
            guard bytes.count + chunk.count <= limit else { throw BodyTooLarge(limit: limit) }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// Thrown by ``collect(upTo:)`` when the body is longer than allowed.
    public struct BodyTooLarge: Error, Hashable, Sendable {
        /// The limit that was exceeded.
        public var limit: Int
    }
}

/// Lets a non-sendable iterator be advanced from the closure that owns it.
private final class IteratorBox<Base: AsyncIteratorProtocol> where Base.Element == [UInt8] {
    var base: Base
    init(_ base: Base) { self.base = base }
    func next() async throws -> [UInt8]? { try await base.next() }
}

/// Remembers whether a one-shot resource was taken.
private final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    /// `true` the first time only.
    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }
}
