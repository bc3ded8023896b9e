import Foundation
import PolarModels
import SQLKit

/// Saved payment methods. Deleting is soft, and saving the same Stripe method again revives
/// the old row, keeping its id, as Polar does.
struct PaymentMethodStore: Sendable {
    let database: Database

    private static let columns = "id, customer_id, processor_id, type, method_metadata, created_at, modified_at, deleted_at"

    /// One page of the customer's live methods, newest first, and how many there are.
    func list(customerID: UUID, page: Int, limit: Int) async throws -> (items: [PaymentMethodRecord], total: Int) {
        let customer = customerID.lowercased
        let total =
            try await database.sql.raw(
                "SELECT COUNT(*) AS n FROM payment_methods WHERE customer_id = \(bind: customer) AND deleted_at IS NULL"
            ).first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await database.sql.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM payment_methods WHERE customer_id = \(bind: customer) AND deleted_at IS NULL \
            ORDER BY created_at DESC, id LIMIT \(bind: limit) OFFSET \(bind: Database.offset(page: page, limit: limit))
            """
        ).all()
        return (try rows.map(PaymentMethodRecord.init(row:)), total)
    }

    /// A live method of the customer; another customer's is not found.
    func find(_ id: UUID, customerID: UUID, on db: any SQLDatabase) async throws -> PaymentMethodRecord? {
        try await db.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM payment_methods \
            WHERE id = \(bind: id.lowercased) AND customer_id = \(bind: customerID.lowercased) AND deleted_at IS NULL
            """
        ).first().map(PaymentMethodRecord.init(row:))
    }

    /// The customer's other live methods, newest first.
    func others(customerID: UUID, excluding id: UUID, on db: any SQLDatabase) async throws -> [PaymentMethodRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM payment_methods WHERE customer_id = \(bind: customerID.lowercased) \
            AND deleted_at IS NULL AND id <> \(bind: id.lowercased) ORDER BY created_at DESC, id
            """
        ).all().map(PaymentMethodRecord.init(row:))
    }

    /// Inserts the method, or revives and refreshes the customer's row for the same Stripe method.
    func upsert(
        customerID: UUID, processorID: String, type: String, methodMetadata: JSONValue, now: Int64, on db: any SQLDatabase
    ) async throws -> PaymentMethodRecord {
        let metadata = String(decoding: methodMetadata.serialized, as: UTF8.self)
        try await db.raw(
            """
            INSERT INTO payment_methods (id, processor, processor_id, type, method_metadata, customer_id, created_at) \
            VALUES (\(bind: UUID().lowercased), 'stripe', \(bind: processorID), \(bind: type), \(bind: metadata), \
            \(bind: customerID.lowercased), \(bind: now)) \
            ON CONFLICT (processor, processor_id, customer_id) DO UPDATE SET type = excluded.type, \
            method_metadata = excluded.method_metadata, deleted_at = NULL, modified_at = \(bind: now)
            """
        ).run()
        return try await db.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM payment_methods \
            WHERE processor = 'stripe' AND processor_id = \(bind: processorID) AND customer_id = \(bind: customerID.lowercased)
            """
        ).first().map(PaymentMethodRecord.init(row:))!
    }

    /// Soft-deletes the method and unsets it as any customer's default.
    func softDelete(_ method: PaymentMethodRecord, now: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE customers SET default_payment_method_id = NULL WHERE default_payment_method_id = \(bind: method.id.lowercased)"
        ).run()
        try await db.raw(
            "UPDATE payment_methods SET deleted_at = \(bind: now), modified_at = \(bind: now) WHERE id = \(bind: method.id.lowercased)"
        ).run()
    }
}

extension PaymentMethodRecord {
    init(row: any SQLRow) throws {
        id = UUID(uuidString: try row.decode(column: "id", as: String.self))!
        customerID = UUID(uuidString: try row.decode(column: "customer_id", as: String.self))!
        processorID = try row.decode(column: "processor_id", as: String.self)
        type = try row.decode(column: "type", as: String.self)
        methodMetadata = try JSONValue.parse(Array(try row.decode(column: "method_metadata", as: String.self).utf8))
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        modifiedAt = try row.optional("modified_at", as: Int64.self)
        deletedAt = try row.optional("deleted_at", as: Int64.self)
    }
}
