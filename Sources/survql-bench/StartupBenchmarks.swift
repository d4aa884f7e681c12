#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// REPL start-up latency in a real pseudo-terminal (goal: start-up plus a `survive` on the demo
/// under 50 ms): the time from the spawn to the first prompt, from sending
/// `load demo ntrk as d` to the next prompt, and from sending
/// `survive d by fusion NTRK1|NTRK2|NTRK3` to the next prompt; median of `runs`. Then the same
/// in batch mode (`survql -c`), and an empty `-c` (process start and exit only). The REPL runs
/// with a new empty HOME (so an empty history), TERM=xterm-256color and an 50 × 160 window.
func startupBenchmarks(runs: Int = 11) {
    print(benchmarkHeader())
    let survql = ChildProcess.survqlPath
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("survql-bench-home-\(getpid())").path
    try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    let env = ["HOME": home, "TERM": "xterm-256color", "PAGER": "cat", "LANG": "C.UTF-8"]
    var prompt: [Double] = [], load: [Double] = [], survive: [Double] = [], cpu: [Double] = [], peaks: [Int] = []
    var failed = 0
    for _ in 0..<runs {
        guard let r = ReplSession.measure(survql, environment: env, lines: [
            "load demo ntrk as d", "survive d by fusion NTRK1|NTRK2|NTRK3",
        ]) else {
            failed += 1
            continue
        }
        prompt.append(r.times[0]); load.append(r.times[1]); survive.append(r.times[2]); cpu.append(r.cpuSeconds)
        peaks.append(r.peakRSS)
    }
    if prompt.isEmpty {
        print("could not run the REPL in a pseudo-terminal (\(survql))")
        return
    }
    if failed > 0 { print("\(failed) of \(runs) REPL runs gave no prompt within 10 s and are left out") }
    func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
    func ms(_ v: Double) -> String { String(format: "%.1f", v * 1000) }
    let total = zip(zip(prompt, load), survive).map { $0.0 + $0.1 + $1 }
    var rows: [[String]] = [
        ["REPL: spawn to first prompt", ms(median(prompt))],
        ["REPL: load demo ntrk as d", ms(median(load))],
        ["REPL: survive d by fusion NTRK1|NTRK2|NTRK3", ms(median(survive))],
        ["REPL: all three (goal < 50 ms)", ms(median(total))],
        ["REPL: CPU of the whole session (to Ctrl-D)", ms(median(cpu))],
    ]
    let batch = (0..<runs).compactMap { _ in
        ChildProcess.run(survql, ["-c", "load demo ntrk as d\nsurvive d by fusion NTRK1|NTRK2|NTRK3"], timeout: 60, environment: env)
    }.filter(\.succeeded)
    let empty = (0..<runs).compactMap { _ in ChildProcess.run(survql, ["-c", ""], timeout: 60, environment: env) }.filter(\.succeeded)
    if !batch.isEmpty {
        rows.append(["batch -c: load demo + survive (wall / CPU)",
                     ms(median(batch.map(\.seconds))) + " / " + ms(median(batch.map(\.cpuSeconds)))])
    }
    if !empty.isEmpty {
        rows.append(["batch -c '': process start and exit (wall / CPU)",
                     ms(median(empty.map(\.seconds))) + " / " + ms(median(empty.map(\.cpuSeconds)))])
    }
    print("REPL start-up in a pseudo-terminal, median of \(runs) (peak RSS \(peaks.sorted()[peaks.count / 2] / 1_000_000) MB)")
    print(renderTable(["step", "ms"], rows))
}

