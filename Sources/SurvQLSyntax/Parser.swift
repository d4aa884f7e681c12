/// The SurvQL parser: hand-written recursive descent, one function per grammar rule.
///
/// Grammar (the full EBNF with a comment per rule is `grammar/survql.ebnf`):
///
///     script      = { separator } { statement separator { separator } } ;
///     statement   = load | let | match | survive | compare | prevalence | associate
///                 | describe | plot | export | set ;
///     predicate   = or_expr ;  or_expr = and_expr { "or" and_expr } ;
///     and_expr    = not_expr { "and" not_expr } ;  not_expr = "not" not_expr | primary ;
///     primary     = "(" predicate ")" | alteration | column [ comparison_tail ] ;
///
/// A statement ends at a newline unless it is visibly unfinished (see
/// `Lexer.markSeparators`), or at `;`.
///
/// Recovery strategy: parsing never fails. Each statement is parsed on its own; on the first
/// error inside a statement the parser records one diagnostic, keeps the statement with what it
/// read so far (fields parsed into the statement in place; an `.error` expression as the hole
/// where a condition stopped), marks it `hasError` and resumes at the next statement separator.
/// So a file with several mistakes on several lines reports each of them, and completion sees
/// `survive r by ` as a survive of `r`. Every `advance` makes progress, expression nesting is
/// capped at `maxDepth`, `and`/`or` chains are parsed by loops into flat nodes, and the input
/// is a finite token array, so parsing always terminates, in time linear in the input. After
/// `maxErrors` errors in one file the rest are replaced by one "too many errors" diagnostic.
public struct Parser {
    public static let maxDepth = 64
    /// The most errors reported for one file (lexer and parser together); past it one
    /// `parse.tooManyErrors` diagnostic says that the rest were not reported.
    public static let maxErrors = 50

    let file: SourceFile
    var tokens: [Token]
    var pos = 0
    var depth = 0
    var diagnostics: [Diagnostic] = []
    /// What a statement rule had read when it abandoned the statement (set just before the
    /// `Abort` leaves the rule), so the tree keeps it.
    var partialStatement: StatementKind? = nil
    /// What an expression rule had read when it failed, with an `.error` hole where it stopped.
    var partialExpression: Expression? = nil
    /// True when the statement being parsed had an error that the parser read past (an unquoted
    /// path, `EML4-ALK`, `+ age`): the statement is kept whole but marked `hasError`.
    var recoveredError = false
    /// Ranges whose lexer diagnostics the parser replaced by one better diagnostic of its own
    /// (the `/` of an unquoted path, the `+` of an R formula).
    var replacedLexRanges: [SourceRange] = []

    /// Thrown inside a statement to abandon it after its diagnostic was recorded.
    struct Abort: Error {}

    init(file: SourceFile, tokens: [Token]) {
        self.file = file
        // Newlines that do not end a statement are whitespace to the parser.
        self.tokens = tokens.filter { $0.kind != .newline || $0.isSeparator }
    }

    /// Parses a whole source file. Always returns a tree, with the lexer's and the parser's
    /// diagnostics in source order.
    public static func parse(_ file: SourceFile) -> (script: Script, diagnostics: [Diagnostic]) {
        let (tokens, lexDiagnostics) = Lexer.tokenize(file)
        var p = Parser(file: file, tokens: tokens)
        let statements = p.parseScript()
        let kept = p.replacedLexRanges.isEmpty ? lexDiagnostics : lexDiagnostics.filter { d in
            guard let r = d.sourceRange else { return true }
            return !p.replacedLexRanges.contains { $0.start <= r.start && r.end <= $0.end }
        }
        var all = kept + p.diagnostics
        all.sort { ($0.sourceRange?.start ?? 0) < ($1.sourceRange?.start ?? 0) }
        return (Script(file: file, statements: statements), capErrors(all, file: file))
    }

    /// Keeps the first `maxErrors` errors (and the warnings before the last of them); the rest
    /// become one `parse.tooManyErrors` diagnostic at the first error left out.
    static func capErrors(_ ds: [Diagnostic], file: SourceFile) -> [Diagnostic] {
        var errors = 0
        for (i, d) in ds.enumerated() where d.severity == .error {
            errors += 1
            if errors > maxErrors {
                let dropped = ds[i...].filter { $0.severity == .error }.count
                let m = ParserMessage.tooManyErrors(shown: maxErrors, dropped: dropped)
                return Array(ds[..<i]) + [Diagnostic(m.id, .error, m.text, file: file, range: d.sourceRange ?? .at(0), hint: m.hint)]
            }
        }
        return ds
    }

