import Foundation
import Testing

@testable import Polar

@Suite("all() walks pages lazily and stops where Polar's pages end")
struct PaginationTests {
    /// A server of `total` customers, `limit` per page; `emptyAfter` truncates the data early.
    func pagedTransport(total: Int, emptyAfter: Int? = nil) -> MockTransport {
        MockTransport { request, _ in
            let query = request.url.split(separator: "?").last.map(String.init) ?? ""
            let pairs = Dictionary(query.split(separator: "&").map { $0.split(separator: "=").map(String.init) }.map { ($0[0], $0[1]) }, uniquingKeysWith: { $1 })
            let page = Int(pairs["page"] ?? "1")!
            let limit = Int(pairs["limit"] ?? "10")!
            let available = emptyAfter ?? total
            let start = (page - 1) * limit
            let items = start < available ? (start..<min(start + limit, available)).map { _ in Fixtures.customer(id: UUID()) } : []
            let maxPage = (total + limit - 1) / limit
            return .json(200, Fixtures.page(items, total: total, maxPage: maxPage))
        }
    }

    @Test("nothing is requested until iteration starts")
    func lazy() async throws {
        let transport = pagedTransport(total: 5)
        let paginator = makePolar(transport).customers.all(limit: 2)
        #expect(transport.requests.isEmpty)
        var iterator = paginator.makeAsyncIterator()
        _ = try await iterator.next()
        #expect(transport.requests.count == 1)
        _ = try await iterator.next()
        #expect(transport.requests.count == 1)
        _ = try await iterator.next()
        #expect(transport.requests.count == 2)
    }

    @Test("stops after max_page without asking for an extra page")
    func stopsAtMaxPage() async throws {
        let transport = pagedTransport(total: 7)
        var count = 0
        for try await _ in makePolar(transport).customers.all(email: "x@y.io", sorting: [.createdAt], limit: 3) { count += 1 }
        #expect(count == 7)
        #expect(transport.requests.count == 3)
        #expect(
            transport.requests.map { String($0.url.dropFirst(MockTransport.base.count)) } == [
                "/v1/customers/?email=x%40y.io&page=1&limit=3&sorting=created_at",
                "/v1/customers/?email=x%40y.io&page=2&limit=3&sorting=created_at",
                "/v1/customers/?email=x%40y.io&page=3&limit=3&sorting=created_at",
            ])
    }

    @Test("an exact multiple of the page size ends without an empty extra request")
    func exactMultiple() async throws {
        let transport = pagedTransport(total: 6)
        var count = 0
        for try await _ in makePolar(transport).customers.all(limit: 3) { count += 1 }
        #expect(count == 6)
        #expect(transport.requests.count == 2)
    }

    @Test("an empty result is one request and no items; its page is still produced")
    func empty() async throws {
        let transport = pagedTransport(total: 0)
        var count = 0
        for try await _ in makePolar(transport).customers.all() { count += 1 }
        #expect(count == 0)
        #expect(transport.requests.count == 1)
        var pages: [ListResource<Customer>] = []
        for try await page in makePolar(transport).customers.all().pages { pages.append(page) }
        #expect(pages.count == 1)
        #expect(pages.first?.pagination.maxPage == 0)
    }

    @Test("stops at an empty page even if max_page promised more (rows deleted meanwhile)")
    func stopsAtEmptyPage() async throws {
        let transport = pagedTransport(total: 10, emptyAfter: 4)
        var pages = 0
        for try await page in makePolar(transport).customers.all(limit: 2).pages {
            pages += 1
            #expect(!page.items.isEmpty)
        }
        #expect(pages == 2)
        #expect(transport.requests.count == 3)
    }

    @Test("an error on a later page is thrown from iteration")
    func errorMidway() async throws {
        let transport = MockTransport { _, index in
            index == 0 ? .json(200, Fixtures.page([Fixtures.customer()], total: 2, maxPage: 2)) : .text(500, "boom")
        }
        var seen = 0
        await #expect {
            for try await _ in makePolar(transport).customers.all(limit: 1) { seen += 1 }
        } throws: { error in
            guard let error = error as? PolarError else { return false }
            return error.code == .server && error.status == 500 && error.responseText == "boom"
        }
        #expect(seen == 1)
    }

    @Test("payment methods paginate the same way")
    func paymentMethods() async throws {
        let method = #"{"id":"\#(UUID().lowercased)","created_at":"2025-01-03T13:37:00Z","modified_at":null,"processor":"stripe","customer_id":"\#(Fixtures.customerID.lowercased)","type":"link"}"#
        let transport = MockTransport { _, index in
            .json(200, Fixtures.page(index < 2 ? [method, method] : [method], total: 5, maxPage: 3))
        }
        var count = 0
        for try await _ in makePolar(transport).customerPortal.customers.allPaymentMethods(limit: 2) { count += 1 }
        #expect(count == 5)
        #expect(transport.requests.map { String($0.url.dropFirst(MockTransport.base.count)) }.last
            == "/v1/customer-portal/customers/me/payment-methods?page=3&limit=2")
    }
}
