import Foundation
import Polar
import Testing

/// The README's and the DocC catalog's Swift examples, compiled here with `import Polar` alone
/// (as an app writes them), and a check that each document still holds exactly these lines.
@Suite("Documentation examples")
struct DocumentationExamplesTests {
    // The examples, verbatim (less their `import Polar`). They are compiled, never run: they
    // call Polar's hosted API or a server on port 8080.

    // README.md, "The Swift SDK".
    static func readmeCustomers() async throws {
        let polar = Polar(accessToken: "polar_oat_…", server: .custom(URL(string: "http://127.0.0.1:8080")!))

        let customer = try await polar.customers.create(
            CustomerCreate(email: "jane@example.com", name: "Jane", externalID: "usr_42", metadata: ["plan": "pro"]))
        let renamed = try await polar.customers.update(id: customer.id, CustomerUpdate(name: .value("Jane Doe"), locale: .null))
        for try await customer in polar.customers.all(query: "jane") { print(customer.email ?? "-") }
        for try await row in try await polar.customers.export().rows { print(row) }   // streamed
        do {
            _ = try await polar.customers.create(CustomerCreate(email: "jane@example.com"))
        } catch {
            if let validation = error.validation { print(validation.detail.map(\.msg)) }   // ["A customer with this email address already exists."]
        }
        _ = renamed
    }

    // README.md, webhooks.
    static func readmeWebhooks(polar: Polar, body: [UInt8], headers: [String: String]) async throws {
        let endpoint = try await polar.webhooks.createEndpoint(
            WebhookEndpointCreate(url: "https://app.example.com/webhooks", events: ["customer.state_changed"]))
        let payload = try Webhook.verify(body: body, headers: headers, secret: endpoint.secret)
        if case .customerStateChanged(let state) = payload.event { print(state) }
    }

    // README.md, usage.
    static func readmeUsage(polar: Polar) async throws {
        let meter = try await polar.meters.create(MeterCreate(
            name: "API calls", filter: MeterFilter([.condition(property: "name", operator: .equal, value: "api_call")]), aggregation: .count))
        _ = try await polar.events.ingest([EventCreate(name: "api_call", customer: .externalID("usr_42"))])
        let usage = try await polar.customerMeters.list(externalCustomerIDs: ["usr_42"])
        _ = (meter, usage)
    }

    // Sources/Polar/Polar.docc/Polar.md.
    static func docc() async throws {
        let polar = Polar(accessToken: "polar_oat_…", server: .sandbox)

        // Create, read, update, delete.
        let customer = try await polar.customers.create(
            CustomerCreate(email: "jane@example.com", name: "Jane", externalID: "usr_42", metadata: ["plan": "pro"]))
        let same = try await polar.customers.get(externalID: "usr_42")
        let renamed = try await polar.customers.update(id: customer.id, CustomerUpdate(name: .value("Jane Doe"), locale: .null))
        try await polar.customers.delete(id: customer.id, anonymize: true)

        // One page, or every page lazily.
        let page = try await polar.customers.list(query: "jane", metadata: ["plan": ["pro", "team"]], sorting: [.email], limit: 50)
        for try await customer in polar.customers.all(active: true) { print(customer.email ?? "-") }

        // Stream the CSV export without holding it in memory.
        for try await row in try await polar.customers.export().rows { print(row) }

        // Errors carry Polar's bodies.
        do {
            _ = try await polar.customers.create(CustomerCreate(email: "jane@example.com"))
        } catch {
            if let validation = error.validation { print(validation.detail.map(\.msg)) }   // ["A customer with this email address already exists."]
        }

        // The customer portal, with a customer session token.
        let session = try await polar.customerSessions.create(CustomerSessionCreate(customer: .externalID("usr_42")))
        let portal = polar.withAccessToken(session.token).customerPortal
        let me = try await portal.customers.get()
        _ = (same, renamed, page, me)
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The ```swift blocks of a document, each as its lines with indentation and `import` lines dropped.
    static func swiftBlocks(_ path: String) throws -> [[String]] {
        let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        var blocks: [[String]] = []
        var current: [String]?
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```swift") {
                current = []
            } else if line.hasPrefix("```"), let block = current {
                blocks.append(block)
                current = nil
            } else if current != nil {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty, !trimmed.hasPrefix("import ") { current!.append(trimmed) }
            }
        }
        return blocks
    }

    @Test("every Swift example in the README and the DocC catalog is one compiled above, line for line")
    func examplesAreCompiled() throws {
        let compiled = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
            .components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let blocks = try Self.swiftBlocks("README.md") + Self.swiftBlocks("Sources/Polar/Polar.docc/Polar.md")
        #expect(blocks.count == 4)
        for block in blocks {
            let found = compiled.indices.contains { start in
                start + block.count <= compiled.count && Array(compiled[start..<start + block.count]) == block
            }
            #expect(found, "not compiled here:\n\(block.joined(separator: "\n"))")
        }
    }
}
