/// The canonical layout of SurvQL source (`survql fmt`, the language server's formatting).
///
/// Layout: one statement per line (statements joined by `;` are split); keywords in lower
/// case; single spaces between tokens, none inside parentheses, before `,`, around `::` and `|`
/// of gene lists, or after the `-` of a negative number; `==` written `=` and `<>` written `!=`;
/// a statement longer than `maxWidth` columns is broken before each of its clause keywords (as
/// the parser lists them for that verb), continuation lines indented by four spaces. Comments
/// stay where they were: a comment after code stays at the end of that line (one space before
/// it), a comment on its own line stays on its own line; blank lines between statements are
/// collapsed to at most one, and the text ends with one newline.
///
/// Formatting never changes meaning: it works on the lexer's tokens, with the parser's tree
/// saying which keywords are used as names (those keep their spelling), and only places line
/// breaks where the lexer continues the statement (before a clause keyword, or after a comment
/// that already ended a line of the statement). A statement with an error, or any bytes that
/// form no token, is kept exactly as written. The result is idempotent.
public enum Formatter {
    /// The width past which a statement is broken before its clause keywords.
    public static let maxWidth = 120
    /// The indentation of continuation lines.
    public static let indent = "    "

    /// The formatted text of `file`.
    public static func format(_ file: SourceFile) -> String {
        format(file, script: Parser.parse(file).script)
    }

    /// The formatted text of `file`, whose tree the caller has already parsed.
    public static func format(_ file: SourceFile, script: Script) -> String {
        var f = Layout(file: file, script: script)
        return f.run()
    }

    /// The formatted text of a source text.
    public static func format(_ text: String, name: String = "<text>") -> String {
        format(SourceFile(name: name, text: text))
    }
}

/// One pass of the formatter over a file's tokens.
private struct Layout {
    let file: SourceFile
    let tokens: [Token]
    /// For each token, true when it lies inside a name or literal of the tree (a keyword used as
    /// a column or a bare `set` value): its spelling is kept.
    var protected: [Bool]
    /// Statements of the tree by the offset of their first token.
    var statements: [Int: Statement] = [:]
    var out: [String] = []

    init(file: SourceFile, script: Script) {
        self.file = file
        self.tokens = Lexer.tokenize(file, includeComments: true).tokens
        var ranges: [SourceRange] = []
        for s in script.statements {
            statements[s.range.start] = s
            Layout.collect(.statement(s), into: &ranges)
        }
        ranges.sort { $0.start < $1.start }
        protected = [Bool](repeating: false, count: tokens.count)
        var k = 0
        for (i, t) in tokens.enumerated() {
            while k < ranges.count, ranges[k].end <= t.range.start { k += 1 }
            // Ranges of names and literals do not overlap, so the first not yet passed decides.
            if k < ranges.count, ranges[k].start <= t.range.start, t.range.start < ranges[k].end { protected[i] = true }
        }
    }

    static func collect(_ node: SyntaxNode, into ranges: inout [SourceRange]) {
        switch node {
        case let .name(n): ranges.append(n.range)
        case let .literal(l): ranges.append(l.range)
        default: for c in node.children { collect(c, into: &ranges) }
        }
    }

    /// A statement's tokens (from its first token to before its separator), or a comment on a
    /// line of its own between statements.
    enum Item {
        case statement(Range<Int>)
        case comment(Int, trailing: Bool)
    }

