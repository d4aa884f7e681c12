/// Turns SurvQL source bytes into tokens.
///
/// The lexer never fails: bytes that form no token become `.invalid` tokens with a diagnostic,
/// and it always makes progress, so any input (including invalid UTF-8) terminates.
///
/// Lexical rules:
/// - `--` starts a comment that runs to the end of the line.
/// - Names: a letter or `_` (or a multi-byte UTF-8 letter), then letters, digits, `_` and `.`;
///   matched against `Keyword` case-insensitively. `` `any text` `` is a name, never a keyword.
/// - Numbers: digits with an optional fraction and exponent (`10`, `0.2`, `1e-3`).
/// - Strings: `"..."` or `'...'` with `\"`, `\'`, `\\`, `\n`, `\t` escapes, on one line.
/// - Operators: `, ; ( ) = == != <> < <= > >= | :: -`.
/// - Newlines are tokens (one token for a run of blank lines); `markSeparators` decides which
///   of them end a statement.
/// - A run of bytes that form no token (NULs, control characters, invalid UTF-8) is one
///   `.invalid` token with one diagnostic, however long the run.
///
/// Every token keeps its byte range. Comments are skipped unless the lexer is asked to keep
/// them (`includeComments`), for the formatter and semantic highlighting; kept comments are
/// `.comment` tokens that `markSeparators` ignores, so keeping them never changes which
/// newlines end a statement. Lexing is linear in the input.
public struct Lexer {
    public let file: SourceFile
    private let b: [UInt8]
    private var i = 0
    /// When true, `next()` returns comments as `.comment` tokens instead of skipping them.
    public var includeComments = false
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: SourceFile, includeComments: Bool = false) {
        self.file = file
        self.b = file.bytes
        self.includeComments = includeComments
    }

    /// Lexes the whole file. The last token is always `.endOfFile`. With `includeComments`,
    /// each `-- ...` comment is a `.comment` token (its text without the line terminator).
    public static func tokenize(_ file: SourceFile, includeComments: Bool = false) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file: file, includeComments: includeComments)
        var tokens: [Token] = []
        while true {
            let t = lexer.next()
            tokens.append(t)
            if t.kind == .endOfFile { break }
        }
        markSeparators(&tokens)
        return (tokens, lexer.diagnostics)
    }

    /// The index of the token whose range contains `offset` (binary search in `tokens`, which
    /// must be in source order as `tokenize` returns them), or nil when the offset falls in
    /// whitespace. An offset at the very end of a token (a cursor just after it) finds that
    /// token when no token starts there.
    public static func tokenIndex(in tokens: [Token], at offset: Int) -> Int? {
        var lo = 0, hi = tokens.count
        // First token whose end is > offset.
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[mid].range.end > offset { hi = mid } else { lo = mid + 1 }
        }
        if lo < tokens.count, tokens[lo].range.start <= offset, tokens[lo].range.end > offset, tokens[lo].kind != .endOfFile {
            return lo
        }
        // A cursor right after a token (`surv|`).
        var k = lo - 1
        while k >= 0, tokens[k].kind == .endOfFile { k -= 1 }
        if k >= 0, tokens[k].range.end == offset, tokens[k].kind != .newline {
            return k
        }
        return nil
    }

    private func peek(_ k: Int = 0) -> UInt8? {
        i + k < b.count ? b[i + k] : nil
    }

    private static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }

    private static func isIdentContinue(_ c: UInt8) -> Bool {
        isIdentStart(c) || (c >= 48 && c <= 57) || c == 46
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// True for an ASCII byte that can start a token or separate tokens; every other byte
    /// (control characters, `+`, `&`, `\\`, ...) belongs to a run of unusable bytes.
    private static let tokenStarts: [Bool] = (0..<256).map { v in
        let d = UInt8(v)
        return d < 0x80 && (d == 10 || d == 32 || d == 9 || d == 13 || isIdentStart(d) || isDigit(d)
                            || "\",;()=<>|:-'`!".utf8.contains(d))
    }

    private static func startsToken(_ c: UInt8) -> Bool { tokenStarts[Int(c)] }

    /// Length of a valid UTF-8 multi-byte sequence at `j`, or 0 when the bytes there are invalid.
    private func utf8SequenceLength(at j: Int) -> Int {
        let c = b[j]
        let n: Int
        if c & 0xE0 == 0xC0 { n = 2 } else if c & 0xF0 == 0xE0 { n = 3 } else if c & 0xF8 == 0xF0 { n = 4 } else { return 0 }
        if c == 0xC0 || c == 0xC1 || c > 0xF4 { return 0 }
        guard j + n <= b.count else { return 0 }
        for k in 1..<n where b[j + k] & 0xC0 != 0x80 { return 0 }
        return n
    }

    private func text(_ s: Int, _ e: Int) -> String {
        String(decoding: b[s..<e], as: UTF8.self)
    }

    private mutating func make(_ kind: TokenKind, _ start: Int) -> Token {
        Token(kind: kind, range: SourceRange(start: start, end: i), text: text(start, i))
    }

    private mutating func error(_ id: String, _ message: String, _ range: SourceRange, hint: String? = nil) {
        diagnostics.append(Diagnostic(id, .error, message, file: file, range: range, hint: hint))
    }

    private mutating func error(_ m: ParserMessage, _ range: SourceRange, fixIts: [FixIt] = []) {
        diagnostics.append(Diagnostic(m.id, .error, m.text, file: file, range: range, hint: m.hint, fixIts: fixIts))
    }

    /// `word` with a space on each side where the neighbouring bytes are not blank, to replace
    /// the bytes of `range` (`a&&b` becomes `a and b`).
    private func spaced(_ word: String, replacing range: SourceRange) -> String {
        func blank(_ j: Int) -> Bool { j < 0 || j >= b.count || b[j] == 32 || b[j] == 9 || b[j] == 10 || b[j] == 13 }
        return (blank(range.start - 1) ? "" : " ") + word + (blank(range.end) ? "" : " ")
    }

    /// Returns the next token.
    public mutating func next() -> Token {
        // Skip blanks and comments.
        while let c = peek() {
            if c == 32 || c == 9 || c == 13 || c == 12 || c == 11 { i += 1; continue }
            if c == 45, peek(1) == 45 {  // -- comment
                let start = i
                while let d = peek(), d != 10 { i += 1 }
                if includeComments {
                    var end = i
                    if end > start, b[end - 1] == 13 { end -= 1 }
                    return Token(kind: .comment, range: SourceRange(start: start, end: end), text: text(start, end))
                }
                continue
            }
            break
        }
        let start = i
        guard let c = peek() else {
            return Token(kind: .endOfFile, range: .at(b.count), text: "")
        }
        switch c {
        case 10:
            // One token for a run of line breaks (blank lines, and comment lines when comments
            // are skipped): a file of 10^8 blank lines makes one token, not 10^8.
            i += 1
            var end = i
            while let d = peek() {
                if d == 32 || d == 9 || d == 13 || d == 12 || d == 11 { i += 1; continue }
                if d == 10 { i += 1; end = i; continue }
                if d == 45, peek(1) == 45, !includeComments {
                    while let e = peek(), e != 10 { i += 1 }
                    continue
                }
                break
            }
            i = end
            return Token(kind: .newline, range: SourceRange(start: start, end: end), text: "\n")
        case 44: i += 1; return make(.comma, start)
        case 59: i += 1; return make(.semicolon, start)
        case 40: i += 1; return make(.leftParen, start)
        case 41: i += 1; return make(.rightParen, start)
        case 124:  // | (gene lists); || is SQL's or
            if peek(1) == 124 {
                i += 2
                let t = make(.invalid, start)
                error(.foreignOperator("||", "or"), t.range,
                      fixIts: [FixIt(message: "replace '||' with 'or'", range: t.range, replacement: spaced("or", replacing: t.range))])
                return t
            }
            i += 1; return make(.pipe, start)
        case 45: i += 1; return make(.minus, start)
        case 61:  // = or ==
            i += 1
            if peek() == 61 { i += 1 }
            return make(.equal, start)
        case 33:  // !=
            if peek(1) == 61 { i += 2; return make(.notEqual, start) }
            i += 1
            let t = make(.invalid, start)
            error("lex.unexpectedCharacter", "unexpected character '!'", t.range, hint: "use 'not' to negate a condition, '!=' for 'not equal'")
            return t
        case 60:  // < <= <>
            i += 1
            if peek() == 61 { i += 1; return make(.lessEqual, start) }
            if peek() == 62 { i += 1; return make(.notEqual, start) }
            return make(.less, start)
        case 62:
            i += 1
            if peek() == 61 { i += 1; return make(.greaterEqual, start) }
            return make(.greater, start)
        case 58:  // ::
            if peek(1) == 58 { i += 2; return make(.colonColon, start) }
            i += 1
            let t = make(.invalid, start)
            error("lex.unexpectedCharacter", "unexpected character ':'", t.range, hint: "fusions are written with two colons: fusion EML4::ALK")
            return t
        case 34, 39:
            return lexString(quote: c)
        case 96:
            return lexQuotedName()
        default:
            break
        }
        if Lexer.isDigit(c) || (c == 46 && peek(1).map(Lexer.isDigit) == true) {
            return lexNumber()
        }
        if Lexer.isIdentStart(c) || (c >= 0x80 && utf8SequenceLength(at: i) > 0) {
            return lexName()
        }
        // Anything else: group a run of unusable bytes into one invalid token (and so one
        // diagnostic), however long: a file of NUL bytes is one mistake, not one per byte.
        while let d = peek(), !Lexer.startsToken(d) {
            if d >= 0x80, utf8SequenceLength(at: i) > 0 { break }
            i += 1
        }
        if i == start { i += 1 }
        var t = make(.invalid, start)
        if t.text == "&&" || t.text == "&" {
            error(.foreignOperator(t.text, "and"), t.range,
                  fixIts: [FixIt(message: "replace '\(t.text)' with 'and'", range: t.range, replacement: spaced("and", replacing: t.range))])
            return t
        }
        if t.text == "+" {
            error(.plusOperator, t.range)
            return t
        }
        if t.range.length > 64 { t.text = "" }
        let shown = !t.text.isEmpty && t.text.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value != 0xFFFD && $0.value < 0x7F }
            ? "'\(t.text)'" : "bytes"
        error("lex.unexpectedCharacter", "unexpected \(shown) in query", t.range,
              hint: "SurvQL statements use names, numbers, quoted strings and the operators , ; ( ) = != < <= > >= | :: -")
        return t
    }

    private mutating func lexName() -> Token {
        let start = i
        while let c = peek() {
            if c < 0x80 {
                if Lexer.isIdentContinue(c) { i += 1 } else { break }
            } else {
                let n = utf8SequenceLength(at: i)
                if n == 0 { break }
                i += n
            }
        }
        // A trailing dot is not part of a name (`x.` then something else).
        while i > start + 1, b[i - 1] == 46 { i -= 1 }
        var t = make(.identifier, start)
        if let k = Keyword(rawValue: t.text.lowercased()) {
            t.kind = .keyword(k)
        }
        return t
    }

    private mutating func lexQuotedName() -> Token {
        let start = i
        i += 1
        while let c = peek(), c != 96, c != 10 { i += 1 }
        if peek() == 96 {
            i += 1
            var t = Token(kind: .identifier, range: SourceRange(start: start, end: i), text: text(start + 1, i - 1))
            t.isQuotedName = true
            if t.text.isEmpty {
                error("lex.emptyName", "empty quoted name", t.range)
                t.kind = .invalid
            }
            return t
        }
        var t = make(.invalid, start)
        t.text = text(start + 1, i)
        error("lex.unterminatedName", "unterminated quoted name", SourceRange(start: start, end: start + 1),
              hint: "close the name with a backtick (`)")
        return t
    }

    private mutating func lexNumber() -> Token {
        let start = i
        while let c = peek(), Lexer.isDigit(c) { i += 1 }
        if peek() == 46, let d = peek(1), Lexer.isDigit(d) {
            i += 1
            while let c = peek(), Lexer.isDigit(c) { i += 1 }
        } else if peek() == 46, i > start, !(peek(1).map(Lexer.isIdentStart) ?? false) {
            i += 1  // "10." is 10
        }
        if let e = peek(), e == 101 || e == 69 {
            var j = i + 1
            if j < b.count, b[j] == 43 || b[j] == 45 { j += 1 }
            if j < b.count, Lexer.isDigit(b[j]) {
                i = j
                while let c = peek(), Lexer.isDigit(c) { i += 1 }
            }
        }
        // A number glued to letters (`12mo`) is one bad token, not two.
        if let c = peek(), Lexer.isIdentStart(c) {
            while let c = peek(), Lexer.isIdentContinue(c) { i += 1 }
            let t = make(.invalid, start)
            error("lex.badNumber", "'\(t.text)' is not a number", t.range,
                  hint: "write the number alone; names cannot start with a digit")
            return t
        }
        return make(.number, start)
    }

    private mutating func lexString(quote: UInt8) -> Token {
        let start = i
        i += 1
        var value: [UInt8] = []
        while let c = peek(), c != quote, c != 10 {
            if c == 92, let n = peek(1), n != 10 {  // backslash escape
                switch n {
                case 110: value.append(10)
                case 116: value.append(9)
                default: value.append(n)
                }
                i += 2
                continue
            }
            value.append(c)
            i += 1
        }
        if peek() == quote {
            i += 1
            return Token(kind: .string, range: SourceRange(start: start, end: i), text: String(decoding: value, as: UTF8.self))
        }
        let t = Token(kind: .invalid, range: SourceRange(start: start, end: i), text: String(decoding: value, as: UTF8.self))
        error("lex.unterminatedString", "unterminated string", SourceRange(start: start, end: start + 1),
              hint: "close the string with \(quote == 34 ? "\"" : "'") on the same line")
        return t
    }

    /// Decides which newline tokens end a statement. A newline does *not* end one when the
    /// statement is visibly unfinished:
    /// - inside parentheses (unless the next line starts with a statement verb, which means
    ///   a bracket was left open: then the newline ends the statement so the damage stays local);
    /// - after a token that needs more (`,`, an operator, or a keyword other than the few
    ///   that may end a statement, see `Keyword.mayEndStatement`);
    /// - before a line that starts with a clause keyword or an operator (`on age, sex` under a
    ///   `match` line), since no statement can start that way.
    public static func markSeparators(_ tokens: inout [Token]) {
        // For each index, the first later token that is neither a newline nor a comment
        // (computed backwards once, so runs of blank or comment lines cost linear time).
        var nextSignificant = [Int](repeating: tokens.count, count: tokens.count + 1)
        var idx = tokens.count - 1
        while idx >= 0 {
            let k = tokens[idx].kind
            nextSignificant[idx] = (k == .newline || k == .comment) ? nextSignificant[idx + 1] : idx
            idx -= 1
        }
        var depth = 0
        var prev: Token? = nil
        for idx in tokens.indices {
            let t = tokens[idx]
            switch t.kind {
            case .comment: continue
            case .leftParen: depth += 1
            case .rightParen: depth = max(0, depth - 1)
            case .semicolon: depth = 0
            case .newline:
                // The first token of the next non-empty line.
                let j = nextSignificant[idx + 1]
                let next = j < tokens.count ? tokens[j] : nil
                let nextStartsStatement = next?.keyword?.isVerb == true && next?.isQuotedName == false
                var separator = true
                if depth > 0 && !nextStartsStatement {
                    separator = false
                } else if let p = prev, needsContinuation(p) {
                    separator = nextStartsStatement
                } else if let n = next, continuesStatement(n) {
                    separator = false
                }
                if nextStartsStatement || next == nil || next?.kind == .endOfFile { depth = depth > 0 && nextStartsStatement ? 0 : depth }
                if separator { depth = 0 }
                tokens[idx].isSeparator = separator
                continue
            default: break
            }
            prev = t
        }
    }

    /// True when a statement that ends with `t` is visibly unfinished: a comma, an open
    /// parenthesis, an operator, or a keyword that needs more (see `Keyword.mayEndStatement`).
    public static func needsContinuation(_ t: Token) -> Bool {
        switch t.kind {
        case .comma, .leftParen, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .pipe, .colonColon, .minus:
            return true
        case let .keyword(k):
            return !t.isQuotedName && !Keyword.mayEndStatement.contains(k)
        default:
            return false
        }
    }

    /// True when a line starting with `t` continues the statement before it (no statement
    /// starts with a clause keyword, a comma, a closing parenthesis or an operator).
    public static func continuesStatement(_ t: Token) -> Bool {
        switch t.kind {
        case .comma, .rightParen, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .pipe, .colonColon:
            return true
        case let .keyword(k):
            // `survival` only ever follows `plot`, so a line starting with it is a misspelt
            // verb (`survival r by sex`), not a clause of the line before.
            return !k.isVerb && k != .survival
        default:
            return false
        }
    }
}
