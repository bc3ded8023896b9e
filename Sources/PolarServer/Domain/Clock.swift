import Foundation

/// Time as the stores keep it: whole microseconds since the Unix epoch, the precision Polar shows.
enum Clock {
    static func nowMicroseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1_000
    }
}
