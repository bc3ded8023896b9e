import Foundation
import Testing

@testable import Polar

@Suite("Export streams CSV bytes and rows")
struct ExportTests {
    static let header = "ID,External ID,Created At,Email,Name,Tax ID,Billing Address Line 1,Billing Address Line 2,Billing Address City,Billing Address State,Billing Address Zip,Billing Address Country,Metadata"

    /// Parses `text` fed in chunks of `size` bytes.
    func rows(_ text: String, chunk size: Int) async throws -> [[String]] {
        let bytes = Array(text.utf8)
        let chunks = stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
        var rows: [[String]] = []
        for try await row in CustomerExport(body: PolarByteStream(chunks: chunks)).rows { rows.append(row) }
        return rows
    }

    @Test("Polar's quirks parse the same whatever the chunk boundaries", arguments: [1, 2, 3, 7, 1000])
    func quirks(chunk: Int) async throws {
        let csv = Self.header + "\r\n"
            + #"8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70,usr_1,2024-01-02T03:04:05.123456+00:00,a@b.io,"Doe, Jane","('FR61954506077', <TaxIDFormat.eu_vat: 'eu_vat'>)",,,,,,FR,"{""plan"": ""pro"", ""n"": 2.0}""#
            + "\r\n"
            + "id2,,2024-01-02T03:04:05+00:00,c@d.io,\"two\nlines\",,,,,,,,\r\n"
        let parsed = try await rows(csv, chunk: chunk)
        #expect(parsed.count == 3)
        #expect(parsed[0].count == 13)
        #expect(parsed[0].last == "Metadata")
        #expect(parsed[1][4] == "Doe, Jane")
        #expect(parsed[1][5] == "('FR61954506077', <TaxIDFormat.eu_vat: 'eu_vat'>)")
        #expect(parsed[1][12] == #"{"plan": "pro", "n": 2.0}"#)
        #expect(parsed[2][4] == "two\nlines")
        #expect(parsed[2].count == 13)
        #expect(parsed[2][12] == "")
    }

    @Test("LF line ends, a last line without a line end, and non-ASCII text")
    func edges() async throws {
        #expect(try await rows("a,b\nc,d", chunk: 1) == [["a", "b"], ["c", "d"]])
        #expect(try await rows("é,\"ü\"\r\n", chunk: 1) == [["é", "ü"]])
        #expect(try await rows("", chunk: 1) == [])
        #expect(try await rows("\"\"\r\n", chunk: 1) == [[""]])
        #expect(try await rows("a,\r\n", chunk: 1) == [["a", ""]])
    }

    @Test("export returns once the head arrives and reads the body lazily, chunk by chunk")
    func streaming() async throws {
        let produced = SleepRecorder()
        let transport = MockTransport { _, _ in
            PolarHTTPResponse(
                status: 200,
                headers: [("Content-Type", "text/csv; charset=utf-8"), ("Content-Disposition", #"attachment; filename="polar-customers.csv""#)],
                body: PolarByteStream {
                    var index = 0
                    return {
                        index += 1
                        produced.record(.seconds(index))
                        return index <= 3 ? Array("row\(index)\r\n".utf8) : nil
                    }
                })
        }
        let export = try await makePolar(transport).customers.export()
        #expect(produced.sleeps.isEmpty)
        #expect(export.filename == "polar-customers.csv")
        #expect(export.contentType == "text/csv; charset=utf-8")
        var iterator = export.rows.makeAsyncIterator()
        #expect(try await iterator.next() == ["row1"])
        #expect(produced.sleeps.count == 1)
        #expect(try await iterator.next() == ["row2"])
        #expect(try await iterator.next() == ["row3"])
        #expect(try await iterator.next() == nil)
    }

    @Test("raw bytes can be iterated instead of rows, and only once")
    func bytesOnce() async throws {
        let transport = MockTransport(.text(200, "ID\r\nx\r\n"))
        let export = try await makePolar(transport).customers.export()
        var bytes: [UInt8] = []
        for try await chunk in export { bytes += chunk }
        #expect(String(decoding: bytes, as: UTF8.self) == "ID\r\nx\r\n")
        await #expect(throws: PolarError.self) {
            for try await _ in export {}
        }
    }

    @Test("a connection dropped mid-stream is a transport error")
    func dropped() async throws {
        struct Dropped: Error {}
        let transport = MockTransport { _, _ in
            PolarHTTPResponse(
                status: 200,
                body: PolarByteStream {
                    var sent = false
                    return {
                        if sent { throw Dropped() }
                        sent = true
                        return Array("ID\r\n".utf8)
                    }
                })
        }
        let export = try await makePolar(transport).customers.export()
        var rows: [[String]] = []
        await #expect {
            for try await row in export.rows { rows.append(row) }
        } throws: { error in
            guard let error = error as? PolarError, error.code == .transport, let underlying = error.underlying else { return false }
            return underlying is Dropped
        }
        #expect(rows == [["ID"]])
    }

    @Test("an export that cannot start throws before any byte")
    func failsEarly() async throws {
        let transport = MockTransport(.json(403, #"{"error":"insufficient_scope","error_description":"x"}"#))
        await #expect {
            _ = try await makePolar(transport).customers.export()
        } throws: { error in
            guard let error = error as? PolarError, error.code == .forbidden, let body = error.body else { return false }
            return body.error == "insufficient_scope"
        }
    }
}
