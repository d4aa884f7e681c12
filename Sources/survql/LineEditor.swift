import CLibEdit
import Foundation

/// What the TAB key does, as the REPL decides it: replace the bytes from `replaceFrom` to the
/// cursor with `insert`, and/or show `list` (already laid out in lines) under the prompt.
struct TabReply {
    /// Byte offset in the current line where the replaced text starts.
    var replaceFrom: Int
    /// The text that replaces `replaceFrom..<cursor`, or nil to leave the line as it is.
    var insert: String?
    /// Lines to print under the prompt (the candidate list), empty for none.
    var list: [String] = []
    /// The number of candidates in `list`, for the "Display all N possibilities?" question.
    var candidates: Int = 0
}

/// A thin wrapper of libedit's native API (histedit.h): the prompt, emacs or vi keys, Ctrl-R,
/// Alt-Enter for a new line inside an entry, TAB completion through a closure, and a history
/// that is loaded from and written to a file after each entry.
///
/// The C callbacks find this object through EL_CLIENTDATA; nothing global is needed. It is used
/// on the main thread, and by the SIGTERM watcher only once the main thread is blocked in
/// `read` or ending (hence `@unchecked Sendable`).
final class LineEditor: @unchecked Sendable {
    private let el: OpaquePointer
    private let history: OpaquePointer
    private var promptPointer: UnsafeMutablePointer<CChar>
    /// The history file, or nil when history is disabled (`SURVQL_HISTORY=`).
    let historyPath: String?
    /// Answers TAB: the current line (UTF-8) and the cursor's byte offset in it.
    var onTab: ((String, Int) -> TabReply?)?
    /// The number of terminal rows, for asking before a list longer than the screen.
    var screenRows: () -> Int = { 24 }

    /// The prompt shown by the next `readLine()`.
    var prompt: String {
        didSet {
            free(promptPointer)
            promptPointer = strdup(prompt)
        }
    }

    /// Opens the editor on the process's terminal. The locale is set first so that libedit keeps
    /// non-ASCII bytes (it drops them in the C locale).
    init(prompt: String, historyPath: String?, historySize: Int = 1000) {
        survql_setup_locale()
        self.prompt = prompt
        self.promptPointer = strdup(prompt)
        self.historyPath = historyPath
        el = el_init("survql", survql_stdin(), survql_stdout(), survql_stderr())
        history = history_init()
        _ = survql_history_setsize(history, Int32(historySize))
        _ = survql_history_setunique(history, 1)
        _ = survql_el_set_hist(el, history)
        _ = survql_el_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
        _ = survql_el_set_prompt(el, { el in
            guard let el, let data = survql_el_get_clientdata(el) else { return nil }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().promptPointer
        })
        // libedit restores the terminal, resizes on SIGWINCH and passes signals on to ours.
        _ = survql_el_set_signal(el, 1)
        _ = survql_el_addfn(el, "survql-complete", "complete the word at the cursor", { el, _ in
            guard let el, let data = survql_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().complete()
        })
        _ = survql_el_addfn(el, "survql-newline", "insert a new line in the entry", { el, _ in
            guard let el else { return UInt8(CC_ERROR) }
            _ = el_insertstr(el, "\n")
            return UInt8(CC_REFRESH)
        })
        setEditing(vi: false)
        // The user's ~/.editrc (e.g. `bind -v`) comes last and wins; a `bind -v` there resets
        // the key maps, so TAB and Ctrl-R are bound again for the editor it chose.
        if el_source(el, nil) == 0 { bindKeys() }
        if let historyPath { _ = survql_history_load(history, historyPath) }
    }

    deinit {
        history_end(history)
        el_end(el)
        free(promptPointer)
    }

    /// Emacs (default) or vi key bindings; our own bindings are set again after the switch
    /// because libedit resets the key maps.
    func setEditing(vi: Bool) {
        _ = survql_el_set_editor(el, vi ? "vi" : "emacs")
        bindKeys()
    }

    /// Whether the vi key bindings are on.
    var isVi: Bool {
        guard let mode = survql_el_get_editor(el) else { return false }
        return String(cString: mode) == "vi"
    }

    /// TAB completes and Ctrl-R searches back in both editors; Alt-Enter inserts a newline in
    /// emacs mode only, since in vi's insert mode ESC must switch to command mode at once.
    private func bindKeys() {
        _ = survql_el_bind(el, "^I", "survql-complete")
        _ = survql_el_bind(el, "^R", "em-inc-search-prev")
        if !isVi {
            _ = survql_el_bind(el, "\\e\\r", "survql-newline")
            _ = survql_el_bind(el, "\\e\\n", "survql-newline")
        }
    }

    /// What `readLine()` got.
    enum Input {
        case line(String)
        /// Ctrl-C (or another signal) interrupted the line.
        case interrupted
        /// Ctrl-D on an empty line.
        case endOfFile
    }

    /// Reads one line (which may hold newlines inserted with Alt-Enter or recalled from history),
    /// without its final newline.
    func readLine() -> Input {
        var count: Int32 = 0
        errno = 0
        guard let p = el_gets(el, &count) else {
            if count < 0 || errno == EINTR {
                el_reset(el)
                return .interrupted
            }
            return .endOfFile
        }
        if count == 0 { return .endOfFile }
        var s = String(cString: p)
        if s.hasSuffix("\n") { s.removeLast() }
        return .line(s)
    }

    /// Adds one entry (a whole multi-line statement) to the history and writes the file, so a
    /// crash or a kill loses nothing. libedit drops an entry equal to the one before it.
    func addHistory(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        _ = survql_history_enter(history, entry)
        saveHistory()
    }

    /// Writes the history file (libedit's `_HiStOrY_V2_` format), when history is on.
    func saveHistory() {
        guard let historyPath else { return }
        _ = survql_history_save(history, historyPath)
    }

    /// Puts the terminal back in its normal mode (libedit may have left it raw).
    func restoreTerminal() { el_reset(el) }

    /// Tells libedit the window changed size.
    func resize() { el_resize(el) }

    // MARK: TAB

    private func complete() -> UInt8 {
        guard let info = el_line(el)?.pointee, let onTab else { return UInt8(CC_ERROR) }
        let length = info.lastchar - info.buffer
        let cursor = info.cursor - info.buffer
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: length)
        let line = String(decoding: bytes, as: UTF8.self)
        guard let reply = onTab(line, cursor) else { return UInt8(CC_REFRESH_BEEP) }
        if let insert = reply.insert {
            let replaced = Array(bytes[min(reply.replaceFrom, cursor)..<cursor])
            let characters = String(decoding: replaced, as: UTF8.self).unicodeScalars.count
            if characters > 0 { el_deletestr(el, Int32(characters)) }
            _ = el_insertstr(el, insert)
        }
        if reply.list.isEmpty { return UInt8(CC_REFRESH) }
        Terminal.writeOut("\n")
        if reply.list.count > max(1, screenRows() - 2) {
            Terminal.writeOut(ReplMessages.showAll(reply.candidates))
            var c: CChar = 0
            let n = el_getc(el, &c)
            Terminal.writeOut("\n")
            if n <= 0 || (c != 0x79 && c != 0x59) { return UInt8(CC_REDISPLAY) }
        }
        Terminal.writeOut(reply.list.joined(separator: "\n") + "\n")
        return UInt8(CC_REDISPLAY)
    }
}
