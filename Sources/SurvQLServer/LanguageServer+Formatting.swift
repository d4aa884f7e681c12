import SurvQLRendering
import SurvQLSyntax

/// Formatting with the syntax layer's formatter (the same text as `survql fmt`), answered as
/// the changed runs of lines; range formatting keeps the runs that touch the range.
extension LanguageServer {
    func formatting(_ r: Request, range: Bool) throws -> JSONValue {
        let snap = try documents.snapshot(try r.uri)
        let enc = encoding
        let file = snap.file
        let formatted = Formatter.format(file)
        let original = file.text
        let old = LineDiff.lines(original[...]), new = LineDiff.lines(formatted[...])
        var hunks = LineDiff.hunks(old, new)
        if range {
            guard let want = LSPConvert.range(r.params["range"]) else { throw RPCError.invalidParams(ServerMessages.missingParam("range")) }
            let lo = want.start.line, hi = max(want.start.line, want.end.character == 0 && want.end.line > lo ? want.end.line - 1 : want.end.line)
            hunks = hunks.filter { h in h.old.isEmpty ? (lo...hi + 1).contains(h.old.lowerBound) : h.old.lowerBound <= hi && lo < h.old.upperBound }
        }
        // Byte offsets of the old lines (the text was decoded from `file.bytes`; invalid UTF-8
        // is left alone: the formatter's output for it would not round-trip).
        guard file.text.utf8.count == file.bytes.count else { return .array([]) }
        var starts: [Int] = [0]
        for l in old { starts.append(starts[starts.count - 1] + l.utf8.count) }
        let edits: [JSONValue] = hunks.map { h in
            let span = SourceRange(start: starts[h.old.lowerBound], end: starts[h.old.upperBound])
            return LSPConvert.edit(span, new[h.new].joined(), in: file, enc)
        }
        guard documents.isCurrent(snap) else { throw RPCError.contentModified }
        return .array(edits)
    }
}
