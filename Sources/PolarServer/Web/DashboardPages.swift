import Foundation
import Hummingbird
import PolarCompatibility
import PolarModels

/// The operator's dashboard at `/dashboard`, signed in with an organization access token:
/// customers with search and paging, a customer's page (state, subscriptions, grants, meters
/// with a usage chart, events), and webhook endpoints with their delivery log and a redeliver
/// button. Every read and action is the organization API's, called in process with the token,
/// so the token's scopes decide what the dashboard may do.
struct DashboardPages: Sendable {
    let api: InProcessAPI
    let renderer: PageRenderer
    let subject: @Sendable (String) async throws -> AuthSubject?
    let session: WebSession
    /// What "now" is, for the usage chart's window.
    let clock: ServerClock

    func addRoutes(to router: Router<AppRequestContext>) {
        let dashboard = router.group("/dashboard")
        dashboard.get("/", use: customers)
        dashboard.post("/sign-in", use: signIn)
        dashboard.post("/sign-out", use: signOut)
        dashboard.get("/customers/:id", use: customer)
        dashboard.get("/webhooks", use: webhooks)
        dashboard.get("/webhooks/:id", use: endpoint)
        dashboard.post("/webhooks/events/:id/redeliver", use: redeliver)
    }

    struct Operator: Sendable {
        let token: String
        var csrf: String { WebSession.csrf(for: token) }
    }

    /// The signed-in operator, or the sign-in page.
    private func signedIn(_ request: Request) async throws -> Operator {
        guard let token = session.token(request), case .organization? = try await subject(token) else { throw signedOut() }
        return Operator(token: token)
    }

    /// A form's post from the signed-in operator's own page.
    private func post(_ request: Request) async throws -> Operator {
        let signedIn = try await signedIn(request)
        guard try await WebForm.read(request).isGenuine(for: signedIn.token) else {
            throw WebPageError(renderer.expiredForm())
        }
        return signedIn
    }

    /// The sign-in page, the cookie of a token that no longer works cleared.
    private func signedOut() -> WebPageError {
        var response = renderer.page("sign-in", [:], status: .unauthorized)
        session.signOut(&response)
        return WebPageError(response)
    }

    private func call(
        _ method: HTTPRequest.Method, _ path: String, query: KeyValuePairs<String, String?> = [:], _ signedIn: Operator,
        _ context: AppRequestContext
    ) async throws -> JSONValue {
        do {
            return try await api.call(method, path, query: query, token: signedIn.token, context: context)
        } catch let failure as InProcessAPI.Failure {
            switch failure.status {
            case .unauthorized: throw signedOut()
            case .notFound: throw WebPageError(renderer.message("Not found", "There is nothing here.", status: .notFound, link: ("/dashboard", "Customers")))
            case .forbidden:
                throw WebPageError(renderer.message("Not allowed", "This token's scopes do not allow it: \(failure.message)", status: .forbidden))
            default: throw WebPageError(renderer.message("Refused", failure.message, status: .badRequest, link: ("/dashboard", "Customers")))
            }
        }
    }

    // MARK: Signing in

    func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try await WebForm.read(request)["token"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard case .organization? = try await subject(token) else {
            return renderer.page("sign-in", ["failure": "That is not a valid organization access token."], status: .unauthorized)
        }
        var response = PageRenderer.redirect("/dashboard")
        session.signIn(&response, token: token)
        return response
    }

