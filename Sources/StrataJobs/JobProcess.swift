import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A job's child process: started in a process group of its own, standard input from
/// `/dev/null`, standard output and error on pipes the caller reads.
///
/// ```swift
/// let child = try JobProcess.spawn(command: ["python", "train.py"], environment: env, workingDirectory: dir)
/// child.stop(gracePeriod: .seconds(10))      // SIGTERM to the group, SIGKILL after 10 s
/// let exit = await child.exit()               // .exited(0), .signaled(15), …
/// ```
///
/// Why a group of its own: a script often starts helpers (`bash -c`, data loader workers);
/// signalling the group stops all of them, not only the first process. The terminal's Ctrl-C
/// reaches the job runner, which stops the group itself, so the child must not read the
/// terminal (a background group would be suspended by SIGTTIN): its input is `/dev/null`.
/// One thread per child waits for it (`waitpid`), so no Swift concurrency thread ever blocks.
public final class JobProcess: Sendable {
    /// How the child ended.
    public enum Exit: Sendable, Hashable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        /// What a shell reports: the exit code, or 128 + the signal number.
        public var shellStatus: Int32 {
            switch self {
            case .exited(let code): return code
            case .signaled(let number): return 128 + number
            }
        }

        public var description: String {
            switch self {
            case .exited(let code): return "exited with status \(code)"
            case .signaled(let number): return "killed by signal \(number)"
            }
        }
    }

    private struct State {
        var exit: Exit?
        var waiters: [CheckedContinuation<Exit, Never>] = []
        var stopping = false
    }

    public let pid: pid_t
    /// Read ends of the child's standard output and error; the caller reads and closes them.
    public let standardOutput: Int32
    public let standardError: Int32
    private let state = Mutex(State())

    private init(pid: pid_t, standardOutput: Int32, standardError: Int32) {
        self.pid = pid; self.standardOutput = standardOutput; self.standardError = standardError
    }

    /// Starts `command` (the first element is looked up on `PATH`) with exactly `environment`.
    public static func spawn(command: [String], environment: [String: String],
                             workingDirectory: URL) throws(JobError) -> JobProcess {
        guard let executable = command.first, !executable.isEmpty else { throw .emptyCommand }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: workingDirectory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotStart(command: executable, reason: "the working directory \(workingDirectory.path) does not exist")
        }
        let output = try makePipe(), errors = try makePipe()
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.write, 2)
        guard let addChdir = spawnChdir else {
            throw .cannotStart(command: executable, reason: "this system's C library cannot start a process in another directory")
        }
        _ = addChdir(&actions, workingDirectory.path)
        // The runner may ignore or catch signals; the child starts with every default and none blocked.
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&defaults); sigemptyset(&empty)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let arguments = command.map { strdup($0) } + [nil]
        let pairs = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in arguments { free(pointer) }
            for pointer in pairs { free(pointer) }
        }
        var pid: pid_t = 0
        // posix_spawnp searches the runner's PATH; the child's own PATH is the one in `environment`.
        let result = arguments.withUnsafeBufferPointer { argv in
            pairs.withUnsafeBufferPointer { envp in
                posix_spawnp(&pid, executable, &actions, &attributes,
                             UnsafeMutablePointer(mutating: argv.baseAddress!), UnsafeMutablePointer(mutating: envp.baseAddress!))
            }
        }
        close(output.write); close(errors.write)
        guard result == 0 else {
            close(output.read); close(errors.read)
            let reason = result == ENOENT ? "no such command (not found on PATH, or the file does not exist)"
                : result == EACCES ? "permission denied (is it executable?)" : String(cString: strerror(result))
            throw .cannotStart(command: executable, reason: reason)
        }
        let child = JobProcess(pid: pid, standardOutput: output.read, standardError: errors.read)
        child.startWaiting()
        return child
    }

    /// Waits for the child to end (returns at once if it has).
    public func exit() async -> Exit {
        await withCheckedContinuation { continuation in
            let finished = state.withLock { state -> Exit? in
                if let exit = state.exit { return exit }
                state.waiters.append(continuation)
                return nil
            }
            if let finished { continuation.resume(returning: finished) }
        }
    }

    /// How the child ended, or nil while it runs.
    public var finished: Exit? { state.withLock { $0.exit } }

    /// Sends `signal` to the child's process group (to the child alone if the group is gone).
    public func send(_ signal: Int32) {
        if kill(-pid, signal) != 0 && errno == ESRCH && finished == nil { _ = kill(pid, signal) }
    }

    /// SIGTERM to the group, then SIGKILL if the child still runs after `gracePeriod`. Returns at
    /// once; a second call while stopping does nothing. Await ``exit()`` for the end.
    public func stop(gracePeriod: Duration) {
        let first = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping && state.exit == nil
        }
        guard first else { return }
        send(SIGTERM)
        let deadline = ContinuousClock.now + gracePeriod
        let thread = Thread { [self] in
            while finished == nil && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if finished == nil { send(SIGKILL) }
        }
        thread.name = "strata-job-stop"
        thread.start()
    }

    private func startWaiting() {
        let thread = Thread { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                if errno != EINTR { status = 0x7f00; break }   // lost track of it: report 127
            }
            let low = status & 0x7f
            let exit: Exit = low == 0 ? .exited((status >> 8) & 0xff) : .signaled(low)
            let waiters = state.withLock { state in
                state.exit = exit
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: exit) }
        }
        thread.name = "strata-job-wait"
        thread.start()
    }

    /// A pipe whose ends close on exec (the child gets only the dup2'd copies).
    private static func makePipe() throws(JobError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        // pipe2 sets close-on-exec atomically: a process another thread starts meanwhile cannot
        // inherit the ends (and keep the log open).
        let made = pipeCloseOnExec.map { $0(&ends, O_CLOEXEC) == 0 }
            ?? (pipe(&ends) == 0 && fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0 && fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0)
        guard made else {
            throw .resource("cannot create a pipe for the job's output: \(String(cString: strerror(errno)))")
        }
        return (ends[0], ends[1])
    }
}

// Glibc's module map hides these GNU/POSIX-2024 functions; they are looked up at run time
// (glibc 2.29+, macOS 10.15+ have the first; Linux has pipe2).
private typealias SpawnChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
private let spawnChdir: SpawnChdir? = lookUp("posix_spawn_file_actions_addchdir_np")
private let pipeCloseOnExec: Pipe2? = lookUp("pipe2")

private func lookUp<Function>(_ name: String) -> Function? {
    guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, name) else { return nil }
    return unsafeBitCast(symbol, to: Function.self)
}
