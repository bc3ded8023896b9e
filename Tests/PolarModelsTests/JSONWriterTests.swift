import Foundation
import PolarModels
import Testing

/// The bytes Polar's pydantic models write, which the server's answers and the SDK's requests
/// both come from.
@Suite("JSON text and timestamps as Polar writes them")
struct JSONWriterTests {
    private func text(_ value: JSONValue) -> String { String(decoding: value.serialized, as: UTF8.self) }

    @Test("floats as Python's repr: shortest form, a signed two-digit exponent, .0 on whole numbers")
    func floats() {
        #expect(text(.number(0.1)) == "0.1")
        #expect(text(.number(100)) == "100.0")
        #expect(text(.number(1e20)) == "1e+20")
        #expect(text(.number(1e-5)) == "1e-05")
        #expect(text(.number(1.5e300)) == "1.5e+300")
        #expect(text(.number(-2.5e-7)) == "-2.5e-07")
        #expect(text(.number(.nan)) == "null" && text(.number(.infinity)) == "null")
        #expect(text(.integer(2)) == "2")
    }

    @Test("strings: quotes, backslashes and control characters escaped, everything else as UTF-8")
    func strings() {
        #expect(text("a\"b\\c") == #""a\"b\\c""#)
        #expect(text("\n\r\t\u{8}\u{C}\u{1F}") == #""\n\r\t\b\f\u001f""#)
        #expect(text("Zoë 東京 🎉 \u{7F}") == "\"Zoë 東京 🎉 \u{7F}\"")
    }

    @Test("objects keep their key order and explicit nulls; no whitespace")
    func objects() throws {
        let value: JSONValue = .object(["z": 1, "a": nil, "m": .array([true, false, "x"])])
        #expect(text(value) == #"{"z":1,"a":null,"m":[true,false,"x"]}"#)
        #expect(try JSONValue.parse(value.serialized) == value)
    }

    @Test("a syntax error says where, in characters")
    func syntaxErrors() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Array(#"{"a": }"#.utf8)) }
        do {
            _ = try JSONValue.parse(Array(#"["é", x]"#.utf8))
            Issue.record("parsed")
        } catch {
            #expect(error.position == 6)
        }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Array("[1] [2]".utf8)) }
    }

    @Test("timestamps: UTC with Z, six fraction digits only when there is a fraction; offsets parsed")
    func timestamps() {
        #expect(PolarTimestamp.format(microseconds: 0) == "1970-01-01T00:00:00Z")
        #expect(PolarTimestamp.format(microseconds: 1_704_110_400_500_000) == "2024-01-01T12:00:00.500000Z")
        #expect(PolarTimestamp.format(microseconds: -1) == "1969-12-31T23:59:59.999999Z")
        #expect(PolarTimestamp.parseMicroseconds("2024-01-01T12:00:00.5Z") == 1_704_110_400_500_000)
        #expect(PolarTimestamp.parseMicroseconds("2024-01-01T14:00:00+02:00") == 1_704_110_400_000_000)
        #expect(PolarTimestamp.parseMicroseconds("2024-13-01T00:00:00Z") == nil)
    }
}