    func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await post(request)
        var response = PageRenderer.redirect("/dashboard")
        session.signOut(&response)
        return response
    }

    // MARK: Customers

    /// The organization's customers, newest first, searched by `query` as the API searches.
    func customers(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try await signedIn(request)
        let parameters = QueryParameters(request.uri.query)
        let query = parameters["query"]?.nilIfEmpty
        let page = max(1, parameters["page"].flatMap { Int($0) } ?? 1)
        let list = try await call(
            .get, "/v1/customers/", query: ["query": query, "page": String(page), "limit": "25", "sorting": "-created_at"], signedIn, context)
        let total = list["pagination"]?["total_count"].flatMap { if case .integer(let n) = $0 { n } else { nil } } ?? 0
        let maxPage = list["pagination"]?["max_page"].flatMap { if case .integer(let n) = $0 { n } else { nil } } ?? 1
        let link = { (page: Int) in "/dashboard?" + [query.map { "query=\(Py.quotePlus($0))" }, "page=\(page)"].compactMap { $0 }.joined(separator: "&") }
        var values: [String: Any] = [
            "csrf": signedIn.csrf, "query": query ?? "", "total": "\(total) customer\(total == 1 ? "" : "s")", "page": page, "maxPage": max(maxPage, 1),
            "customers": PortalView.items(list).map { customer -> [String: Any] in
                var row: [String: Any] = [
                    "id": customer["id"]?.stringValue ?? "", "email": customer["email"]?.stringValue ?? "",
                    "name": customer["name"]?.stringValue ?? "", "externalID": customer["external_id"]?.stringValue ?? "",
                ]
                row["createdAt"] = Display.time(customer["created_at"])
                return row
            },
        ]
        if page > 1 { values["previous"] = link(page - 1) }
        if page < maxPage { values["next"] = link(page + 1) }
        return renderer.page("customers", values)
    }

    /// One customer: details, state, subscriptions, grants, meters with 30 days of usage, recent events.
    func customer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try await signedIn(request)
        let id = Py.quotePlus(context.parameters.get("id") ?? "")
        let customer = try await call(.get, "/v1/customers/\(id)", signedIn, context)
        async let state = call(.get, "/v1/customers/\(id)/state", signedIn, context)
        async let subscriptions = call(.get, "/v1/subscriptions/", query: ["customer_id": id, "limit": "100"], signedIn, context)
        async let grants = call(.get, "/v1/benefit-grants/", query: ["customer_id": id, "limit": "100"], signedIn, context)
        async let meters = call(.get, "/v1/customer-meters/", query: ["customer_id": id, "limit": "100"], signedIn, context)
        async let events = call(.get, "/v1/events/", query: ["customer_id": id, "limit": "20", "sorting": "-timestamp"], signedIn, context)

        let now = clock.now()
        let window = (
            start: PolarTimestamp.format(microseconds: now - 29 * 86_400_000_000), end: PolarTimestamp.format(microseconds: now)
        )
        var meterRows: [[String: Any]] = []
        for meter in PortalView.items(try await meters) {
            var row = PortalView.meter(meter)
            if let meterID = meter["meter_id"]?.stringValue {
                let quantities = try await call(
                    .get, "/v1/meters/\(meterID)/quantities",
                    query: [
                        "start_timestamp": window.start, "end_timestamp": window.end, "interval": "day",
                        "customer_id": id,
                    ], signedIn, context)
                row["chart"] = UsageChart(quantities: quantities).svgValues
            }
            meterRows.append(row)
        }
        let currentState = try await state
        let values: [String: Any] = [
            "csrf": signedIn.csrf,
            "customer": Display.values(customer) ?? [:],
            "createdAt": Display.time(customer["created_at"]) ?? "",
            "metadata": metadataRows(customer["metadata"]),
            "state": [
                Self.counted(currentState["active_subscriptions"], "active subscription"),
                Self.counted(currentState["granted_benefits"], "granted benefit"),
                Self.counted(currentState["active_meters"], "active meter"),
            ].joined(separator: " · "),
            "subscriptions": PortalView.items(try await subscriptions).map(PortalView.subscription),
            "grants": PortalView.items(try await grants).map(PortalView.grant),
            "meters": meterRows,
            "events": PortalView.items(try await events).map { event -> [String: Any] in
                ["name": event["name"]?.stringValue ?? "", "timestamp": Display.time(event["timestamp"]) ?? "", "source": event["source"]?.stringValue ?? ""]
            },
        ]
        return renderer.page("customer", values)
    }

    /// `2 active subscriptions`, `1 granted benefit`.
    private static func counted(_ list: JSONValue?, _ noun: String) -> String {
        let count = PortalView.elements(list).count
        return "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    private func metadataRows(_ metadata: JSONValue?) -> [[String: String]] {
        guard case .object(let members)? = metadata else { return [] }
        return members.map { ["key": $0.key, "value": $0.value.stringValue ?? String(decoding: $0.value.serialized, as: UTF8.self)] }
    }

    // MARK: Webhooks

    func webhooks(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try await signedIn(request)
        let endpoints = try await call(.get, "/v1/webhooks/endpoints", query: ["limit": "100"], signedIn, context)
        return renderer.page(
            "webhooks",
            [
                "csrf": signedIn.csrf,
                "endpoints": PortalView.items(endpoints).map { endpoint -> [String: Any] in
                    [
                        "id": endpoint["id"]?.stringValue ?? "", "url": endpoint["url"]?.stringValue ?? "",
                        "enabled": endpoint["enabled"] != .bool(false), "format": endpoint["format"]?.stringValue ?? "",
                        "events": PortalView.elements(endpoint["events"]).compactMap(\.stringValue).joined(separator: ", "),
                    ]
                },
            ])
    }

    /// An endpoint's delivery log, newest first, each with a redeliver button.
    func endpoint(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try await signedIn(request)
        let id = Py.quotePlus(context.parameters.get("id") ?? "")
        let endpoint = try await call(.get, "/v1/webhooks/endpoints/\(id)", signedIn, context)
        let deliveries = try await call(.get, "/v1/webhooks/deliveries", query: ["endpoint_id": id, "limit": "50"], signedIn, context)
        let notice = QueryParameters(request.uri.query)["notice"] == "redelivered" ? "The event was queued for delivery again." : nil
        var values: [String: Any] = [
            "csrf": signedIn.csrf, "endpointID": endpoint["id"]?.stringValue ?? "", "url": endpoint["url"]?.stringValue ?? "",
            "deliveries": PortalView.items(deliveries).map { delivery -> [String: Any] in
                var row: [String: Any] = [
                    "eventID": delivery["webhook_event"]?["id"]?.stringValue ?? "",
                    "type": delivery["webhook_event"]?["type"]?.stringValue ?? "",
                    "succeeded": delivery["succeeded"] == .bool(true),
                    "httpCode": delivery["http_code"].map(Display.number) ?? "none",
                ]
                row["createdAt"] = Display.time(delivery["created_at"])
                return row
            },
        ]
        values["notice"] = notice
        return renderer.page("webhook", values)
    }

    func redeliver(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try await post(request)
        let event = Py.quotePlus(context.parameters.get("id") ?? "")
        _ = try await call(.post, "/v1/webhooks/events/\(event)/redeliver", signedIn, context)
        let endpoint = QueryParameters(request.uri.query)["endpoint"].map(Py.quotePlus) ?? ""
        return PageRenderer.redirect(endpoint.isEmpty ? "/dashboard/webhooks" : "/dashboard/webhooks/\(endpoint)?notice=redelivered")
    }
}
