/// Formats diagnostics the way compilers print them, so terminals and editors can jump to them:
///
///     study.survql:3:14: error: unknown column 'ecgo'; did you mean 'ecog'?
///       3 | survive rwd by ecgo
///         |                ^~~~
///       hint: ...
///
/// Pure string formatting: no terminal, no colour unless asked. Output is bounded whatever the
/// input: a long source line is quoted as a slice of at most `maxQuotedColumns` bytes around the
/// caret (with `...` where it was cut), and a long message or hint is cut at `maxMessageBytes`.
public struct DiagnosticFormatter: Sendable {
    public var color: Bool
    /// The widest slice of a source or data line quoted under a diagnostic.
    public static let maxQuotedColumns = 120
    /// The longest message, hint or note text printed.
    public static let maxMessageBytes = 600
    public init(color: Bool = false) { self.color = color }

    public func format(_ d: Diagnostic) -> String {
        var out = header(d.severity, d.message, d.location)
        out += excerpt(d.location)
        if let hint = d.hint { out += "  hint: \(Self.bounded(hint))\n" }
        for fix in d.fixIts where !fix.message.isEmpty {
            out += "  fix: \(Self.bounded(fix.message))\n"
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

    /// The text cut to `maxMessageBytes` bytes (at a character boundary) with `...` appended,
    /// and with line breaks shown as spaces so one diagnostic stays one header line.
    static func bounded(_ text: String) -> String {
        var t = text
        if t.utf8.count > maxMessageBytes {
            var end = t.utf8.index(t.utf8.startIndex, offsetBy: maxMessageBytes)
            while end > t.startIndex, !t.unicodeScalars.indices.contains(end) { end = t.utf8.index(before: end) }
            t = String(t[..<end]) + "..."
        }
        if t.contains(where: \.isNewline) { t = String(t.map { $0.isNewline ? " " : $0 }) }
        return t
    }

    private func header(_ sev: Severity, _ message: String, _ loc: DiagnosticLocation) -> String {
        let message = Self.bounded(message)
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
            // Take the line's bytes straight from the file, so a huge line costs only its slice.
            let start = file.location(of: range.start)
            let lineStart = start.offset - (start.column - 1)
            var lineEnd = lineStart
            let bytes = file.bytes
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n"), lineEnd - start.offset < Self.maxQuotedColumns { lineEnd += 1 }
            let cutAtEnd = lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n")
            if !cutAtEnd, lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let from = max(lineStart, start.offset - Self.maxQuotedColumns)
            var lineBytes = Array(bytes[from..<max(from, lineEnd)])
            // Mark the cuts made here with a byte that `window` will cut again, so `...` shows.
            if from > lineStart { lineBytes.insert(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: Self.maxQuotedColumns), at: 0) }
            if cutAtEnd { lineBytes.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: Self.maxQuotedColumns)) }
            let caret = start.column - (from - lineStart) + (from > lineStart ? Self.maxQuotedColumns : 0)
            let underlineEnd = max(range.start + 1, min(range.end, lineEnd))
            return gutter(start.line, String(decoding: lineBytes, as: UTF8.self), caretColumn: caret,
                          width: underlineEnd - range.start, lineBytes: lineBytes)
        case let .data(_, l, c, text?):
            let bytes = Array(text.utf8)
            return gutter(l, String(decoding: bytes, as: UTF8.self), caretColumn: c, width: 1, lineBytes: bytes)
        default:
            return ""
        }
    }

    /// The slice of a long line to quote: at most `maxQuotedColumns` bytes starting a little
    /// before the caret, cut at UTF-8 character boundaries; the caret column within it; and
    /// whether text was cut before and after.
    static func window(_ bytes: [UInt8], caretColumn: Int) -> (bytes: [UInt8], caret: Int, cutBefore: Bool, cutAfter: Bool) {
        guard bytes.count > maxQuotedColumns else { return (bytes, caretColumn, false, false) }
        let caret = min(max(0, caretColumn - 1), bytes.count)
        var start = max(0, min(caret - maxQuotedColumns / 3, bytes.count - maxQuotedColumns))
        while start > 0, start < bytes.count, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        var end = min(bytes.count, start + maxQuotedColumns)
        while end < bytes.count, end > start, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return (Array(bytes[start..<end]), caret - start + 1, start > 0, end < bytes.count)
    }

    private func gutter(_ lineNo: Int, _ fullLine: String, caretColumn fullCaret: Int, width fullWidth: Int, lineBytes fullBytes: [UInt8]) -> String {
        let w = Self.window(fullBytes, caretColumn: fullCaret)
        // Control bytes (NUL, escape sequences) are shown as `?`, so quoting never drives the terminal.
        let hasControl = w.bytes.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }
        let lineBytes = hasControl ? w.bytes.map { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F ? UInt8(ascii: "?") : $0 } : w.bytes
        let caretColumn = w.caret
        let width = min(fullWidth, max(1, lineBytes.count - (caretColumn - 1)))
        let before = w.cutBefore ? "..." : ""
        let line = before + (w.cutBefore || w.cutAfter || hasControl ? String(decoding: lineBytes, as: UTF8.self) : fullLine) + (w.cutAfter ? "..." : "")
        let num = String(lineNo)
        let pad = String(repeating: " ", count: num.count)
        // Column is in bytes; count display characters before the caret so it lines up
        // under multi-byte UTF-8 text, and keep tabs as tabs.
        let prefixBytes = Array(lineBytes.prefix(max(0, caretColumn - 1)))
        var lead = w.cutBefore ? "   " : ""
        for ch in String(decoding: prefixBytes, as: UTF8.self) { lead.append(ch == "\t" ? "\t" : " ") }
        let spanBytes = Array(lineBytes.dropFirst(max(0, caretColumn - 1)).prefix(max(1, width)))
        let spanChars = max(1, String(decoding: spanBytes, as: UTF8.self).count)
        let marks = "^" + String(repeating: "~", count: max(0, spanChars - 1))
        return "  \(num) | \(line)\n  \(pad) | \(lead)\(paint(marks, "1;32"))\n"
    }
}
