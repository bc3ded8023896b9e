import Foundation
import PolarModels
import Testing

@testable import PolarServer

@Suite("Discord and Slack messages as Polar words them")
struct WebhookChatMessageTests {
    @Test("amounts as Babel's en_US currency format writes them, for every currency Polar prices in")
    func currencies() {
        for currency in PresentmentCurrency.all {
            #expect(currency.format(currency.minimum) == currency.minimumText, "\(currency.code)")
            #expect(currency.format(currency.maximum) == currency.maximumText, "\(currency.code)")
        }
        // Checked against Babel 2.18: rounding half to even where Babel shows fewer digits
        // than Polar stores (the lek), zero-decimal currencies in whole units.
        let cases: [(String, Int64, String)] = [
            ("usd", 1000, "$10.00"), ("eur", 1005, "€10.05"), ("eur", 123_456_789, "€1,234,567.89"), ("jpy", 1000, "¥1,000"),
            ("all", 5050, "ALL50"), ("all", 5150, "ALL52"), ("chf", 1999, "CHF19.99"), ("xof", 100, "F\u{202F}CFA100"), ("usd", 5, "$0.05"),
        ]
        for (code, amount, text) in cases { #expect(PresentmentCurrency.byCode[code]?.format(amount) == text) }
    }

    static func subscription(
        status: String = "active", endsAt: JSONValue = .null, endedAt: JSONValue = .null, amount: Int = 1999,
        customer: JSONValue = .object(["email": "ana@example.com", "name": "Ana"])
    ) -> JSONValue {
        .object([
            "id": "0b6a5ad2-3c0e-4c39-9a49-7c2b1f1b3a10", "amount": .integer(amount), "currency": "eur", "recurring_interval": "month",
            "status": .string(status), "ends_at": endsAt, "ended_at": endedAt, "product": .object(["name": "Pro Plan"]), "customer": customer,
        ])
    }

    @Test("a cancellation: Polar's Full message, byte for byte as Python's json.dumps writes it")
    func canceled() throws {
        let data = Self.subscription(endsAt: "2027-01-05T23:00:00Z")
        let message = try #require(WebhookChatMessage.make(type: "subscription.updated", data: data, organizationName: "Acme", timestamp: 0))
        let favicon = WebhookChatMessage.faviconURL
        #expect(
            PythonText.jsonDumps(message.discord)
                == #"{"content": "Subscription has been canceled.", "embeds": [{"color": 25343, "author": {"name": "Polar.sh", "icon_url": "\#(favicon)"}, "thumbnail": {"url": "\#(WebhookChatMessage.thumbnailURL)"}, "footer": {"text": "Powered by Polar.sh"}, "title": "Canceled Subscription", "description": "Subscription has been canceled.", "fields": [{"name": "Product", "value": "Pro Plan"}, {"name": "Amount", "value": "\u20ac19.99/month"}, {"name": "Customer", "value": "ana@example.com"}, {"name": "Status", "value": "active"}, {"name": "Ends At", "value": "Jan 5, 2027"}]}]}"#
        )
        #expect(
            PythonText.jsonDumps(message.slack)
                == #"{"text": "Subscription has been canceled.", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Subscription has been canceled."}, "fields": [{"type": "mrkdwn", "text": "*Product*\nPro Plan"}, {"type": "mrkdwn", "text": "*Amount*\n\u20ac19.99/month"}, {"type": "mrkdwn", "text": "*Customer*\nana@example.com"}, {"type": "mrkdwn", "text": "*Status*\nactive"}, {"type": "mrkdwn", "text": "*Ends At*\nJan 5, 2027"}]}, {"type": "context", "elements": [{"type": "image", "image_url": "\#(favicon)", "alt_text": "Polar"}, {"type": "mrkdwn", "text": "Powered by Polar.sh"}]}]}"#
        )
    }

    @Test("each subscription event's words, the updates Polar skips, and the generic message for the rest")
    func kinds() throws {
        func make(_ type: String, _ data: JSONValue = Self.subscription()) -> WebhookChatMessage? {
            WebhookChatMessage.make(type: type, data: data, organizationName: "Acme", timestamp: 0)
        }
        let created = try #require(make("subscription.created"))
        #expect(created.text == "New Subscription" && created.title == "New Subscription")
        #expect(created.description == "New subscription has been made to Acme.")
        #expect(created.fields.map(\.name) == ["Product", "Amount", "Customer"])
        #expect(make("subscription.active")?.title == "Active Subscription")
        let uncanceled = try #require(make("subscription.uncanceled"))
        #expect(uncanceled.text == "Subscription has been uncanceled." && uncanceled.description == "Subscription has been restored.")
        #expect(make("subscription.revoked")?.fields.last == .init(name: "Status", value: "active"))
        // subscription.updated: revoked and past-due statuses have their own words; a renewal or
        // a plain change is skipped.
        #expect(make("subscription.updated") == nil)
        #expect(make("subscription.updated", Self.subscription(status: "canceled", endedAt: "2027-01-05T23:00:00Z"))?.title == "Revoked Subscription")
        #expect(make("subscription.updated", Self.subscription(status: "past_due"))?.title == "Past Due Subscription")
        // An ended subscription's canceled message dates it by ended_at.
        let ended = make("subscription.canceled", Self.subscription(status: "canceled", endedAt: "2026-12-31T23:59:59Z"))
        #expect(ended?.fields.last == .init(name: "Ends At", value: "Dec 31, 2026"))
        // Free, and a customer without email or name.
        let free = Self.subscription(amount: 0, customer: .object(["email": .null, "name": .null]))
        #expect(make("subscription.active", free)?.fields.map(\.value) == ["Pro Plan", "Free", "Team Customer", "active"])
        let generic = try #require(make("customer.created", .object(["id": "abc"])))
        #expect(generic == .init(text: "customer.created", title: "customer.created", description: "customer.created", fields: [.init(name: "Object", value: "abc"), .init(name: "Organization", value: "Acme")]))
    }
}
