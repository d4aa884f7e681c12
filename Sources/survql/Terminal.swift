#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Process-level I/O helpers. Only the executable touches the terminal and the exit code.
///
/// Output goes through `write(2)` in a loop, never through `FileHandle.write`, which traps on a
/// full disk or a closed pipe. A failed write of results ends the process with one line on
/// standard error and exit code 1; a failed write to standard error ends it with exit code 1
/// and no message (there is nowhere left to say it). With the default SIGPIPE disposition a
/// closed pipe ends the process quietly, as other Unix tools do.
enum Terminal {
    /// Fills a closed standard descriptor with `/dev/null` opened the wrong way round (stdin
    /// write-only, stdout and stderr read-only), so that no file the process opens later (a data
    /// file, an export's temporary file) can become descriptor 0, 1 or 2 and receive results or
    /// diagnostics, while reads and writes on the closed stream still fail (EBADF) as before.
    static func reserveStandardDescriptors() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) < 0 && errno == EBADF {
            let placeholder = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY)
            if placeholder >= 0 && placeholder != fd {
                dup2(placeholder, fd)
                close(placeholder)
            }
        }
    }

    static var stdinIsTTY: Bool { isatty(0) != 0 }
    static var stderrIsTTY: Bool { isatty(2) != 0 }

    /// The most bytes read from standard input or a query file (a query is text, not data).
    static let maxInputBytes = 512 << 20

    /// Colour diagnostics on a terminal unless NO_COLOR is set.
    static var colorDiagnostics: Bool {
        stderrIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    static func writeOut(_ s: String) {
        if let failure = writeAll(1, s) {
            _ = writeAll(2, "survql: cannot write to standard output: \(failure)\n")
            exit(ExitCode.queryError.rawValue)
        }
    }

    static func writeErr(_ s: String) {
        if writeAll(2, s) != nil { exit(ExitCode.queryError.rawValue) }
    }

    /// Writes every byte of `s` to `fd`, retrying short writes and EINTR; returns the reason
    /// when the write failed.
    static func writeAll(_ fd: Int32, _ s: String) -> String? {
        var s = s
        return s.withUTF8 { buf -> String? in
            var done = 0
            while done < buf.count {
                let n = write(fd, buf.baseAddress! + done, buf.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                if n == 0 { return "nothing written" }
                done += n
            }
            return nil
        }
    }

    /// Reads standard input to its end, or fails with a one-line reason (stdin a directory,
    /// a read error, more than `maxInputBytes`).
    static func readAllStdin() throws -> [UInt8] {
        try readAll(fd: 0, name: "standard input")
    }

    /// Reads a descriptor to its end, or fails with exit code 2 and a one-line reason.
    static func readAll(fd: Int32, name: String) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ExitWith(code: .usage, message: "survql: cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if n == 0 { return out }
            if out.count + n > maxInputBytes {
                throw ExitWith(code: .usage, message: "survql: cannot read \(name): more than \(maxInputBytes >> 20) MiB of query text")
            }
            out.append(contentsOf: chunk[0..<n])
        }
    }
}

/// Exit codes for every command: 0 success, 1 an error in a query or its data,
/// 2 bad usage or an unreadable file.
enum ExitCode: Int32 {
    case success = 0
    case queryError = 1
    case usage = 2
}
