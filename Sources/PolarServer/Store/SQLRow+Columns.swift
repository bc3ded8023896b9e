import Foundation
import PolarModels
import SQLKit

/// Column readers shared by the stores: ids are lower-case text, JSON is text parsed by our parser.
extension SQLRow {
    func uuid(_ column: String) throws -> UUID {
        UUID(uuidString: try decode(column: column, as: String.self))!
    }

    func optionalUUID(_ column: String) throws -> UUID? {
        try decode(column: column, as: String?.self).flatMap(UUID.init(uuidString:))
    }

    func json(_ column: String) throws -> JSONValue {
        try JSONValue.parse(Array(try decode(column: column, as: String.self).utf8))
    }

    func metadata(_ column: String = "metadata") throws -> Metadata {
        var metadata: Metadata = [:]
        if case .object(let members) = try json(column) {
            for member in members { metadata[member.key] = MetadataValue(json: member.value) }
        }
        return metadata
    }
}