/// Drives one `survql` REPL in a pseudo-terminal.
enum ReplSession {
    /// Seconds from the spawn to the first prompt, then from sending each line to the next
    /// prompt, and the REPL's peak RSS and CPU seconds (user + system, to its exit); nil when the pseudo-terminal or the spawn fails or a
    /// prompt does not come within 30 s.
    static func measure(_ survql: String, environment: [String: String], lines: [String]) -> (times: [Double], peakRSS: Int, cpuSeconds: Double)? {
        #if os(Linux)
        // posix_openpt, unlockpt and ptsname as their Linux system calls (glibc hides them
        // from Swift without _XOPEN_SOURCE); grantpt is a no-op with devpts.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { return nil }
        defer { close(master) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        // TIOCSPTLCK and TIOCGPTN (asm-generic ioctl numbers, as on x86-64 and arm64; macros
        // that Swift does not import).
        let setLock: UInt = 0x4004_5431, getNumber: UInt = 0x8004_5430
        guard ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else { return nil }
        let slave = "/dev/pts/\(number)"
        /// glibc's POSIX_SPAWN_SETSID (not imported into Swift).
        let spawnSetsid: Int16 = 0x80
        #else
        let master = posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else { return nil }
        defer { close(master) }
        let slave = String(cString: name)
        let spawnSetsid = Int16(POSIX_SPAWN_SETSID)
        #endif
        var size = winsize(ws_row: 50, ws_col: 160, ws_xpixel: 0, ws_ypixel: 0)
        _ = withUnsafeMutablePointer(to: &size) { ioctl(master, UInt(TIOCSWINSZ), UnsafeMutableRawPointer($0)) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid, opening the terminal makes it the child's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, spawnSetsid)
        var times: [Double] = []
        var failed = false
        let start = DispatchTime.now().uptimeNanoseconds
        let result = ChildProcess.spawnAndWait(survql, [], actions: &actions, attributes: &attributes, timeout: 60,
                                               environment: environment) { pid in
            var output: [UInt8] = []
            let promptBytes = Array("survql> ".utf8)
            var searchFrom = 0
            /// Reads until a prompt appears after `searchFrom`; false on EOF or after 10 s.
            func waitForPrompt() -> Bool {
                let deadline = DispatchTime.now().uptimeNanoseconds + 10_000_000_000
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while DispatchTime.now().uptimeNanoseconds < deadline {
                    if let r = find(promptBytes, in: output, from: searchFrom) {
                        searchFrom = r + promptBytes.count
                        return true
                    }
                    var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                    guard poll(&fds, 1, 100) >= 0 else { return false }
                    if fds.revents & Int16(POLLIN) != 0 {
                        let n = read(master, &buffer, buffer.count)
                        if n <= 0 { return false }
                        output.append(contentsOf: buffer[0..<n])
                    } else if fds.revents & Int16(POLLHUP | POLLERR) != 0 {
                        return false
                    }
                }
                return false
            }
            guard waitForPrompt() else { failed = true; kill(pid, SIGKILL); return }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            /// Waits (up to 2 s) until libedit has the terminal in raw mode, so that what is
            /// sent next is read by the editor and not by the terminal's line discipline.
            func waitForRawMode() {
                var mode = termios()
                for _ in 0..<2_000 {
                    if tcgetattr(master, &mode) == 0, mode.c_lflag & tcflag_t(ICANON) == 0 { return }
                    usleep(1_000)
                }
            }
            for line in lines {
                waitForRawMode()
                searchFrom = output.count
                let sent = DispatchTime.now().uptimeNanoseconds
                _ = (line + "\r").withCString { write(master, $0, strlen($0)) }
                guard waitForPrompt() else { failed = true; kill(pid, SIGKILL); return }
                times.append(Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e9)
            }
            waitForRawMode()
            _ = write(master, "\u{04}", 1)  // Ctrl-D: quit
            // Drain until the child closes the terminal, so it never blocks on a full buffer;
            // if it has not ended after 3 s, SIGTERM (the REPL saves its history and exits).
            var sink = [UInt8](repeating: 0, count: 4096)
            var closed = false
            for _ in 0..<60 {
                var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                if poll(&fds, 1, 50) <= 0 { continue }
                if read(master, &sink, sink.count) <= 0 { closed = true; break }
            }
            if !closed { kill(pid, SIGTERM) }
        }
        guard let result, !failed else { return nil }
        return (times, result.peakRSS, result.cpuSeconds)
    }

    /// The index of `needle` in `haystack` at or after `from`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard haystack.count - from >= needle.count else { return nil }
        var i = max(0, from)
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], Array(haystack[i..<i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }
}
