extension Parser {
    /// Joins a bare word that the lexer split at `-` or `.` into one value: `log-log`
    /// (name, '-', name) and `matchit-4.5.1` (name, '-', number 4.5, number .1). Only tokens
    /// written with no space between them are joined; the value is their source text.
    mutating func glueHyphenated(_ lit: Literal) -> Literal {
        guard case let .string(s) = lit.value, lit.spelling == s else { return lit }
        var range = lit.range
        func joinable(_ t: Token) -> Bool {
            switch t.kind {
            case .identifier, .keyword, .number, .minus: return !t.isQuotedName
            default: return false
            }
        }
        // A '-' must be followed by a word or number written against it.
        while current.range.start == range.end, joinable(current),
              current.kind != .minus || (joinable(peek()) && peek().kind != .minus && peek().range.start == current.range.end) {
            range = range.union(advance().range)
        }
        if range == lit.range { return lit }
        let text = file.text(in: range)
        return Literal(value: .string(text), spelling: text, range: range)
    }
}
