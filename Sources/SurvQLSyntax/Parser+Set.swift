extension Parser {
    /// Joins a hyphenated bare word (`log-log`) that the lexer split into name, '-', name.
    mutating func glueHyphenated(_ lit: Literal) -> Literal {
        guard case let .string(s) = lit.value, lit.spelling == s else { return lit }
        var text = s
        var range = lit.range
        while current.kind == .minus, current.range.start == range.end,
              peek().kind == .identifier || peek().keyword != nil, peek().range.start == current.range.end {
            advance()
            let w = advance()
            text += "-" + w.text
            range = range.union(w.range)
        }
        return Literal(value: .string(text), spelling: text, range: range)
    }
}
