import Foundation
import PolarModels
import Testing

extension APIClient {
    /// Creates a customer and a customer session for it; returns the customer and the session token.
    func signIn(_ customerJSON: String = #"{"email":"portal@example.com","name":"Jane"}"#) async throws -> (
        customer: JSONValue, token: String
    ) {
        let customer = try await createCustomer(customerJSON)
        let id = try #require(customer["id"]?.stringValue)
        let session = try await request(.post, "/v1/customer-sessions/", json: #"{"customer_id":"\#(id)"}"#)
        #expect(session.status == .created, "\(session.text)")
        return (customer, try #require(session.json["token"]?.stringValue))
    }
}
