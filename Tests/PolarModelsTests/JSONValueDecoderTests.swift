import Foundation
import PolarModels
import Testing

@Suite("JSONValueDecoder keeps what JSONDecoder loses")
struct JSONValueDecoderTests {
    let decoder = JSONValueDecoder()

    @Test("numbers are strict: Int only from integers, Double from either")
    func numbers() throws {
        #expect(try decoder.decode(Int.self, from: Array("2".utf8)) == 2)
        #expect(throws: DecodingError.self) { try decoder.decode(Int.self, from: Array("2.0".utf8)) }
        #expect(try decoder.decode(Double.self, from: Array("2".utf8)) == 2)
        #expect(try decoder.decode(Double.self, from: Array("2.5".utf8)) == 2.5)
        #expect(throws: DecodingError.self) { try decoder.decode(UInt8.self, from: Array("300".utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode(Bool.self, from: Array("1".utf8)) }
    }

    @Test("metadata and JSONValue keep 2.0 apart from 2")
    func metadata() throws {
        let metadata = try decoder.decode(Metadata.self, from: Array(#"{"a":2.0,"b":2,"c":"2","d":false}"#.utf8))
        #expect(metadata == ["a": .number(2), "b": .integer(2), "c": .string("2"), "d": .boolean(false)])
        let value = try decoder.decode(JSONValue.self, from: Array(#"{"z":1.0,"a":[1,null]}"#.utf8))
        #expect(value == .object(["z": .number(1), "a": [1, nil]]))
    }

    @Test("optionals, nested containers, dates and UUIDs")
    func structure() throws {
        struct Sample: Decodable, Equatable {
            var id: UUID
            var when: Date
            var tags: [String]
            var nested: [String: [Int]]
            var missing: String?
            var null: Int?
        }
        let sample = try decoder.decode(
            Sample.self,
            from: Array(#"{"id":"1dbfc517-0bbf-4301-9ba8-555ca42b9737","when":"2024-01-01T00:00:01.5Z","tags":["a"],"nested":{"x":[1,2]},"null":null}"#.utf8))
        #expect(sample.id == UUID(uuidString: "1DBFC517-0BBF-4301-9BA8-555CA42B9737"))
        #expect(sample.when == Date(timeIntervalSince1970: 1_704_067_201.5))
        #expect(sample.tags == ["a"])
        #expect(sample.nested == ["x": [1, 2]])
        #expect(sample.missing == nil)
        #expect(sample.null == nil)
    }

    @Test("errors carry the coding path")
    func errorPath() {
        struct Outer: Decodable { var items: [Inner] }
        struct Inner: Decodable { var n: Int }
        do {
            _ = try decoder.decode(Outer.self, from: Array(#"{"items":[{"n":1},{"n":"x"}]}"#.utf8))
            Issue.record("expected a throw")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.codingPath.map(\.stringValue) == ["items", "Index 1", "n"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("the last of duplicate keys wins, as in Python")
    func duplicates() throws {
        #expect(try decoder.decode([String: Int].self, from: Array(#"{"a":1,"a":2}"#.utf8)) == ["a": 2])
    }

    @Test("a customer as Polar writes it decodes and encodes back to the same bytes")
    func customerRoundTrip() throws {
        let text = """
            {"id":"8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70","created_at":"2024-01-02T03:04:05.123456Z","modified_at":null,\
            "metadata":{"f":2.0,"i":2},"external_id":"usr_1","email":"jane@example.com","email_verified":false,\
            "type":"individual","name":"Jane","billing_name":"Jane","billing_address":{"line1":"1 Main","line2":null,\
            "postal_code":"94107","city":"San Francisco","state":"US-CA","country":"US"},"tax_id":["911144442","us_ein"],\
            "locale":"en-US","organization_id":"1dbfc517-0bbf-4301-9ba8-555ca42b9737","default_payment_method_id":null,\
            "deleted_at":null,"first_user_event_at":null,"avatar_url":"https://www.gravatar.com/avatar/x?d=404"}
            """
        let customer = try decoder.decode(Customer.self, from: Array(text.utf8))
        #expect(String(decoding: try JSONValueEncoder.serialize(customer), as: UTF8.self) == text)
        #expect(try decoder.decode(Customer.self, from: try JSONValueEncoder.serialize(customer)) == customer)
    }
}
