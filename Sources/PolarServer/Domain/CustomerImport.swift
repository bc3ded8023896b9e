import Foundation
import PolarModels
import SQLKit

/// `polar-server customers import`: Polar's customer export (the CSV `GET /v1/customers/export`
/// writes) read back into an organization, so customers move from Polar's hosted service here.
///
/// Every row is checked as `POST /v1/customers/` checks a body, and against the database and
/// the rest of the file (emails and external IDs stay unique), before anything is written: a
/// file with a bad row imports nothing unless told to skip bad rows. Each row keeps its ID and
/// creation time; a row whose ID is already here is skipped, so a re-run is safe. Rows are
/// written 25,000 to a transaction. An import is a migration, not a sign-up: it sends no
/// webhooks.
struct CustomerImporter: Sendable {
    let database: Database
    let customers: CustomerStore
    let metering: MeteringService
    let clock: ServerClock

    /// A row that cannot be imported, by the line it starts on.
    struct Rejection: Sendable, Hashable, CustomStringConvertible {
        let line: Int
        let reason: String
        var description: String { "line \(line): \(reason)" }
    }

    struct Report: Sendable {
        /// Rows in the file, the header left out.
        var rows = 0
        var imported = 0
        /// Rows whose ID the organization already has.
        var alreadyPresent = 0
        var rejected: [Rejection] = []
    }

    /// The two passes over the file.
    enum Phase: String, Sendable { case checking, importing }

    /// The file's rows, and what became of them. Without `skipInvalid`, a file with any bad row
    /// is reported and nothing is written. `progress` hears each pass's rows done of all rows.
    func run(
        file: URL, organizationID: UUID, skipInvalid: Bool, progress: (Phase, _ done: Int, _ total: Int) -> Void = { _, _, _ in }
    ) async throws -> Report {
        var report = Report()
        let total = try countRows(file)
        report.rows = total
        // First pass: check every row; nothing is written.
        var seen = Seen()
        var rejectedLines: Set<Int> = []
        var done = 0
        try await forEachBatch(file) { batch in
            let (rejections, present) = try await check(batch, organizationID: organizationID, seen: &seen)
            report.rejected += rejections
            rejectedLines.formUnion(rejections.map(\.line))
            report.alreadyPresent += present.count
            done += batch.count
            progress(.checking, done, total)
        }
        guard report.rejected.isEmpty || skipInvalid else { return report }
        // Second pass: write the good rows whose ID is new here, many to a transaction: with
        // random IDs each transaction rewrites most of the index pages, so fewer write less.
        done = 0
        var pending: [CustomerRecord] = []
        try await forEachBatch(file) { batch in
            pending += batch.filter { !rejectedLines.contains($0.line) }.compactMap(\.customer)
            done += batch.count
            if pending.count >= 25_000 {
                report.imported += try await insert(pending, organizationID: organizationID)
                pending.removeAll(keepingCapacity: true)
                progress(.importing, done, total)
            }
        }
        report.imported += try await insert(pending, organizationID: organizationID)
        progress(.importing, total, total)
        return report
    }

    /// A parsed row: the customer it describes, or why it cannot be one.
    private struct Row {
        let line: Int
        var customer: CustomerRecord?
        var rejection: String?
    }

    /// Hashes of the IDs, emails and external IDs of the rows checked so far: a million rows'
    /// keys in a few megabytes (a false match is as likely as a 64-bit hash collision).
    private struct Seen {
        var ids: Set<Int> = []
        var emails: Set<Int> = []
        var externalIDs: Set<Int> = []
    }

    private func countRows(_ file: URL) throws -> Int {
        max(0, try CSVReader.countRecords(url: file) - 1)
    }

