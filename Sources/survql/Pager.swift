import Foundation

/// Shows text through the user's pager (`$PAGER`, default `less -SRFX`: sideways scrolling,
/// colours kept, quit at once when the text fits, no screen clearing).
enum Pager {
    /// The pager command, or nil when its program is not installed.
    static var command: String? {
        let env = ProcessInfo.processInfo.environment["PAGER"]
        let cmd = (env?.isEmpty == false ? env! : "less -SRFX")
        guard let program = cmd.split(separator: " ").first.map(String.init) else { return nil }
        return Pager.isExecutable(program) ? cmd : nil
    }

    /// Pipes `text` into the pager and waits for it; false when no pager could run.
    static func show(_ text: String) -> Bool {
        guard let cmd = command, let pipe = popen(cmd, "w") else { return false }
        _ = text.withCString { fputs($0, pipe) }
        pclose(pipe)
        return true
    }

    /// Whether `program` names an executable, directly or through PATH.
    static func isExecutable(_ program: String) -> Bool {
        if program.contains("/") { return access(program, X_OK) == 0 }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
    }
}
