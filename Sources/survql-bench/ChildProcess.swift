#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One finished child process as the benchmarks measure it.
struct ChildMeasurement {
    /// Wall-clock seconds from the spawn to the reaping of the child.
    var seconds: Double
    /// The child's peak resident set size in bytes (its `ru_maxrss` from `wait4`, which includes
    /// the children it waited for itself, e.g. R's shell wrapper).
    var peakRSS: Int
    /// The child's user plus system CPU seconds.
    var cpuSeconds: Double
    /// True when it exited with status 0 before its time limit.
    var succeeded: Bool
    /// True when it was killed at its time limit.
    var timedOut: Bool
}

/// Runs benchmark jobs as child processes and measures each one's own wall time, CPU time and
/// peak memory with `wait4` (so the benchmark process's memory never counts).
enum ChildProcess {
    /// Runs `path` with `arguments`, its standard output and error sent to /dev/null (or to
    /// `outputPath`), and waits for it, killing it after `timeout` seconds. Nil when it cannot
    /// start. `environment` entries are added to this process's environment.
    static func run(_ path: String, _ arguments: [String], timeout: Double = 900,
                    environment: [String: String] = [:], outputPath: String? = nil) -> ChildMeasurement? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        return spawnAndWait(path, arguments, actions: &actions, attributes: nil, timeout: timeout, environment: environment) { _ in }
    }

    /// Spawns, lets `whileRunning` talk to the child (it gets the pid), then reaps it. Used by
    /// `run` and by the pseudo-terminal start-up benchmark.
    static func spawnAndWait(_ path: String, _ arguments: [String], actions: inout posix_spawn_file_actions_t,
                             attributes: UnsafePointer<posix_spawnattr_t>?, timeout: Double,
                             environment: [String: String], whileRunning: (pid_t) -> Void) -> ChildMeasurement? {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, path, &actions, attributes, argv, envp) == 0 else { return nil }
        whileRunning(pid)
        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        // Poll so a job that runs away (an R fit at 10^7) is stopped at its limit.
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            if r < 0 && errno != EINTR { return nil }
            if Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 > timeout && !timedOut {
                kill(pid, SIGKILL)
                timedOut = true
            }
            usleep(2_000)
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        #if os(Linux)
        let peak = Int(usage.ru_maxrss) * 1024
        #else
        let peak = Int(usage.ru_maxrss)
        #endif
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        return ChildMeasurement(seconds: wall, peakRSS: peak, cpuSeconds: s(usage.ru_utime) + s(usage.ru_stime),
                                succeeded: exited && code == 0 && !timedOut, timedOut: timedOut)
    }

    /// The full path of `name` on `$PATH`, or nil.
    static func which(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The `survql` executable next to this benchmark's executable.
    static var survqlPath: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("survql").path
    }

    /// Runs a short command and returns its standard output (trimmed), or nil when it fails.
    static func output(_ path: String, _ arguments: [String], environment: [String: String] = [:]) -> String? {
        let dir = FileManager.default.temporaryDirectory.path
        let out = "\(dir)/survql-bench-out-\(getpid())"
        defer { unlink(out) }
        guard let m = run(path, arguments, timeout: 60, environment: environment, outputPath: out), m.succeeded,
              let text = try? String(contentsOfFile: out, encoding: .utf8) else { return nil }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The machine line printed at the head of each benchmark: cores, date, versions.
func benchmarkHeader() -> String {
    let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return "survql-bench on \(cores) core\(cores == 1 ? "" : "s") (nproc), \(formatter.string(from: Date()))"
}
