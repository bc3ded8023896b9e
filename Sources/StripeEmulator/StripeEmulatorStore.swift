import Foundation
import PolarModels
import SQLKit

/// The emulator's objects, one JSON document per Stripe id, kept in the server's database
/// (`stripe_emulator_objects`) so they outlive a restart as Stripe's do. Members whose key
/// starts with `_` are the emulator's own bookkeeping and never leave it.
package struct StripeEmulatorStore: Sendable {
    /// The emulator's one table, which the server's migrations create.
    package static let schema =
        "CREATE TABLE stripe_emulator_objects (id TEXT PRIMARY KEY, json TEXT NOT NULL, created_at BIGINT NOT NULL)"

    func get(_ id: String, on db: any SQLDatabase) async throws -> JSONValue? {
        try await db.raw("SELECT json FROM stripe_emulator_objects WHERE id = \(bind: id)").first(decodingColumn: "json", as: String.self)
            .map { try JSONValue.parse(Array($0.utf8)) }
    }

    func put(_ object: JSONValue, on db: any SQLDatabase) async throws {
        let id = object["id"]?.stringValue ?? ""
        let json = String(decoding: object.serialized, as: UTF8.self)
        try await db.raw(
            """
            INSERT INTO stripe_emulator_objects (id, json, created_at) VALUES (\(bind: id), \(bind: json), \(bind: Int64(Date().timeIntervalSince1970 * 1_000_000))) \
            ON CONFLICT (id) DO UPDATE SET json = excluded.json
            """
        ).run()
    }

    /// The object as Stripe shows it: without the bookkeeping members, at any depth.
    static func publicView(_ object: JSONValue) -> JSONValue {
        switch object {
        case .object(let members): .object(members.filter { !$0.key.hasPrefix("_") }.map { .init($0.key, publicView($0.value)) })
        case .array(let values): .array(values.map(publicView))
        default: object
        }
    }
}

extension JSONValue {
    /// The object with `key` set (replaced in place, or appended).
    func setting(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append(.init(key, value))
        }
        return .object(members)
    }
}
