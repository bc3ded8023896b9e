import Foundation
import Testing

@testable import Polar

@Suite("Responses decode into typed values")
struct DecodingTests {
    static let stateJSON = """
        {"id":"8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70","created_at":"2024-01-02T03:04:05Z","modified_at":null,\
        "metadata":{},"external_id":null,"email":null,"email_verified":false,"type":"team","name":"Acme",\
        "billing_name":"Acme","billing_address":null,"tax_id":null,"locale":null,\
        "organization_id":"1dbfc517-0bbf-4301-9ba8-555ca42b9737","default_payment_method_id":null,"deleted_at":null,\
        "first_user_event_at":null,"avatar_url":null,
        "active_subscriptions":[{"id":"e5149aae-e521-42b9-b24c-abb3d71eea2e","created_at":"2025-01-03T13:37:00Z",\
        "modified_at":null,"custom_field_data":{"seats":3},"metadata":{"tier":1.5},"status":"trialing","amount":1000,\
        "currency":"usd","recurring_interval":"month","current_period_start":"2025-02-03T13:37:00Z",\
        "current_period_end":"2025-03-03T13:37:00Z","trial_start":null,"trial_end":null,"cancel_at_period_end":false,\
        "canceled_at":null,"started_at":"2025-01-03T13:37:00Z","ends_at":null,\
        "product_id":"397a17aa-15cf-4cb4-9333-18040203cf98","discount_id":null,\
        "price_id":"d498a884-e2cd-4d3e-8002-f536468a8b22",\
        "meters":[{"created_at":"2025-01-03T13:37:00Z","modified_at":null,"id":"d322132c-a9d0-4e0d-b8d3-d81ad021a3a9",\
        "consumed_units":25,"credited_units":100,"amount":0,"meter_id":"d498a884-e2cd-4d3e-8002-f536468a8b22"}]}],
        "granted_benefits":[{"id":"d322132c-a9d0-4e0d-b8d3-d81ad021a3a9","created_at":"2025-01-03T13:37:00Z",\
        "modified_at":null,"granted_at":"2025-01-03T13:37:00Z","benefit_id":"397a17aa-15cf-4cb4-9333-18040203cf98",\
        "benefit_type":"license_keys","benefit_metadata":{"key":"value"},\
        "properties":{"license_key_id":"lk_1","display_key":"****-ABCD"}},\
        {"id":"d322132c-a9d0-4e0d-b8d3-d81ad021a3a8","created_at":"2025-01-03T13:37:00Z","modified_at":null,\
        "granted_at":"2025-01-03T13:37:00Z","benefit_id":"397a17aa-15cf-4cb4-9333-18040203cf97",\
        "benefit_type":"feature_flag","benefit_metadata":{},"properties":{}},\
        {"id":"d322132c-a9d0-4e0d-b8d3-d81ad021a3a7","created_at":"2025-01-03T13:37:00Z","modified_at":null,\
        "granted_at":"2025-01-03T13:37:00Z","benefit_id":"397a17aa-15cf-4cb4-9333-18040203cf96",\
        "benefit_type":"meter_credit","benefit_metadata":{},"properties":{"units":10}}],
        "active_meters":[{"id":"d322132c-a9d0-4e0d-b8d3-d81ad021a3a9","created_at":"2025-01-03T13:37:00Z",\
        "modified_at":null,"meter_id":"d498a884-e2cd-4d3e-8002-f536468a8b22","consumed_units":25.5,\
        "credited_units":100,"balance":74.5}]}
        """

    static let sessionJSON = """
        {"created_at":"2025-01-03T13:37:00Z","modified_at":null,"id":"d322132c-a9d0-4e0d-b8d3-d81ad021a3a9",\
        "token":"polar_cst_abc","expires_at":"2025-01-03T14:37:00Z","return_url":null,\
        "customer_portal_url":"https://polar.sh/acme/portal?customer_session_token=polar_cst_abc&email=jane%40example.com",\
        "customer_id":"8f1c5e2a-4b7d-4c3e-9a1f-2b3c4d5e6f70","customer":\(Fixtures.customer())}
        """

    @Test("a customer: every field, dates to the microsecond, tax ID and address")
    func customer() async throws {
        let transport = MockTransport(.json(200, Fixtures.customer()))
        let customer = try await makePolar(transport).customers.get(id: Fixtures.customerID)
        guard case .individual(let individual) = customer else {
            Issue.record("expected an individual")
            return
        }
        #expect(individual.id == Fixtures.customerID)
        #expect(PolarTimestamp.format(individual.createdAt) == "2024-01-02T03:04:05.123456Z")
        #expect(individual.modifiedAt == nil)
        #expect(individual.email == "jane@example.com")
        #expect(individual.taxID == TaxID(value: "911144442", format: .usEin))
        #expect(individual.billingAddress?.state == "US-CA")
        #expect(individual.organizationID == Fixtures.organizationID)
        #expect(customer.externalID == "usr_1")
    }

