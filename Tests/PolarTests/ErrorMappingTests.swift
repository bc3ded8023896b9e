import Foundation
import Testing

@testable import Polar

@Suite("Each error response maps to its PolarError code")
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
        guard let validationError = await error(for: .json(422, body)), validationError.code == .validation, let validation = validationError.validation else {
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
        guard let bodyError = await error(for: .json(404, #"{"error":"ResourceNotFound","detail":"Not found"}"#)), bodyError.code == .notFound, let body = bodyError.body else {
            Issue.record("expected .notFound")
            return
        }
        #expect(body == ErrorBody(error: "ResourceNotFound", detail: "Not found"))
        guard let routeError = await error(for: .json(404, #"{"detail":"Not Found"}"#)), routeError.code == .notFound, let route = routeError.body else {
            Issue.record("expected .notFound")
            return
        }
        #expect(route == ErrorBody(error: "NotFound", detail: "Not Found"))
    }

    @Test("401 → .unauthorized with either body shape")
    func unauthorized() async {
        guard let polarError = await error(for: .json(401, #"{"error":"Unauthorized","detail":"Unauthorized"}"#)), polarError.code == .unauthorized, let polar = polarError.body else {
            Issue.record("expected .unauthorized")
            return
        }
        #expect(polar == ErrorBody(error: "Unauthorized", detail: "Unauthorized"))
        let oauth = #"{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed, or invalid for other reasons."}"#
        guard let bodyError = await error(for: .json(401, oauth)), bodyError.code == .unauthorized, let body = bodyError.body else {
            Issue.record("expected .unauthorized")
            return
        }
        #expect(body.error == "invalid_token")
        #expect(body.message?.hasPrefix("The access token provided") == true)
        guard let emptyError = await error(for: .empty(401)), emptyError.code == .unauthorized, let empty = emptyError.body else {
            Issue.record("expected .unauthorized")
            return
        }
        #expect(empty.error == "Unauthorized")
    }

    @Test("403 → .forbidden, or .customerNotReady for that body")
    func forbidden() async {
        let scope = #"{"error":"insufficient_scope","error_description":"The request requires higher privileges than provided by the access token."}"#
        guard let bodyError = await error(for: .json(403, scope)), bodyError.code == .forbidden, let body = bodyError.body else {
            Issue.record("expected .forbidden")
            return
        }
        #expect(body.error == "insufficient_scope")
        guard let permissionError = await error(for: .json(403, #"{"error":"NotPermitted","detail":"You don't have permission to manage customers"}"#)), permissionError.code == .forbidden, let permission = permissionError.body else {
            Issue.record("expected .forbidden")
            return
        }
        #expect(permission.detail == "You don't have permission to manage customers")
        guard let notReadyError = await error(for: .json(403, #"{"error":"CustomerNotReady","detail":"Customer is not ready for this operation."}"#)), notReadyError.code == .customerNotReady, let notReady = notReadyError.body else {
            Issue.record("expected .customerNotReady")
            return
        }
        #expect(notReady.detail == "Customer is not ready for this operation.")
    }

    @Test("400 → .paymentMethodInUse, .paymentMethodSetupFailed, or .server for anything else")
    func badRequest() async {
        guard let inUseError = await error(for: .json(400, #"{"error":"PaymentMethodInUseByActiveSubscription","detail":"This payment method is still needed to bill a subscription. Add another one or cancel the subscription first."}"#)), inUseError.code == .paymentMethodInUse, let inUse = inUseError.body else {
            Issue.record("expected .paymentMethodInUse")
            return
        }
        #expect(inUse.error == "PaymentMethodInUseByActiveSubscription")
        guard let failedError = await error(for: .json(400, #"{"error":"PaymentMethodSetupFailed","detail":"Could not add this payment method: Your card was declined. Please try again with a different card."}"#)), failedError.code == .paymentMethodSetupFailed, let failed = failedError.body else {
            Issue.record("expected .paymentMethodSetupFailed")
            return
        }
        #expect(failed.detail?.contains("declined") == true)
        let other = await error(for: .json(400, #"{"error":"Other","detail":"x"}"#))
        #expect(other?.code == .server && other?.status == 400)
        #expect(other?.responseText == #"{"error":"Other","detail":"x"}"#)
    }

    @Test("429 → .rateLimited with Retry-After in seconds or as an HTTP date")
    func rateLimited() async {
        let seconds = await error(for: .empty(429, headers: [("retry-after", "7")]))
        #expect(seconds?.code == .rateLimited && seconds?.status == 429)
        #expect(seconds?.retryAfter == .seconds(7))
        // The mock clock is 2023-11-14T22:13:20Z.
        let date = await error(for: .empty(429, headers: [("Retry-After", "Tue, 14 Nov 2023 22:13:50 GMT")]))
        #expect(date?.code == .rateLimited && date?.retryAfter == .seconds(30))
        let none = await error(for: .empty(429))
        #expect(none?.code == .rateLimited && none?.retryAfter == nil)
    }

    @Test("5xx and undocumented statuses → .server with the text; 411 too")
    func server() async {
        let internalError = await error(for: .text(500, "Internal Server Error"))
        #expect(internalError?.code == .server && internalError?.status == 500 && internalError?.responseText == "Internal Server Error")
        let lengthRequired = await error(for: .json(411, #"{"error":"LengthRequired","detail":"A Content-Length header is required."}"#))
        #expect(lengthRequired?.code == .server && lengthRequired?.status == 411)
        #expect(lengthRequired?.responseText?.contains("LengthRequired") == true)
    }

    @Test("a transport failure → .transport with the underlying error")
    func transport() async {
        struct Refused: Error {}
        let transport = MockTransport { _, _ in throw Refused() }
        do {
            _ = try await makePolar(transport).customers.get(id: Fixtures.customerID)
            Issue.record("expected a throw")
        } catch {
            guard error.code == .transport, error.status == nil, let underlying = error.underlying else {
                Issue.record("expected .transport, got \(error)")
                return
            }
            #expect(underlying is Refused)
        }
    }

    @Test("descriptions name the case and Polar's message")
    func descriptions() {
        let validation = PolarError(
            code: .validation, status: 422,
            validation: HTTPValidationError(
                error: "RequestValidationError", detail: [ValidationError(loc: ["query", "limit", 0], msg: "bad", type: "x", input: nil)]))
        #expect(validation.description == "Polar validation error (RequestValidationError): query.limit.0: bad")
        #expect(PolarError(code: .rateLimited, status: 429).description.contains("rate limited"))
        #expect(PolarError(code: .server, status: 502, responseText: "Bad Gateway").description == "Polar: HTTP 502: Bad Gateway")
        let notFound = PolarError(code: .notFound, status: 404, body: ErrorBody(error: "ResourceNotFound", detail: "Not found"))
        #expect(notFound.description == "Polar: not found (ResourceNotFound: Not found)")
        #expect(PolarError.Code.paymentMethodInUse.description == "paymentMethodInUse")
    }
}
