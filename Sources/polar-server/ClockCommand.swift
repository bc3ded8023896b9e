import ArgumentParser
import Foundation
import PolarModels
import PolarServer

/// `polar-server clock …`: test clocks from the command line, as `/v1/test-clocks` offers them.
struct ClockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock", abstract: "Manage test clocks: customers created on one live on its time.",
        subcommands: [Create.self, List.self, Advance.self])

    /// RFC 3339 (`2026-03-01T00:00:00Z`) or a date, read as midnight UTC.
    static func time(_ text: String) throws -> Date {
        for candidate in [text, text + "T00:00:00Z"] {
            if let microseconds = PolarTimestamp.parseMicroseconds(candidate) { return PolarTimestamp.date(microseconds: microseconds) }
        }
        throw ValidationError("Not a time (RFC 3339, or YYYY-MM-DD for midnight UTC): \(text)")
    }

    static func show(_ clock: TestClock) {
        print("\(clock.id.uuidString.lowercased())  \(PolarTimestamp.format(clock.frozenTime))  \(clock.status.rawValue)  \(clock.name ?? "")")
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a test clock and print its id, time and status.")

        @Option(help: "The organization's name or id.") var organization: String
        @Option(help: "The clock's starting time; now when absent.") var at: String?
        @Option(help: "A name to tell clocks apart.") var name: String?
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let frozenTime = try at.map(ClockCommand.time)
            let clock = try await options.withContext { context in
                guard let found = try await context.findOrganization(organization) else {
                    throw ValidationError("No organization named or with id \(organization)")
                }
                return try await context.createTestClock(organizationID: found.id, frozenTime: frozenTime, name: name)
            }
            ClockCommand.show(clock)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an organization's test clocks, newest first.")

        @Option(help: "The organization's name or id.") var organization: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let clocks = try await options.withContext { context in
                guard let found = try await context.findOrganization(organization) else {
                    throw ValidationError("No organization named or with id \(organization)")
                }
                return try await context.testClocks(organizationID: found.id)
            }
            clocks.forEach(ClockCommand.show)
        }
    }

    struct Advance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a test clock forward, running every renewal and period-end cancellation on the way.",
            discussion: "Webhooks for each step are queued at once; a running server delivers them.")

        @Argument(help: "The clock's id.") var id: String
        @Option(help: "The new time: RFC 3339, or YYYY-MM-DD for midnight UTC.") var to: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let (clockID, time) = (try uuid(id), try ClockCommand.time(to))
            ClockCommand.show(try await options.withContext { try await $0.advanceTestClock(clockID, to: time) })
        }
    }
}