    mutating func run() -> String {
        var items: [(Item, blankBefore: Bool)] = []
        var chunkStart: Int? = nil
        var newlines = 0
        func close(_ end: Int) {
            if let s = chunkStart {
                // Leave out newlines at the end of the chunk (the separator search stops at them).
                var e = end
                while e > s, tokens[e - 1].kind == .newline { e -= 1 }
                items[items.count - 1].0 = .statement(s..<e)
            }
            chunkStart = nil
        }
        for (i, t) in tokens.enumerated() {
            switch t.kind {
            case .endOfFile:
                close(i)
            case .newline:
                // One token may cover several line breaks (blank lines).
                newlines += file.bytes[t.range.start..<t.range.end].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
                if t.isSeparator { close(i) }
            case .semicolon where chunkStart != nil:
                close(i)
                newlines = 0
            case .semicolon:
                newlines = 0
            case .comment where chunkStart == nil:
                items.append((.comment(i, trailing: newlines == 0 && !items.isEmpty), newlines >= 2))
                newlines = 0
            default:
                if chunkStart == nil {
                    chunkStart = i
                    items.append((.statement(i..<i), newlines >= 2))
                }
                newlines = 0
            }
        }
        var lines: [String] = []
        for (n, (item, blank)) in items.enumerated() {
            switch item {
            case let .comment(i, trailing):
                let text = commentText(i)
                if trailing, !lines.isEmpty {
                    lines[lines.count - 1] += " " + text
                    continue
                }
                if blank && n > 0 { lines.append("") }
                lines.append(text)
            case let .statement(r):
                if blank && n > 0 { lines.append("") }
                lines.append(contentsOf: statementLines(r))
            }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    func commentText(_ i: Int) -> String {
        var s = Substring(file.text(in: tokens[i].range))
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
        return String(s)
    }

    /// The lines of one statement: formatted, or exactly as written when it has an error.
    func statementLines(_ r: Range<Int>) -> [String] {
        guard let first = r.first else { return [] }
        let start = tokens[first].range.start
        let stmt = statements[start]
        let bad = stmt == nil || stmt!.hasError || tokens[r].contains { $0.kind == .invalid }
        if bad {
            let end = tokens[r.upperBound - 1].range.end
            return [file.text(in: SourceRange(start: start, end: end))]
        }
        let clauses = Set(ParserMessage.clauseKeywords(for: stmt!.kind) + (stmt!.verbKeyword == .let ? [.where] : []))
        let code = r.filter { tokens[$0].kind != .newline && tokens[$0].kind != .comment }
        var oneLine = 0
        for (k, i) in code.enumerated() {
            oneLine += spelling(i).utf8.count + (k > 0 && space(code[k - 1], i) ? 1 : 0)
        }
        let long = oneLine > Formatter.maxWidth
        var lines: [String] = []
        var line = ""
        var prevCode: Int? = nil
        var afterComment = false
        var sawNewline = false
        var depth = 0
        for i in r {
            let t = tokens[i]
            switch t.kind {
            case .newline:
                sawNewline = true
                continue
            case .comment:
                if sawNewline && !line.isEmpty && line != Formatter.indent {
                    lines.append(line)
                    line = Formatter.indent
                }
                line += (line.isEmpty || line == Formatter.indent ? "" : " ") + commentText(i)
                afterComment = true
                sawNewline = false
                continue
            default:
                break
            }
            let breakHere = afterComment
                || (long && prevCode != nil && depth == 0 && !protected[i] && t.keyword.map(clauses.contains) == true)
            if breakHere {
                if line != Formatter.indent { lines.append(line) }
                line = Formatter.indent
            } else if let p = prevCode, space(p, i), line != Formatter.indent {
                line += " "
            }
            line += spelling(i)
            if t.kind == .leftParen { depth += 1 }
            if t.kind == .rightParen { depth = max(0, depth - 1) }
            prevCode = i
            afterComment = false
            sawNewline = false
        }
        if !line.isEmpty && line != Formatter.indent { lines.append(line) }
        return lines
    }

    /// A token's canonical spelling.
    func spelling(_ i: Int) -> String {
        let t = tokens[i]
        switch t.kind {
        case .keyword: return protected[i] ? t.text : t.text.lowercased()
        case .equal: return "="
        case .notEqual: return "!="
        default: return file.text(in: t.range)
        }
    }

    static func wordLike(_ t: Token) -> Bool {
        switch t.kind {
        case .identifier: return !t.isQuotedName
        case .keyword, .number, .minus: return true
        default: return false
        }
    }

    /// Whether a space goes between two consecutive code tokens.
    func space(_ a: Int, _ b: Int) -> Bool {
        let x = tokens[a], y = tokens[b]
        // A bare word the parser glued (`log-log`, `matchit-4.5.1`) stays glued.
        if x.range.end == y.range.start, Layout.wordLike(x), Layout.wordLike(y) { return false }
        switch y.kind {
        case .comma, .rightParen, .pipe: return false
        case .colonColon: return x.keyword == .fusion && !protected[a]
        default: break
        }
        switch x.kind {
        case .leftParen, .pipe, .colonColon: return false
        case .minus: return y.kind != .number
        default: return true
        }
    }
}

extension Statement {
    /// The verb keyword of the statement, nil for `.error`.
    var verbKeyword: Keyword? {
        Keyword(rawValue: verb)
    }
}
