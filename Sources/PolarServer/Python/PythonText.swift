import Foundation
import PolarModels

/// JSON values as Python writes them as text, where Polar's answers show Python's output. (The
/// validators' Python string rules are in PolarCompatibility's `Py`.)
enum PythonText {
    /// How Python's `str()` shows a value, as pydantic's tag messages do.
    static func str(_ value: JSONValue) -> String {
        switch value {
        case .null: "None"
        case .bool(let flag): flag ? "True" : "False"
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .string(let text): text
        case .array, .object: String(decoding: value.serialized, as: UTF8.self)
        }
    }

    /// `json.dumps` with its defaults: `", "` and `": "` separators and everything outside ASCII
    /// as `\uXXXX` (UTF-16 units). Polar writes its CSV metadata and its Discord and Slack webhook
    /// bodies this way.
    static func jsonDumps(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .number: String(decoding: value.serialized, as: UTF8.self)
        case .string(let text): string(text)
        case .array(let items): "[" + items.map(jsonDumps).joined(separator: ", ") + "]"
        case .object(let members): "{" + members.map { string($0.key) + ": " + jsonDumps($0.value) }.joined(separator: ", ") + "}"
        }
    }

    private static func string(_ value: String) -> String {
        var text = "\""
        for unit in value.utf16 {
            switch unit {
            case 0x22: text += "\\\""
            case 0x5C: text += "\\\\"
            case 0x0A: text += "\\n"
            case 0x0D: text += "\\r"
            case 0x09: text += "\\t"
            case 0x08: text += "\\b"
            case 0x0C: text += "\\f"
            case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default: text += String(format: "\\u%04x", unit)
            }
        }
        return text + "\""
    }
}
