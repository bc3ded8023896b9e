/// A Stripe customer, as far as Polar keeps it in line with its own.
struct StripeCustomer: Sendable, Decodable {
    let id: String
    let email: String?
    let name: String?
    let address: StripeAddress?
    let metadata: [String: String]
    /// `invoice_settings.default_payment_method`: what renewals charge when a subscription
    /// names no payment method of its own.
    let defaultPaymentMethod: String?

    enum CodingKeys: String, CodingKey {
        case id, email, name, address, metadata, invoiceSettings = "invoice_settings"
    }

    enum InvoiceSettingsKeys: String, CodingKey {
        case defaultPaymentMethod = "default_payment_method"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        address = try container.decodeIfPresent(StripeAddress.self, forKey: .address)
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
        let settings = try? container.nestedContainer(keyedBy: InvoiceSettingsKeys.self, forKey: .invoiceSettings)
        defaultPaymentMethod = try settings?.decodeIfPresent(String.self, forKey: .defaultPaymentMethod)
    }
}

/// Stripe's address: unlike Polar's, every field may be missing, the country too.
struct StripeAddress: Sendable, Hashable, Decodable {
    let line1: String?
    let line2: String?
    let postalCode: String?
    let city: String?
    let state: String?
    let country: String?

    enum CodingKeys: String, CodingKey {
        case line1, line2, postalCode = "postal_code", city, state, country
    }
}
