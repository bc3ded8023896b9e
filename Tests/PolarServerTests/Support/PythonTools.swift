import Foundation
import PolarModels
import Testing

/// The Python tools some tests drive: Polar's official SDK suites and a real SMTP server.
/// `scripts/compat-venv.sh` prepares their virtual environment (once per test run).
enum PythonTools {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static let environment = Task { () throws -> String in
        let venv = try await run("/bin/bash", [repositoryRoot.appendingPathComponent("scripts/compat-venv.sh").path])
        guard venv.status == 0, let python = venv.output.split(separator: "\n").last else {
            throw ToolError(message: "compat-venv.sh failed:\n\(venv.output)")
        }
        return String(python)
    }

    /// The virtual environment's python.
    static func python() async throws -> String { try await environment.value }

    private static let environment032 = Task { () throws -> String in
        let venv = try await run("/bin/bash", [repositoryRoot.appendingPathComponent("scripts/compat-venv-032.sh").path])
        guard venv.status == 0, let python = venv.output.split(separator: "\n").last else {
            throw ToolError(message: "compat-venv-032.sh failed:\n\(venv.output)")
        }
        return String(python)
    }

    /// The python of the environment with polar-sdk 0.32, the previous SDK generation.
    static func python032() async throws -> String { try await environment032.value }

    struct ToolError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Runs a program to completion from the repository root, collecting stdout and stderr together.
    /// It waits on a dispatch thread, so a server under test keeps every cooperative thread.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> (
        status: Int32, output: String
    ) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let process = try Subprocess(executable, arguments, environment: environment, directory: repositoryRoot.path)
                    let output = process.output.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: (process.terminationStatus, String(decoding: output, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

/// A real SMTP server (aiosmtpd, `Tests/Compatibility/smtp_sink.py`) on a free port, keeping
/// every message it accepts.
final class SMTPSink: Sendable {
    let port: Int
    let directory: URL
    private let process: Subprocess

    /// Starts the server; with `auth` (`user:password`) it requires AUTH.
    static func start(auth: String? = nil) async throws -> SMTPSink {
        let python = try await PythonTools.python()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let process = try Subprocess(
                        python,
                        [PythonTools.repositoryRoot.appendingPathComponent("Tests/Compatibility/smtp_sink.py").path, directory.path]
                            + (auth.map { ["--auth", $0] } ?? []),
                        input: true, keepsStandardError: true)
                    var line = Data()
                    while let byte = try process.output.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
                        line.append(first)
                    }
                    guard let port = Int(String(decoding: line, as: UTF8.self)) else {
                        throw PythonTools.ToolError(message: "smtp_sink.py did not start")
                    }
                    continuation.resume(returning: SMTPSink(port: port, directory: directory, process: process))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private init(port: Int, directory: URL, process: Subprocess) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// The messages received so far, oldest first, as the sink recorded them.
    func messages() throws -> [JSONValue] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try files.compactMap { name in name.hasSuffix(".json") ? Int(name.dropLast(5)).map { ($0, name) } : nil }.sorted { $0.0 < $1.0 }.map { _, name in
            try JSONValue.parse(Array(try Data(contentsOf: directory.appendingPathComponent(name))))
        }
    }

    /// Waits up to `timeout` for at least `count` messages.
    func waitForMessages(_ count: Int, timeout: Duration = .seconds(10)) async throws -> [JSONValue] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let received = try messages()
            if received.count >= count { return received }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try messages()
    }

    func stop() {
        try? process.input?.close()
        process.waitUntilExit()
    }
}