    @Test("metadata keeps 2.0 a float and 2 an integer, which Foundation's JSONDecoder cannot")
    func metadataNumbers() async throws {
        let transport = MockTransport(
            .json(200, Fixtures.customer(metadata: #"{"f":2.0,"i":2,"b":true,"s":"2","e":1e3,"n":-0.5}"#)))
        let customer = try await makePolar(transport).customers.get(id: Fixtures.customerID)
        guard case .individual(let individual) = customer else { return }
        #expect(individual.metadata["f"] == .number(2.0))
        #expect(individual.metadata["i"] == .integer(2))
        #expect(individual.metadata["b"] == .boolean(true))
        #expect(individual.metadata["s"] == .string("2"))
        #expect(individual.metadata["e"] == .number(1000))
        #expect(individual.metadata["n"] == .number(-0.5))
    }

    @Test("a list mixes individual and team customers")
    func mixedList() async throws {
        let team = Fixtures.customer(id: UUID(), type: "team", email: nil, externalID: nil)
        let transport = MockTransport(.json(200, Fixtures.page([Fixtures.customer(), team], total: 12, maxPage: 6)))
        let page = try await makePolar(transport).customers.list(limit: 2)
        #expect(page.items.map(\.type) == [.individual, .team])
        #expect(page.items[1].email == nil)
        #expect(page.pagination == Pagination(totalCount: 12, maxPage: 6))
    }

    @Test("customer state: customer fields, subscriptions, typed benefit properties, meters")
    func state() async throws {
        let transport = MockTransport(.json(200, Self.stateJSON))
        let state = try await makePolar(transport).customers.state(id: Fixtures.customerID)
        guard case .team(let team) = state else {
            Issue.record("expected a team state")
            return
        }
        #expect(team.name == "Acme")
        #expect(team.email == nil)
        #expect(state.customer.id == Fixtures.customerID)
        let subscription = try #require(state.activeSubscriptions.first)
        #expect(subscription.status == .trialing)
        #expect(subscription.recurringInterval == .month)
        #expect(subscription.customFieldData["seats"] == .integer(3))
        #expect(subscription.metadata["tier"] == .number(1.5))
        #expect(subscription.priceID == UUID(uuidString: "d498a884-e2cd-4d3e-8002-f536468a8b22"))
        #expect(subscription.meters.first?.consumedUnits == 25)
        #expect(state.grantedBenefits.count == 3)
        #expect(state.grantedBenefits[0].benefitType == .licenseKeys)
        #expect(state.grantedBenefits[0].properties == .licenseKeys(.init(licenseKeyID: "lk_1", displayKey: "****-ABCD")))
        #expect(state.grantedBenefits[1].properties == .empty)
        #expect(state.grantedBenefits[2].properties == .other(.object(["units": 10])))
        #expect(state.activeMeters.first?.balance == 74.5)
    }

    @Test("customer state re-encodes with the customer keys first, then the three arrays")
    func stateRoundTrip() throws {
        let state = try JSONValueDecoder().decode(CustomerState.self, from: Array(Self.stateJSON.utf8))
        let json = try JSONValueEncoder.encode(state)
        guard case .object(let members) = json else {
            Issue.record("expected an object")
            return
        }
        #expect(members.map(\.key).suffix(3) == ["active_subscriptions", "granted_benefits", "active_meters"])
        #expect(members.first?.key == "id")
        #expect(try JSONValueDecoder().decode(CustomerState.self, from: json) == state)
    }

    @Test("a customer session carries the token and the full customer")
    func session() async throws {
        let transport = MockTransport(.json(201, Self.sessionJSON))
        let session = try await makePolar(transport).customerSessions.create(CustomerSessionCreate(customer: .id(Fixtures.customerID)))
        #expect(session.token == "polar_cst_abc")
        #expect(session.customerID == Fixtures.customerID)
        #expect(session.customer.email == "jane@example.com")
        #expect(PolarTimestamp.format(session.expiresAt) == "2025-01-03T14:37:00Z")
    }

    @Test("a body that does not fit the type is a decoding error carrying the text")
    func badBody() async throws {
        let transport = MockTransport(.json(200, #"{"id":"nope"}"#))
        await #expect {
            _ = try await makePolar(transport).customers.get(id: Fixtures.customerID)
        } throws: { error in
            guard let error = error as? PolarError, error.code == .decoding, error.underlying is DecodingError else { return false }
            return error.status == 200 && error.responseText == #"{"id":"nope"}"#
        }
    }
}
