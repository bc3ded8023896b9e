import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, with the part of Foundation's `Process` API the
/// tests use. Not `Process` itself: on Linux, Swift 6.3.1's `Process.run()` over-reads the
/// entries of `/proc/self/fd` and now and then crashes the test run
/// (swift-corelibs-foundation#5472). Every pipe here is close-on-exec, so each child inherits
/// only its own ends; pipes are made and children spawned under one lock, so no spawn falls
/// between a pipe's creation and its close-on-exec flag.
final class Subprocess: @unchecked Sendable {
    private static let spawning = NSLock()

    enum TerminationReason: Equatable { case exit, uncaughtSignal }

    let processIdentifier: pid_t
    /// What the child writes to standard output (and standard error, unless `keepsStandardError`).
    let output: FileHandle
    /// The child's standard input, when asked for (`input: true`).
    let input: FileHandle?
    private let lock = NSLock()
    private var waitStatus: Int32?

    /// Starts `executable` with `arguments`, in `directory` when given, with `environment`
    /// added to this process's; with `keepsStandardError` its standard error stays this process's.
    init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
        input withInput: Bool = false, keepsStandardError: Bool = false
    ) throws {
        func pipe() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [0, 0]
            guard Glibc.pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return (fds[0], fds[1])
        }
        Self.spawning.lock()
        defer { Self.spawning.unlock() }
        let out = try pipe()
        let stdin = withInput ? try pipe() : nil
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        if !keepsStandardError { posix_spawn_file_actions_adddup2(&actions, out.write, 2) }
        if let stdin { posix_spawn_file_actions_adddup2(&actions, stdin.read, 0) }
        // In `directory` through coreutils' `env -C`, as glibc's chdir spawn action is not exposed.
        let command = directory.map { ["/usr/bin/env", "-C", $0, executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        close(out.write)
        if let stdin { close(stdin.read) }
        guard result == 0 else {
            close(out.read)
            if let stdin { close(stdin.write) }
            throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO)
        }
        processIdentifier = pid
        output = FileHandle(fileDescriptor: out.read, closeOnDealloc: true)
        input = stdin.map { FileHandle(fileDescriptor: $0.write, closeOnDealloc: true) }
    }

    /// Sends SIGTERM, as `Process.terminate()` does.
    func terminate() { kill(processIdentifier, SIGTERM) }

    /// Blocks until the child has exited (once; later calls return at once).
    func waitUntilExit() {
        lock.lock()
        defer { lock.unlock() }
        guard waitStatus == nil else { return }
        var status: Int32 = 0
        while waitpid(processIdentifier, &status, 0) == -1, errno == EINTR {}
        waitStatus = status
    }

    /// How the child ended; call after ``waitUntilExit()``.
    var terminationReason: TerminationReason { (status & 0x7F) == 0 ? .exit : .uncaughtSignal }
    /// The exit code, or the signal that ended it.
    var terminationStatus: Int32 { terminationReason == .exit ? (status >> 8) & 0xFF : status & 0x7F }

    private var status: Int32 {
        lock.lock()
        defer { lock.unlock() }
        return waitStatus ?? 0
    }
}
