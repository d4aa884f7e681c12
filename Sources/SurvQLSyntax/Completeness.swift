/// Whether a text typed so far (a REPL entry) is finished, for the REPL's continuation prompt
/// (SQLite's `sqlite3_complete`). It asks the lexer, not the parser: a finished statement with
/// a mistake is complete (running it reports the mistake), an unfinished one is not.
public enum Completeness {
    /// False when the text is visibly unfinished: an open parenthesis, an unterminated string
    /// or backtick name, a last token that needs more (a comma, an operator, or a keyword other
    /// than those that may end a statement: the same rule that continues a statement on the next
    /// line in a file), or a trailing backslash. True otherwise; an empty or comment-only text is
    /// complete.
    public static func isComplete(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == 32 || last == 9 || last == 10 || last == 13 { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\\") { return false }
        let file = SourceFile(name: "<entry>", bytes: bytes)
        let (tokens, diagnostics) = Lexer.tokenize(file)
        if diagnostics.contains(where: { $0.id == "lex.unterminatedString" || $0.id == "lex.unterminatedName" }) {
            // Only an open quote at the end continues; one closed by the end of its line is a mistake.
            if let open = tokens.last(where: { $0.kind == .invalid }),
               let first = bytes[safe: open.range.start], first == 34 || first == 39 || first == 96,
               !bytes[open.range.start...].contains(10) {
                return false
            }
        }
        var depth = 0
        var last: Token? = nil
        for t in tokens {
            switch t.kind {
            case .leftParen: depth += 1
            case .rightParen: depth = max(0, depth - 1)
            case .semicolon: depth = 0
            case .newline where t.isSeparator: depth = 0
            default: break
            }
            if t.kind != .newline && t.kind != .endOfFile { last = t }
        }
        if depth > 0 { return false }
        if let last, Lexer.needsContinuation(last) { return false }
        return true
    }
}

private extension Array {
    subscript(safe i: Int) -> Element? { i >= 0 && i < count ? self[i] : nil }
}
