import SurvQLSyntax

/// Token-level facts that hold even when the text does not parse: comments (which the lexer
/// skips), the token at an offset, and the statement around an offset.
enum TokenScan {
    /// The ranges of `--` comments, which lie in the gaps between tokens (each runs to the end
    /// of its line).
    static func comments(in file: SourceFile, tokens: [Token]) -> [SourceRange] {
        let b = file.bytes
        var out: [SourceRange] = []
        var gapStart = 0
        func scan(_ from: Int, _ to: Int) {
            var i = from
            while i + 1 < to {
                if b[i] == 45 && b[i + 1] == 45 {
                    var j = i
                    while j < b.count && b[j] != 10 { j += 1 }
                    out.append(SourceRange(start: i, end: j))
                    i = j
                } else {
                    i += 1
                }
            }
        }
        for t in tokens {
            scan(gapStart, t.range.start)
            gapStart = t.range.end
        }
        scan(gapStart, b.count)
        return out
    }

    /// The index of the token that a cursor at `offset` is in or just after (a name, keyword or
    /// number ending at `offset` counts), nil when the cursor is in blank space.
    static func wordIndex(at offset: Int, in tokens: [Token]) -> Int? {
        for (i, t) in tokens.enumerated() where t.range.start < offset && offset <= t.range.end {
            switch t.kind {
            case .identifier, .keyword, .number: return i
            default: if t.range.contains(offset) { return i }
            }
        }
        return nil
    }

    /// The index of the first token of the statement holding position `index` (after the last
    /// statement separator before it).
    static func statementStart(before index: Int, in tokens: [Token]) -> Int {
        var i = index - 1
        while i >= 0 {
            let t = tokens[i]
            if t.kind == .semicolon || (t.kind == .newline && t.isSeparator) { return i + 1 }
            i -= 1
        }
        return 0
    }
}
