import ArgumentParser
import Foundation
import PolarServer

/// `polar-server customers …`: moving customers in bulk.
struct CustomersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers", abstract: "Move customers in bulk.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import Polar's customer export CSV (what GET /v1/customers/export writes) into an organization.",
            discussion: """
                Every row is checked as POST /v1/customers/ checks a customer, and emails and external IDs must \
                stay unique; a file with any bad row imports nothing (each is reported by line) unless \
                --skip-invalid. Rows keep their ID and creation time; a row whose ID is already here is \
                skipped, so running it again is safe. No webhooks are sent.
                """)

        @Option(help: "The organization's name or id.") var organization: String
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Import the good rows of a file that has bad ones.") var skipInvalid = false
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let url = URL(fileURLWithPath: file)
            guard FileManager.default.isReadableFile(atPath: url.path) else { throw ValidationError("Cannot read \(file)") }
            let progress = ImportProgress(terminal: isatty(STDERR_FILENO) == 1)
            let summary = try await options.withContext { context in
                guard let found = try await context.findOrganization(organization) else {
                    throw ValidationError("No organization named or with id \(organization)")
                }
                return try await context.importCustomers(
                    organizationID: found.id, file: url, skipInvalid: skipInvalid, progress: progress.update)
            }
            progress.finish()
            for rejection in summary.rejected.prefix(1000) { printError("line \(rejection.line): \(rejection.reason)") }
            if summary.rejected.count > 1000 { printError("… and \(summary.rejected.count - 1000) more bad rows") }
            let seconds = progress.elapsed
            print(
                "\(summary.rows) rows: \(summary.imported) imported, \(summary.alreadyPresent) already here, "
                    + "\(summary.rejected.count) refused, in \(String(format: "%.1f", seconds)) s"
                    + (summary.imported > 0 && seconds > 0 ? " (\(Int(Double(summary.imported) / seconds)) rows/s)" : ""))
            if !summary.rejected.isEmpty, !skipInvalid {
                printError("Nothing was imported: the file has bad rows. Fix them, or pass --skip-invalid to import the rest.")
                throw ExitCode(1)
            }
        }
    }
}

/// Reports an import's progress on standard error: a bar redrawn in place (rows, rate, time
/// left) on a terminal, otherwise a line every few seconds, so logs stay readable.
final class ImportProgress: @unchecked Sendable {
    private let terminal: Bool
    private let started = Date()
    private var lastShown = Date.distantPast
    private var drewBar = false
    private var phase = ""
    private var phaseStarted = Date()
    private var lastDone = -1

    init(terminal: Bool) { self.terminal = terminal }

    var elapsed: Double { Date().timeIntervalSince(started) }

    func update(_ phase: String, _ done: Int, _ total: Int) {
        let now = Date()
        if phase != self.phase {
            self.phase = phase
            phaseStarted = now
            lastShown = .distantPast
            lastDone = -1
        }
        let interval = terminal ? 0.1 : 5
        guard now.timeIntervalSince(lastShown) >= interval || (done == total && done != lastDone) else { return }
        lastShown = now
        lastDone = done
        let rate = Double(done) / max(now.timeIntervalSince(phaseStarted), 0.001)
        let left = rate > 0 ? Double(total - done) / rate : 0
        let line = "\(phase) \(done)/\(total) rows, \(Int(rate)) rows/s, \(Self.duration(left)) left"
        if terminal {
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r\u{1B}[2K[\(bar)] \(line)".utf8))
            drewBar = true
        } else {
            printError(line)
        }
    }

    func finish() {
        if drewBar { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        return whole >= 60 ? "\(whole / 60)m\(whole % 60)s" : "\(whole)s"
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
