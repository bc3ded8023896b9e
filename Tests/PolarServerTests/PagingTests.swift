import Foundation
import PolarModels
import Testing

@Suite("Pages far past the end")
struct PagingTests {
    @Test("a page number whose offset overflows is an empty page, never a crash, on every kind of list")
    func hugePage() async throws {
        let server = try await TestServer.make()
        try await server.test { api in
            let customer = try #require(try await api.createCustomer(#"{"email":"page@example.com"}"#)["id"]?.stringValue)
            let (_, session) = try await api.signIn(#"{"email":"portal-page@example.com"}"#)
            let page = "page=2305843009213693953&limit=100"
            for path in [
                "/v1/customers/?\(page)", "/v1/events/?\(page)", "/v1/events/?\(page)&query=page&organization_id=\(server.organizationID.lowercased)",
                "/v1/events/names?\(page)", "/v1/webhooks/deliveries?\(page)", "/v1/customers/\(customer)/payment-methods?\(page)",
                "/v1/subscriptions/?\(page)", "/v1/benefits/?\(page)",
            ] {
                let response = try await api.request(.get, path)
                #expect(response.status == .ok, "\(path): \(response.text)")
                #expect(response.json["items"] == [], "\(path)")
            }
            let portal = try await api.request(.get, "/v1/customer-portal/customers/me/payment-methods?\(page)", token: session)
            #expect(portal.status == .ok, "\(portal.text)")
            #expect(portal.json["items"] == [])
        }
    }
}
