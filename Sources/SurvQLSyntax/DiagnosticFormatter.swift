/// Formats diagnostics the way compilers print them, so terminals and editors can jump to them:
///
///     study.survql:3:14: error: unknown column 'ecgo'; did you mean 'ecog'?
///       3 | survive rwd by ecgo
///         |                ^~~~
///       hint: ...
///
/// Pure string formatting: no terminal, no colour unless asked.
public struct DiagnosticFormatter: Sendable {
    public var color: Bool
    public init(color: Bool = false) { self.color = color }

    public func format(_ d: Diagnostic) -> String {
        var out = header(d.severity, d.message, d.location)
        out += excerpt(d.location)
        if let hint = d.hint { out += "  hint: \(hint)\n" }
        for fix in d.fixIts where !fix.message.isEmpty {
            out += "  fix: \(fix.message)\n"
        }
        for note in d.notes {
            out += header(.note, note.message, note.location)
            out += excerpt(note.location)
        }
        return out
    }

    public func format(_ ds: [Diagnostic]) -> String { ds.map(format).joined() }

    private func paint(_ s: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    private func header(_ sev: Severity, _ message: String, _ loc: DiagnosticLocation) -> String {
        let sevText: String
        switch sev {
        case .error: sevText = paint("error", "1;31")
        case .warning: sevText = paint("warning", "1;35")
        case .note: sevText = paint("note", "1;36")
        }
        if let (f, l, c) = loc.fileLineColumn {
            return paint("\(f):\(l):\(c):", "1") + " \(sevText): \(message)\n"
        }
        return "\(sevText): \(message)\n"
    }

    private func excerpt(_ loc: DiagnosticLocation) -> String {
        switch loc {
        case let .source(file, range):
            let start = file.location(of: range.start)
            let line = file.lineText(start.line)
            let lineEndOffset = file.offset(line: start.line, column: Array(line.utf8).count + 1)
            let underlineEnd = max(range.start + 1, min(range.end, lineEndOffset))
            return gutter(start.line, line, caretColumn: start.column, width: underlineEnd - range.start, lineBytes: Array(line.utf8))
        case let .data(_, l, c, text?):
            let bytes = Array(text.utf8)
            let shown = bytes.count > 200 ? Array(bytes[0..<200]) : bytes
            return gutter(l, String(decoding: shown, as: UTF8.self), caretColumn: c, width: 1, lineBytes: shown)
        default:
            return ""
        }
    }

    private func gutter(_ lineNo: Int, _ line: String, caretColumn: Int, width: Int, lineBytes: [UInt8]) -> String {
        let num = String(lineNo)
        let pad = String(repeating: " ", count: num.count)
        // Column is in bytes; count display characters before the caret so it lines up
        // under multi-byte UTF-8 text, and keep tabs as tabs.
        let prefixBytes = Array(lineBytes.prefix(max(0, caretColumn - 1)))
        var lead = ""
        for ch in String(decoding: prefixBytes, as: UTF8.self) { lead.append(ch == "\t" ? "\t" : " ") }
        let spanBytes = Array(lineBytes.dropFirst(max(0, caretColumn - 1)).prefix(max(1, width)))
        let spanChars = max(1, String(decoding: spanBytes, as: UTF8.self).count)
        let marks = "^" + String(repeating: "~", count: max(0, spanChars - 1))
        return "  \(num) | \(line)\n  \(pad) | \(lead)\(paint(marks, "1;32"))\n"
    }
}