    // MARK: Token access

    var current: Token { tokens[min(pos, tokens.count - 1)] }

    func peek(_ k: Int = 1) -> Token { tokens[min(pos + k, tokens.count - 1)] }

    /// The token before the current one (for "missing X after Y" positions).
    var previous: Token? { pos > 0 ? tokens[pos - 1] : nil }

    @discardableResult
    mutating func advance() -> Token {
        let t = current
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    /// True at a newline that ends a statement, `;`, or the end of input.
    var atSeparator: Bool {
        switch current.kind {
        case .newline, .semicolon, .endOfFile: return true
        default: return false
        }
    }

    func at(_ k: Keyword) -> Bool { current.keyword == k && !current.isQuotedName }

    mutating func eat(_ k: Keyword) -> Token? {
        at(k) ? advance() : nil
    }

    mutating func eat(_ kind: TokenKind) -> Token? {
        current.kind == kind ? advance() : nil
    }

    /// The offset just after the previous token: where a missing token would go.
    var insertionPoint: Int { previous?.range.end ?? current.range.start }

    // MARK: Errors

    /// Records a diagnostic at the current token and abandons the statement.
    mutating func fail(_ m: ParserMessage, at range: SourceRange? = nil, hint: String? = nil, fixIts: [FixIt] = []) -> Abort {
        let r: SourceRange
        if let range { r = range } else if atSeparator { r = .at(insertionPoint) } else { r = current.range }
        // The lexer already reported a bad token; a second message about it adds nothing.
        if current.kind == .invalid && r == current.range { return Abort() }
        report(m, at: r, hint: hint, fixIts: fixIts)
        return Abort()
    }

    /// Records an error the parser can read past: the statement goes on, marked `hasError`.
    mutating func recover(_ m: ParserMessage, at range: SourceRange, fixIts: [FixIt] = [], replacingLexer: SourceRange? = nil) {
        report(m, at: range, fixIts: fixIts)
        recoveredError = true
        if let r = replacingLexer { replacedLexRanges.append(r) }
    }

    mutating func report(_ m: ParserMessage, at range: SourceRange, severity: Severity = .error, hint: String? = nil, fixIts: [FixIt] = []) {
        diagnostics.append(Diagnostic(m.id, severity, m.text, file: file, range: range, hint: hint ?? m.hint, fixIts: fixIts))
    }

    // MARK: Script

    mutating func parseScript() -> [Statement] {
        var statements: [Statement] = []
        while true {
            while current.kind == .newline || current.kind == .semicolon { advance() }
            if current.kind == .endOfFile { break }
            let start = pos
            statements.append(parseStatementRecovering())
            if pos == start { advance() }  // always make progress
        }
        return statements
    }

    /// Parses one statement; on error keeps what was read (marked `hasError`) and skips to the
    /// next separator.
    mutating func parseStatementRecovering() -> Statement {
        let startToken = current
        partialStatement = nil
        partialExpression = nil
        recoveredError = false
        do {
            let kind = try parseStatement()
            let end = previous?.range.end ?? startToken.range.end
            let stmt = Statement(kind, range: SourceRange(start: startToken.range.start, end: end), hasError: recoveredError)
            if !atSeparator {
                let extra = current
                _ = fail(extraneousMessage(after: kind), at: extra.range)
                synchronize()
                return Statement(kind, range: SourceRange(start: startToken.range.start, end: previous?.range.end ?? extra.range.end),
                                 hasError: true)
            }
            return stmt
        } catch {
            // The range covers the skipped tokens too, so the diagnostic lies inside it.
            synchronize()
            var end = max(startToken.range.end, previous?.range.end ?? startToken.range.end)
            let kind = partialStatement ?? .error
            // A hole after the last token read (`survive r by |`) belongs to the statement.
            for child in Statement(kind, range: .at(0)).childNodes { end = max(end, child.range.end) }
            partialStatement = nil
            return Statement(kind, range: SourceRange(start: startToken.range.start, end: end), hasError: true)
        }
    }

    /// Skips to the next statement separator (the recovery point).
    mutating func synchronize() {
        while !atSeparator { advance() }
    }

    func extraneousMessage(after kind: StatementKind) -> ParserMessage {
        if current.kind == .identifier {
            let clauses = ParserMessage.clauseKeywords(for: kind)
            let suggestion = Suggestions.closest(to: current.text, in: clauses.map(\.rawValue), limit: 1)
            if let s = suggestion.first {
                return .unknownClause(current.text, suggestion: s)
            }
        }
        return .extraneous(current.displayName)
    }
}
