import Foundation
import Testing

@testable import PolarServer

@Suite("UUID(stored:)")
struct StoredUUIDTests {
    @Test("reads what Foundation reads, and refuses what it refuses")
    func sameAsFoundation() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(UUID(stored: id.uuidString.lowercased()) == id)
            #expect(UUID(stored: id.uuidString) == id)
        }
        for text in ["", "not-a-uuid", "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000",
            "123e4567e89b-12d3-a456-4266141740000", "123e4567-e89b-12d3-a456-42661417400g", "{123e4567-e89b-12d3-a456-426614174000}"]
        {
            #expect(UUID(stored: text) == UUID(uuidString: text), "\(text)")
        }
    }
}
