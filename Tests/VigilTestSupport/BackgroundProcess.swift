import Foundation
import Synchronization

/// A long-running child for tests (a server, the `vigil` daemon): spawned with `posix_spawn`
/// and an explicit environment, its stdout and stderr collected by a reader thread, killed and
/// reaped when released. Foundation's `Process` is not used: its wait can hang when every
/// cooperative thread runs a blocking test.
public final class BackgroundProcess: @unchecked Sendable {
    public let pid: pid_t
    private let output = SharedText()
    private let exitStatus = Mutex<Int32?>(nil)
    private let readerDone = DispatchSemaphore(value: 0)
    /// Whether the reader saw the end of the output (every writer closed the pipe).
    private let readerFinished = SharedFlag()

    public init(_ argv: [String], environment: [String: String] = [:]) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TestSupportError("pipe: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        let cArgv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let cEnvironment: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArgv.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, argv[0], &actions, nil, cArgv, cEnvironment)
        close(writeEnd)
        guard spawned == 0 else {
            close(readEnd)
            throw TestSupportError("cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        pid = child
        let thread = Thread { [output, readerDone, readerFinished] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(readEnd, &buffer, buffer.count)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                let text = String(decoding: buffer[0..<count], as: UTF8.self)
                output.append(text)
            }
            close(readEnd)
            readerFinished.set()
            readerDone.signal()
        }
        thread.start()
    }

    /// Everything the child printed so far, stdout and stderr interleaved.
    public var printed: String { output.text }

    /// Waits until the output contains `text`; false at the timeout.
    public func waitForOutput(containing text: String, timeout: Duration = .seconds(20)) -> Bool {
        poll(timeout: timeout) { printed.contains(text) }
    }

    public func signal(_ signal: Int32) {
        if exitStatus.withLock({ $0 }) == nil { kill(pid, signal) }
    }

    /// The raw wait status once the child exited, or nil if it still runs at the timeout. Once it
    /// exited, `printed` holds all it wrote: the reader is given up to 5 s more to drain the pipe
    /// (less only if a grandchild keeps the pipe open).
    public func waitForExit(timeout: Duration = .seconds(20)) -> Int32? {
        _ = poll(timeout: timeout) { reap() != nil }
        guard let status = reap() else { return nil }
        _ = poll(timeout: .seconds(5)) { readerFinished.isSet }
        return status
    }

    /// The exit code if the child exited normally.
    public static func exitCode(fromWaitStatus status: Int32) -> Int32? {
        status & 0x7f == 0 ? (status >> 8) & 0xff : nil
    }

    private func reap() -> Int32? {
        exitStatus.withLock { known in
            if let known { return known }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { known = status }
            return known
        }
    }

    private func poll(timeout: Duration, until condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    deinit {
        if reap() == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
        _ = readerDone.wait(timeout: .now() + 5)
    }
}

/// Text appended by a reader thread and read by the test.
private final class SharedText: Sendable {
    private let storage = Mutex("")
    func append(_ more: String) { storage.withLock { $0 += more } }
    var text: String { storage.withLock { $0 } }
}

/// Set once by the reader thread, read by the test.
private final class SharedFlag: Sendable {
    private let storage = Mutex(false)
    func set() { storage.withLock { $0 = true } }
    var isSet: Bool { storage.withLock { $0 } }
}
