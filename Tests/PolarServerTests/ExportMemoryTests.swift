import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

@testable import PolarServer

@Suite("Export streaming")
struct ExportMemoryTests {
    /// Resident memory of this process, in bytes (Linux).
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        else { return 0 }
        return kilobytes * 1024
    }

    @Test("100,000 customers stream out with flat memory")
    func hundredThousand() async throws {
        let server = try await TestServer.make()
        let count = 100_000
        try await server.seedCustomers(count)
        try await server.test(.live) { api in
            let port = try #require(api.client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/customers/export")
            request.headers.add(name: "Authorization", value: "Bearer \(server.token)")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
            #expect(response.status == .ok)
            let baseline = Self.residentBytes()
            var peak = baseline
            var bytes = 0
            var lines = 0
            var chunks = 0
            for try await chunk in response.body {
                bytes += chunk.readableBytes
                lines += chunk.withUnsafeReadableBytes { raw in raw.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } }
                chunks += 1
                if chunks % 32 == 0 { peak = max(peak, Self.residentBytes()) }
            }
            peak = max(peak, Self.residentBytes())
            #expect(lines == count + 1)
            // The CSV is over 10 MB; holding it (or its rows) in memory would show here.
            #expect(bytes > 10_000_000)
            #expect(peak - baseline < 8_000_000, "memory grew by \(peak - baseline) bytes while streaming \(bytes) bytes")
        }
    }
}
