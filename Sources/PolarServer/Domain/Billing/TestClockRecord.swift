import Foundation
import PolarModels

/// A test clock as stored: its time, and where a running advance is going.
struct TestClockRecord: Sendable, Hashable {
    var id: UUID
    var organizationID: UUID
    var name: String?
    var frozenTime: Int64
    /// Set while an advance runs; cleared when it has run every due step.
    var advancingTo: Int64?
    var createdAt: Int64
    var modifiedAt: Int64?

    var wire: TestClock {
        TestClock(
            createdAt: PolarTimestamp.date(microseconds: createdAt), modifiedAt: modifiedAt.map(PolarTimestamp.date(microseconds:)),
            id: id, name: name, frozenTime: PolarTimestamp.date(microseconds: frozenTime),
            status: advancingTo == nil ? .ready : .advancing)
    }
}