    /// Reads the file in batches of 1,000 rows after checking its header.
    private func forEachBatch(_ file: URL, _ body: ([Row]) async throws -> Void) async throws {
        let reader = try CSVReader(url: file)
        guard let header = try reader.next() else { return }
        guard header.fields == CustomerCSV.columns else {
            throw OperatorError("\(file.path) is not Polar's customer export: its header is not \(CustomerCSV.columns.joined(separator: ","))")
        }
        var batch: [Row] = []
        while true {
            let row: Row
            do {
                guard let record = try reader.next() else { break }
                row = parse(record)
            } catch let malformed as CSVReader.Malformed {
                // The rest of the file cannot be read reliably after a broken quote.
                batch.append(Row(line: malformed.line, rejection: "malformed CSV: \(malformed.description)"))
                try await body(batch)
                return
            }
            batch.append(row)
            if batch.count == 1000 {
                try await body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try await body(batch) }
    }

    /// A row read as `POST /v1/customers/` reads a body, with its ID and creation time kept.
    private func parse(_ record: CSVReader.Record) -> Row {
        let line = record.line
        guard record.fields.count == CustomerCSV.columns.count else {
            return Row(
                line: line, rejection: "malformed CSV: \(record.fields.count) fields where the export has \(CustomerCSV.columns.count)")
        }
        let f = record.fields.map { $0.isEmpty ? nil : $0 }
        guard let idText = f[0], let id = UUID(uuidString: idText) else { return Row(line: line, rejection: "ID: not a UUID") }
        guard let createdText = f[2], let createdAt = PolarTimestamp.parseMicroseconds(createdText) else {
            return Row(line: line, rejection: "Created At: not an RFC 3339 time")
        }
        var body: [JSONValue.Member] = []
        func add(_ key: String, _ value: String?) { if let value { body.append(.init(key, .string(value))) } }
        add("email", f[3] ?? "")
        add("name", f[4])
        add("external_id", f[1])
        add("tax_id", f[5])
        if let country = f[11] {
            var address: [JSONValue.Member] = [.init("country", .string(country))]
            for (key, index) in [("line1", 6), ("line2", 7), ("city", 8), ("state", 9), ("postal_code", 10)] {
                if let value = f[index] { address.append(.init(key, .string(value))) }
            }
            body.append(.init("billing_address", .object(address)))
        }
        if let metadata = f[12] {
            guard let parsed = try? JSONValue.parse(Array(metadata.utf8)) else { return Row(line: line, rejection: "Metadata: not JSON") }
            body.append(.init("metadata", parsed))
        }
        do {
            let input = try CustomerCreate(validating: .object(body))
            let taxID = try input.taxID.map { try CustomerService.validateTaxID($0, country: input.billingAddress?.country) }
            return Row(
                line: line,
                customer: CustomerRecord(
                    id: id, organizationID: Self.unassigned, createdAt: createdAt, type: .individual, email: input.email, emailVerified: false,
                    name: input.name, billingAddress: input.billingAddress, taxID: taxID, locale: nil, metadata: input.metadata ?? [:],
                    externalID: input.externalID))
        } catch let error as APIError {
            return Row(line: line, rejection: Self.reason(error))
        } catch {
            return Row(line: line, rejection: "\(error)")
        }
    }

    /// A parsed row's organization until it is written (a fresh UUID for each row would cost
    /// more than the rest of the row).
    private static let unassigned = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// The first error of a 422, named by its column: `Email: value is not a valid email address: …`.
    private static func reason(_ error: APIError) -> String {
        guard case .array(let details)? = error.body["detail"], let first = details.first else { return error.summary }
        let columns = [
            "email": "Email", "name": "Name", "external_id": "External ID", "tax_id": "Tax ID", "billing_address": "Billing Address",
            "metadata": "Metadata", "country": "Billing Address Country", "line1": "Billing Address Line 1",
            "line2": "Billing Address Line 2", "city": "Billing Address City", "state": "Billing Address State",
            "postal_code": "Billing Address Zip",
        ]
        var keys: [String] = []
        if case .array(let loc)? = first["loc"] { keys = loc.compactMap(\.stringValue) }
        let column = keys.reversed().lazy.compactMap { columns[$0] }.first ?? keys.joined(separator: ".")
        return "\(column): \(first["msg"]?.stringValue ?? error.summary)"
    }

    /// Rejects the batch's bad rows, and those whose email or external ID another customer (here
    /// or earlier in the file) has; returns them and the IDs already present.
    private func check(_ batch: [Row], organizationID: UUID, seen: inout Seen) async throws -> ([Rejection], Set<UUID>) {
        let db = database.sql
        let candidates = batch.compactMap(\.customer)
        let owners = try await customers.owners(ids: candidates.map(\.id), on: db)
        let present = Set(owners.filter { $0.value == organizationID }.keys)
        let fresh = candidates.filter { !present.contains($0.id) }
        let takenEmails = try await customers.takenEmails(fresh.compactMap(\.email), organizationID: organizationID, on: db)
        let takenExternal = try await customers.takenExternalIDs(fresh.compactMap(\.externalID), organizationID: organizationID, on: db)
        var rejections: [Rejection] = []
        for row in batch {
            guard let customer = row.customer else {
                rejections.append(Rejection(line: row.line, reason: row.rejection ?? "unreadable"))
                continue
            }
            let email = customer.email?.lowercased()
            let reason: String? =
                if seen.ids.contains(customer.id.hashValue) {
                    "ID: \(customer.id.lowercased) is on an earlier line"
                } else if let owner = owners[customer.id], owner != organizationID {
                    "ID: \(customer.id.lowercased) belongs to another organization"
                } else if present.contains(customer.id) {
                    nil
                } else if let email, takenEmails.contains(email) || seen.emails.contains(email.hashValue) {
                    "Email: A customer with this email address already exists."
                } else if let external = customer.externalID, takenExternal.contains(external) || seen.externalIDs.contains(external.hashValue) {
                    "External ID: A customer with this external ID already exists."
                } else {
                    nil
                }
            seen.ids.insert(customer.id.hashValue)
            if let email { seen.emails.insert(email.hashValue) }
            if let external = customer.externalID { seen.externalIDs.insert(external.hashValue) }
            if let reason { rejections.append(Rejection(line: row.line, reason: reason)) }
        }
        return (rejections, present)
    }

    /// Writes the customers whose ID is new, in one transaction; returns how many were written.
    private func insert(_ batch: [CustomerRecord], organizationID: UUID) async throws -> Int {
        guard !batch.isEmpty else { return 0 }
        let now = clock.now()
        // In ID order, so the primary key's pages are written once each, not in random order.
        let rows = batch.map { ($0.id.uuidString, $0) }.sorted { $0.0 < $1.0 }.map { key, customer in
            var customer = customer
            customer.organizationID = organizationID
            return customer
        }
        return try await database.transaction { [customers, metering, database] db in
            // A cache that holds the whole batch's index pages (64 MB; SQLite's default spills at 2 MB).
            if !database.dialect.isPostgres { try await db.raw("PRAGMA cache_size = -65536").run() }
            let inserted = try await customers.insertNew(rows, on: db)
            try await metering.openMeters(customerIDs: Set(inserted), organizationID: organizationID, now: now, on: db)
            return inserted.count
        }
    }
}
