import Foundation

/// The service's one source of "now", in whole microseconds since the Unix epoch (the precision
/// Polar shows). Every service takes it from the configuration, so a test can set the time;
/// customers on a test clock live on that clock's time instead.
public struct ServerClock: Sendable {
    private let read: @Sendable () -> Int64

    /// A clock that reads `read`, in microseconds since 1970.
    public init(_ read: @escaping @Sendable () -> Int64) { self.read = read }

    /// The system's real time.
    public static let system = ServerClock {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1_000
    }

    /// The current time, in microseconds since 1970.
    public func now() -> Int64 { read() }
}
