import Crypto
import Foundation
import PolarModels

/// A customer as stored: Polar's columns, times in microseconds since the epoch.
struct CustomerRecord: Sendable, Equatable {
    var id: UUID
    var organizationID: UUID
    var createdAt: Int64
    var modifiedAt: Int64?
    var deletedAt: Int64?
    /// `nil` is read as individual, as Polar does for rows that predate the column.
    var type: CustomerType?
    var email: String?
    var emailVerified: Bool
    var name: String?
    /// Only an explicitly stored billing name; the response falls back to `name`.
    var billingName: String?
    var billingAddress: Address?
    var taxID: TaxID?
    var locale: String?
    /// Everything stored, including Polar's internal `__external_id` and `__anonymized_at` keys.
    var metadata: Metadata
    var externalID: String?
    var defaultPaymentMethodID: UUID?
    var firstUserEventAt: Int64?
    /// The customer at Stripe, created the first time they save a payment method.
    var stripeCustomerID: String? = nil
    /// The test clock whose time the customer lives on; real time when `nil`.
    var testClockID: UUID? = nil

    /// The customer as Polar's API shows it.
    var wire: Customer {
        let createdAt = PolarTimestamp.date(microseconds: createdAt)
        let modifiedAt = modifiedAt.map(PolarTimestamp.date(microseconds:))
        let deletedAt = deletedAt.map(PolarTimestamp.date(microseconds:))
        let firstUserEventAt = firstUserEventAt.map(PolarTimestamp.date(microseconds:))
        // Polar reads the external ID back from metadata once a delete has cleared the column.
        var externalID = externalID
        if externalID == nil, case .string(let kept)? = metadata["__external_id"] { externalID = kept }
        let avatarURL = email.map(Self.avatarURL(email:))
        switch type ?? .individual {
        case .individual:
            return .individual(
                CustomerIndividual(
                    id: id, createdAt: createdAt, modifiedAt: modifiedAt, metadata: metadata, externalID: externalID,
                    email: email ?? "", emailVerified: emailVerified, name: name, billingName: billingName ?? name,
                    billingAddress: billingAddress, taxID: taxID, locale: locale, organizationID: organizationID,
                    defaultPaymentMethodID: defaultPaymentMethodID, deletedAt: deletedAt,
                    firstUserEventAt: firstUserEventAt, avatarURL: avatarURL))
        case .team:
            return .team(
                CustomerTeam(
                    id: id, createdAt: createdAt, modifiedAt: modifiedAt, metadata: metadata, externalID: externalID,
                    email: email, emailVerified: emailVerified, name: name, billingName: billingName ?? name,
                    billingAddress: billingAddress, taxID: taxID, locale: locale, organizationID: organizationID,
                    defaultPaymentMethodID: defaultPaymentMethodID, deletedAt: deletedAt,
                    firstUserEventAt: firstUserEventAt, avatarURL: avatarURL))
        }
    }

    /// Polar's avatar without a logo.dev key: Gravatar by the SHA-256 of the lower-cased email.
    static func avatarURL(email: String) -> String {
        let digest = SHA256.hash(data: Data(email.lowercased().utf8))
        return "https://www.gravatar.com/avatar/\(digest.hexString)?d=404"
    }
}

extension Sequence<UInt8> {
    /// Lower-case hexadecimal, two digits a byte.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
