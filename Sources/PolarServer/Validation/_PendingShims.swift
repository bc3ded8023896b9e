// TEMPORARY: replaced by the validators being written in parallel. Delete when they land.
import PolarModels
struct EmailSyntaxError: Error, Equatable { let reason: String }
enum EmailAddress {
    static func normalize(_ raw: String) -> Result<String, EmailSyntaxError> {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard let at = trimmed.lastIndex(of: "@") else { return .failure(.init(reason: "An email address must have an @-sign.")) }
        return .success(String(trimmed[..<at]) + "@" + trimmed[trimmed.index(after: at)...].lowercased())
    }
}
enum LanguageTag { static func standardize(_ raw: String) -> String? { raw.isEmpty ? nil : raw.replacingOccurrences(of: "_", with: "-") } }
enum Countries {
    static let input: [String] = ["DE", "FR", "US", "CA", "GB"]
    static let output: Set<String> = Set(input)
    static func isValidInput(_ code: String) -> Bool { input.contains(code) }
    static func normalizeState(_ state: String?, country: String) -> Result<String?, StateError> { .success(state) }
}
struct StateError: Error, Equatable { let message: String }
import Foundation
