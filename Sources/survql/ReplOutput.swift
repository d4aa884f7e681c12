import CLibEdit
import Foundation

/// Where the REPL's results go: the terminal (fitted to its width, through the pager when they
/// do not fit) or a file chosen with `.output FILE`.
final class ReplOutput {
    private var file: FileHandle?
    private(set) var filePath: String?

    /// Whether results may use colour: a terminal that is not dumb, and NO_COLOR unset.
    func colour(bypassingFile: Bool = false) -> Bool {
        let env = ProcessInfo.processInfo.environment
        return (bypassingFile || file == nil) && isatty(1) != 0 && env["NO_COLOR"] == nil && env["TERM"].map { $0 != "dumb" && !$0.isEmpty } ?? false
    }

    static var columns: Int { let c = Int(survql_term_columns(1)); return c > 0 ? c : 80 }
    static var rows: Int { let r = Int(survql_term_rows(1)); return r > 0 ? r : 24 }

    /// Sends results to `path` (created or truncated).
    func redirect(to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        filePath = path
    }

    /// Sends results to the terminal again.
    func restore() {
        try? file?.close()
        file = nil
        filePath = nil
    }

    /// Writes text as is (JSON and CSV lines, messages); `bypassingFile` for what dot-commands
    /// show, which always goes to the terminal.
    func write(_ text: String, bypassingFile: Bool = false) {
        if let file, !bypassingFile { file.write(Data(text.utf8)) } else { Terminal.writeOut(text) }
    }

    /// Writes a text table fitted to the terminal: wider than the screen goes through the pager,
    /// vertically or as is (`set wide`); longer than the screen goes through the pager (unless
    /// `set pager off`, or `forcePager` for `.last`).
    func show(table text: String, settings: ReplSettings, forcePager: Bool = false, bypassingFile: Bool = false) {
        guard (bypassingFile || file == nil) && isatty(1) != 0 else { return write(text, bypassingFile: bypassingFile) }
        let width = ReplOutput.columns
        var text = text
        let widest = text.split(separator: "\n").map(\.count).max() ?? 0
        if widest > width {
            switch settings.wide {
            case .vertical: text = VerticalLayout.render(text, width: width)
            case .pager: if settings.pager && Pager.show(text) { return }
            case .wrap: break
            }
        }
        let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
        if settings.pager && (forcePager || lineCount > ReplOutput.rows - 2) && Pager.show(text) { return }
        write(text.hasSuffix("\n") ? text : text + "\n", bypassingFile: bypassingFile)
    }
}
