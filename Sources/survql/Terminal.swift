#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Process-level I/O helpers. Only the executable touches the terminal and the exit code.
enum Terminal {
    static var stdinIsTTY: Bool { isatty(0) != 0 }
    static var stderrIsTTY: Bool { isatty(2) != 0 }

    /// Colour diagnostics on a terminal unless NO_COLOR is set.
    static var colorDiagnostics: Bool {
        stderrIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    static func writeOut(_ s: String) {
        FileHandle.standardOutput.write(Data(s.utf8))
    }

    static func writeErr(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }

    static func readAllStdin() -> [UInt8] {
        Array(FileHandle.standardInput.readDataToEndOfFile())
    }
}

/// Exit codes for every command: 0 success, 1 an error in a query or its data,
/// 2 bad usage or an unreadable file.
enum ExitCode: Int32 {
    case success = 0
    case queryError = 1
    case usage = 2
}
