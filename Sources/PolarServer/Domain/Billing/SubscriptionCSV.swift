import Foundation
import PolarModels

/// Polar's subscription export (`GET /v1/subscriptions/export`): the columns asked for, times in
/// the time zone asked for, as Python's `isoformat()` writes them.
enum SubscriptionCSV {
    /// The columns Polar offers, by query value, in its order.
    enum Column: String, CaseIterable, Sendable {
        case email, startedAt = "started_at", product, amount, currency, status, recurringInterval = "recurring_interval"
        case customerName = "customer_name", billingName = "billing_name", billingCountry = "billing_country"
        case netAmount = "net_amount", discount, seats, currentPeriodStart = "current_period_start"
        case currentPeriodEnd = "current_period_end", cancelAtPeriodEnd = "cancel_at_period_end", canceledAt = "canceled_at"
        case endsAt = "ends_at", endedAt = "ended_at", cancellationReason = "cancellation_reason", trialStart = "trial_start"
        case trialEnd = "trial_end"

        static let defaults: [Column] = [.email, .startedAt, .product, .amount, .currency, .status, .recurringInterval]

        var header: String {
            switch self {
            case .email: "Email"
            case .startedAt: "Started At"
            case .product: "Product"
            case .amount: "Amount"
            case .currency: "Currency"
            case .status: "Status"
            case .recurringInterval: "Billing Interval"
            case .customerName: "Customer Name"
            case .billingName: "Billing Name"
            case .billingCountry: "Billing Country"
            case .netAmount: "Net Amount"
            case .discount: "Discount"
            case .seats: "Seats"
            case .currentPeriodStart: "Current Period Start"
            case .currentPeriodEnd: "Current Period End"
            case .cancelAtPeriodEnd: "Cancels At Period End"
            case .canceledAt: "Canceled At"
            case .endsAt: "Ends At"
            case .endedAt: "Ended At"
            case .cancellationReason: "Cancellation Reason"
            case .trialStart: "Trial Start"
            case .trialEnd: "Trial End"
            }
        }
    }

    static func header(_ columns: [Column]) -> String { CSVWriter.row(columns.map(\.header)) }

    static func row(
        _ subscription: SubscriptionRecord, customer: CustomerRecord?, product: ProductRecord?, columns: [Column], timeZone: TimeZone
    ) -> String {
        func time(_ microseconds: Int64?) -> String? { microseconds.map { isoformat($0, in: timeZone) } }
        // Amounts in major units, as Python prints a float.
        let amount = String(describing: Double(subscription.amount) / 100)
        return CSVWriter.row(
            columns.map { column -> String? in
                switch column {
                case .email: customer?.email
                case .startedAt: time(subscription.startedAt)
                case .product: product?.name
                case .amount, .netAmount: amount
                case .currency: subscription.currency
                case .status: subscription.status
                case .recurringInterval:
                    subscription.recurringIntervalCount == 1
                        ? subscription.recurringInterval : "\(subscription.recurringIntervalCount) \(subscription.recurringInterval)s"
                case .customerName: customer?.name
                case .billingName: customer?.billingName ?? customer?.name
                case .billingCountry: customer?.billingAddress?.country
                case .discount, .seats, .trialStart, .trialEnd: nil
                case .currentPeriodStart: time(subscription.currentPeriodStart)
                case .currentPeriodEnd: time(subscription.currentPeriodEnd)
                case .cancelAtPeriodEnd: subscription.cancelAtPeriodEnd ? "true" : "false"
                case .canceledAt: time(subscription.canceledAt)
                case .endsAt: time(subscription.endsAt)
                case .endedAt: time(subscription.endedAt)
                case .cancellationReason: subscription.customerCancellationReason
                }
            })
    }

    /// `datetime.isoformat()` of a time in `zone`: its local time and UTC offset (`+00:00` for UTC).
    static func isoformat(_ microseconds: Int64, in zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: PolarTimestamp.date(microseconds: microseconds))
        let sign = offset < 0 ? "-" : "+"
        let suffix = sign + String(format: "%02d:%02d", abs(offset) / 3600, abs(offset) / 60 % 60)
        return PolarTimestamp.format(microseconds: microseconds + Int64(offset) * 1_000_000, suffix: suffix)
    }

    /// Polar's file name: the start bounds' dates, in the time zone, when given.
    static func filename(startedAfter: Int64?, startedBefore: Int64?, timeZone: TimeZone) -> String {
        let dates = [startedAfter, startedBefore].compactMap { $0.map { String(isoformat($0, in: timeZone).prefix(10)) } }
        return (["polar-subscriptions"] + dates).joined(separator: "-") + ".csv"
    }
}
