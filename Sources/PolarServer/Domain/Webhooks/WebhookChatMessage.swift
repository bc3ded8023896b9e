import Foundation
import PolarModels

/// What a `discord` or `slack` endpoint receives for an event, as Polar words it: subscription
/// events get Polar's "Full" messages (product, amount, customer, status), every other event
/// its generic one naming the object and the organization.
struct WebhookChatMessage: Sendable, Equatable {
    /// Discord's `content`, Slack's `text`.
    var text: String
    /// The Discord embed's title.
    var title: String
    /// The Discord embed's description, the Slack section's text.
    var description: String
    var fields: [Field]

    struct Field: Sendable, Equatable {
        var name: String
        var value: String
    }

    /// The message for `type`, or nil where Polar skips the event for chat endpoints (a
    /// `subscription.updated` that is no cancellation, revocation or failed payment).
    /// `timestamp` is the event's.
    static func make(type: String, data: JSONValue, organizationName: String, timestamp: Int64) -> WebhookChatMessage? {
        let subscription = SubscriptionFacts(data)
        switch type {
        case "subscription.created":
            let description = "New subscription has been made to \(organizationName)."
            return .init(text: "New Subscription", title: "New Subscription", description: description, fields: subscription.fields(status: false))
        case "subscription.active": return subscription.message("Subscription is now active.", title: "Active Subscription")
        case "subscription.canceled": return subscription.canceled(timestamp: timestamp)
        case "subscription.uncanceled":
            return subscription.message("Subscription has been uncanceled.", title: "Uncanceled Subscription", description: "Subscription has been restored.")
        case "subscription.revoked": return subscription.revoked
        case "subscription.updated":
            if ["canceled", "unpaid"].contains(subscription.status) { return subscription.revoked }
            if subscription.status == "past_due" {
                return subscription.message(
                    "Subscription payment has failed.", title: "Past Due Subscription",
                    description: "Subscription payment has failed. The customer can still recover by updating their payment method.")
            }
            // Renewals and other changes are not worth a message, Polar says.
            guard subscription.endsAt != nil || subscription.endedAt != nil else { return nil }
            return subscription.canceled(timestamp: timestamp)
        default:
            let object = data["id"]?.stringValue ?? ""
            return .init(
                text: type, title: type, description: type,
                fields: [.init(name: "Object", value: object), .init(name: "Organization", value: organizationName)])
        }
    }

    /// Polar's Discord body: one branded embed.
    var discord: JSONValue {
        .object([
            "content": .string(text),
            "embeds": [
                .object([
                    "color": 25343, "author": .object(["name": "Polar.sh", "icon_url": .string(Self.faviconURL)]),
                    "thumbnail": .object(["url": .string(Self.thumbnailURL)]), "footer": .object(["text": "Powered by Polar.sh"]),
                    "title": .string(title), "description": .string(description),
                    "fields": .array(fields.map { .object(["name": .string($0.name), "value": .string($0.value)]) }),
                ])
            ],
        ])
    }

    /// Polar's Slack body: one section, then the branded context block.
    var slack: JSONValue {
        .object([
            "text": .string(text),
            "blocks": [
                .object([
                    "type": "section", "text": .object(["type": "mrkdwn", "text": .string(description)]),
                    "fields": .array(fields.map { .object(["type": "mrkdwn", "text": .string("*\($0.name)*\n\($0.value)")]) }),
                ]),
                .object([
                    "type": "context",
                    "elements": [
                        .object(["type": "image", "image_url": .string(Self.faviconURL), "alt_text": "Polar"]),
                        .object(["type": "mrkdwn", "text": "Powered by Polar.sh"]),
                    ],
                ]),
            ],
        ])
    }

    static let faviconURL =
        "https://raw.githubusercontent.com/polarsource/polar/2648cf7472b5128704a097cd1eb3ae5f1dd847e5/docs/docs/assets/favicon.png"
    static let thumbnailURL =
        "https://raw.githubusercontent.com/polarsource/polar/4fd899222e200ca70982f437039f549b7a822ecc/clients/apps/web/public/email-logo-dark.png"
}

/// What Polar's subscription messages show, read from the event's subscription.
private struct SubscriptionFacts {
    let status: String
    let endsAt: String?
    let endedAt: String?
    let product: String
    let amount: String
    let customer: String

    init(_ data: JSONValue) {
        status = data["status"]?.stringValue ?? ""
        endsAt = data["ends_at"]?.stringValue
        endedAt = data["ended_at"]?.stringValue
        product = data["product"]?["name"]?.stringValue ?? ""
        customer =
            [data["customer"]?["email"]?.stringValue, data["customer"]?["name"]?.stringValue]
            .compactMap { $0 }.first { !$0.isEmpty } ?? "Team Customer"
        // Polar's `get_amount_display`.
        var cents: Int64 = 0
        if case .integer(let value) = data["amount"] { cents = Int64(value) }
        let currency = data["currency"]?.stringValue ?? "usd"
        let formatted = PresentmentCurrency.byCode[currency]?.format(cents) ?? currency.uppercased() + String(cents)
        amount = cents == 0 ? "Free" : "\(formatted)/\(data["recurring_interval"]?.stringValue ?? "")"
    }

    func fields(status withStatus: Bool = true) -> [WebhookChatMessage.Field] {
        var fields: [WebhookChatMessage.Field] = [
            .init(name: "Product", value: product), .init(name: "Amount", value: amount), .init(name: "Customer", value: customer),
        ]
        if withStatus { fields.append(.init(name: "Status", value: status)) }
        return fields
    }

    func message(_ text: String, title: String, description: String? = nil) -> WebhookChatMessage {
        .init(text: text, title: title, description: description ?? text, fields: fields())
    }

    var revoked: WebhookChatMessage { message("Subscription has been revoked.", title: "Revoked Subscription") }

    /// With the day it ends (or ended), as Babel's medium `en_US` date.
    func canceled(timestamp: Int64) -> WebhookChatMessage {
        var message = message("Subscription has been canceled.", title: "Canceled Subscription")
        let day = (endsAt ?? endedAt).flatMap(PolarTimestamp.parseMicroseconds) ?? timestamp
        message.fields.append(.init(name: "Ends At", value: Self.mediumDate(microseconds: day)))
        return message
    }

    /// `MMM d, y` in UTC, as `format_date(…, locale="en_US")` writes a UTC datetime.
    static func mediumDate(microseconds: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = PolarTimestamp.date(microseconds: microseconds)
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(months[parts.month! - 1]) \(parts.day!), \(parts.year!)"
    }
}
