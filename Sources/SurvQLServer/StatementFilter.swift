import SurvQLSyntax

/// A copy of a source in which only chosen statements remain: every other statement's bytes
/// become spaces (line breaks kept), so offsets, lines and the file's name are unchanged and
/// diagnostics and results point at the same places as in the document.
enum StatementFilter {
    static func file(_ file: SourceFile, keeping keep: (Statement) -> Bool) -> SourceFile {
        let (script, _) = Parser.parse(file)
        var bytes = file.bytes
        for s in script.statements where !keep(s) {
            let lo = max(0, min(s.range.start, bytes.count)), hi = max(lo, min(s.range.end, bytes.count))
            for i in lo..<hi where bytes[i] != UInt8(ascii: "\n") && bytes[i] != UInt8(ascii: "\r") {
                bytes[i] = UInt8(ascii: " ")
            }
        }
        return SourceFile(name: file.name, bytes: bytes)
    }

    /// The statements that overlap `range` (a caret inside or at the end of one selects it).
    static func overlapping(_ range: SourceRange) -> (Statement) -> Bool {
        { s in
            if range.isEmpty { return s.range.start <= range.start && range.start <= s.range.end }
            return s.range.start < range.end && range.start < s.range.end
        }
    }
}
