import Foundation
import PolarModels

/// A `POST /v1/test-clocks/` body: an optional aware `frozen_time` (now when absent) and an
/// optional `name`, read with pydantic's errors like every other body.
struct TestClockCreateInput: Sendable {
    var frozenTime: Int64?
    var name: String?

    init(frozenTime: Int64?, name: String?) {
        self.frozenTime = frozenTime
        self.name = name
    }

    init(body: JSONValue?) throws {
        let body = try InputReader.object(body ?? .object([]))
        var reader = InputReader()
        frozenTime = body["frozen_time"].flatMap { $0 == .null ? nil : reader.awareDatetime($0, at: ["body", "frozen_time"]) }
        name = reader.trimmedOptional(body["name"], at: ["body", "name"], maxLength: 256).value
        try reader.check()
    }
}

/// A `POST /v1/test-clocks/{id}/advance` body: the aware `frozen_time` to move to.
struct TestClockAdvanceInput: Sendable {
    var frozenTime: Int64

    init(body: JSONValue?) throws {
        let body = try InputReader.object(body)
        var reader = InputReader()
        let time = reader.required(body, "frozen_time", at: ["body"]).flatMap { reader.awareDatetime($0, at: ["body", "frozen_time"]) }
        try reader.check()
        frozenTime = time!
    }
}
