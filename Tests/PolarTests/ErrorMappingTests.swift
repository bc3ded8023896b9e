import Foundation
import Testing

@testable import Polar

@Suite("Each error response maps to its PolarError case")
struct ErrorMappingTests {
    /// The error a GET answered with `response` throws.
    func error(for response: PolarHTTPResponse) async -> PolarError? {
        let transport = MockTransport(response)
        do {
            _ = try await makePolar(transport).customers.get(id: Fixtures.customerID)
            return nil
        } catch {
            return error
        }
    }

    @Test("422 → .validation with every entry, both error flavours")
    func validation() async throws {
        let body = #"""
            {"error":"PolarRequestValidationError","detail":[{"type":"value_error","loc":["body","email"],"msg":"A customer with this email address already exists.","input":"a@b.io"},{"type":"greater_than","loc":["query","limit"],"msg":"Input should be greater than 0","input":"0","ctx":{"gt":0}}]}
            """#
        guard case .validation(let validation) = await error(for: .json(422, body)) else {
            Issue.record("expected .validation")
            return
        }
        #expect(validation.error == "PolarRequestValidationError")
        #expect(validation.detail.count == 2)
        #expect(validation.detail[0].loc == ["body", "email"])
        #expect(validation.detail[0].input == "a@b.io")
        #expect(validation.detail[1].ctx == .object(["gt": 0]))
    }

    @Test("404 → .notFound, also for Starlette's unknown-route body")
    func notFound() async {
        guard case .notFound(let body) = await error(for: .json(404, #"{"error":"ResourceNotFound","detail":"Not found"}"#)) else {
            Issue.record("expected .notFound")
            return
        }
        #expect(body == ResourceNotFound())
        guard case .notFound(let route) = await error(for: .json(404, #"{"detail":"Not Found"}"#)) else {
            Issue.record("expected .notFound")
            return
        }
        #expect(route == ResourceNotFound(error: "NotFound", detail: "Not Found"))
    }

    @Test("401 → .unauthorized with either body shape")
    func unauthorized() async {
        guard case .unauthorized(let polar) = await error(for: .json(401, #"{"error":"Unauthorized","detail":"Unauthorized"}"#)) else {
            Issue.record("expected .unauthorized")
            return
        }
        #expect(polar == ErrorBody(error: "Unauthorized", detail: "Unauthorized"))
        let oauth = #"{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed, or invalid for other reasons."}"#
        guard case .unauthorized(let body) = await error(for: .json(401, oauth)) else {
            Issue.record("expected .unauthorized")
            return
        }
        #expect(body.error == "invalid_token")
        #expect(body.message?.hasPrefix("The access token provided") == true)
        guard case .unauthorized(let empty) = await error(for: .empty(401)) else {
            Issue.record("expected .unauthorized")
            return
        }
        #expect(empty.error == "Unauthorized")
    }

    @Test("403 → .forbidden, or .customerNotReady for that body")
    func forbidden() async {
        let scope = #"{"error":"insufficient_scope","error_description":"The request requires higher privileges than provided by the access token."}"#
        guard case .forbidden(let body) = await error(for: .json(403, scope)) else {
            Issue.record("expected .forbidden")
            return
        }
        #expect(body.error == "insufficient_scope")
        guard case .forbidden(let permission) = await error(for: .json(403, #"{"error":"NotPermitted","detail":"You don't have permission to manage customers"}"#)) else {
            Issue.record("expected .forbidden")
            return
        }
        #expect(permission.detail == "You don't have permission to manage customers")
        guard case .customerNotReady(let notReady) = await error(for: .json(403, #"{"error":"CustomerNotReady","detail":"Customer is not ready for this operation."}"#)) else {
            Issue.record("expected .customerNotReady")
            return
        }
        #expect(notReady.detail == "Customer is not ready for this operation.")
    }

    @Test("400 → .paymentMethodInUse, .paymentMethodSetupFailed, or .server for anything else")
    func badRequest() async {
        guard case .paymentMethodInUse(let inUse) = await error(for: .json(400, #"{"error":"PaymentMethodInUseByActiveSubscription","detail":"This payment method is still needed to bill a subscription. Add another one or cancel the subscription first."}"#)) else {
            Issue.record("expected .paymentMethodInUse")
            return
        }
        #expect(inUse.error == "PaymentMethodInUseByActiveSubscription")
        guard case .paymentMethodSetupFailed(let failed) = await error(for: .json(400, #"{"error":"PaymentMethodSetupFailed","detail":"Could not add this payment method: Your card was declined. Please try again with a different card."}"#)) else {
            Issue.record("expected .paymentMethodSetupFailed")
            return
        }
        #expect(failed.detail?.contains("declined") == true)
        guard case .server(400, let body) = await error(for: .json(400, #"{"error":"Other","detail":"x"}"#)) else {
            Issue.record("expected .server")
            return
        }
        #expect(body == #"{"error":"Other","detail":"x"}"#)
    }

    @Test("429 → .rateLimited with Retry-After in seconds or as an HTTP date")
    func rateLimited() async {
        guard case .rateLimited(let seconds) = await error(for: .empty(429, headers: [("retry-after", "7")])) else {
            Issue.record("expected .rateLimited")
            return
        }
        #expect(seconds == .seconds(7))
        // The mock clock is 2023-11-14T22:13:20Z.
        guard case .rateLimited(let date) = await error(for: .empty(429, headers: [("Retry-After", "Tue, 14 Nov 2023 22:13:50 GMT")])) else {
            Issue.record("expected .rateLimited")
            return
        }
        #expect(date == .seconds(30))
        guard case .rateLimited(let none) = await error(for: .empty(429)) else {
            Issue.record("expected .rateLimited")
            return
        }
        #expect(none == nil)
    }

    @Test("5xx and undocumented statuses → .server with the text; 411 too")
    func server() async {
        guard case .server(500, "Internal Server Error") = await error(for: .text(500, "Internal Server Error")) else {
            Issue.record("expected .server(500)")
            return
        }
        guard case .server(411, let body) = await error(for: .json(411, #"{"error":"LengthRequired","detail":"A Content-Length header is required."}"#)) else {
            Issue.record("expected .server(411)")
            return
        }
        #expect(body.contains("LengthRequired"))
    }

    @Test("a transport failure → .transport with the underlying error")
    func transport() async {
        struct Refused: Error {}
        let transport = MockTransport { _, _ in throw Refused() }
        do {
            _ = try await makePolar(transport).customers.get(id: Fixtures.customerID)
            Issue.record("expected a throw")
        } catch {
            guard case .transport(let underlying) = error else {
                Issue.record("expected .transport, got \(error)")
                return
            }
            #expect(underlying is Refused)
        }
    }

    @Test("descriptions name the case and Polar's message")
    func descriptions() {
        let validation = PolarError.validation(
            HTTPValidationError(error: "RequestValidationError", detail: [ValidationError(loc: ["query", "limit", 0], msg: "bad", type: "x", input: nil)]))
        #expect(validation.description == "Polar validation error (RequestValidationError): query.limit.0: bad")
        #expect(PolarError.rateLimited(retryAfter: nil).description.contains("rate limited"))
        #expect(PolarError.server(status: 502, body: "Bad Gateway").description == "Polar: HTTP 502: Bad Gateway")
    }
}
