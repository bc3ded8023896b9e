import SQLKit

extension Database {
    /// Deletes the rows of `table` whose `expires_at` has passed in their customer's time (a
    /// customer on a test clock lives on its time); answers how many went.
    func deleteExpired(from table: String, now: Int64) async throws -> Int {
        try await sql.raw(
            "DELETE FROM \(ident: table) WHERE expires_at <= "
                + CustomerTime.sql(customerIDColumn: "\(table).customer_id", now: now) + " RETURNING id"
        ).all().count
    }
}
