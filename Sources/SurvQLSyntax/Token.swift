/// The reserved words of SurvQL. Keywords are matched case-insensitively; a keyword can still
/// be used as a column or cohort name where the grammar expects a name, and any name can be
/// written in backticks (`` `time` ``) to force it to be read as a name.
///
/// The set here must equal the keyword set in `grammar/survql.ebnf` (a test checks it).
public enum Keyword: String, CaseIterable, Sendable, Hashable {
    // Statement verbs.
    case load, `let`, match, survive, compare, prevalence, associate, describe, plot, export, set
    // Clauses.
    case `as`, id, demo, per, patient, sample, `where`, by, ratio, exact, on, caliper, seed, with, replacement
    case at, every, rmean, endpoint, time, event, entry, adjust, strata, cluster, reference, ties, method, test
    case of, to, last, survival
    // Predicates.
    case and, or, not, `in`, `is`, missing, `true`, `false`
    case fusion, amp, gain, hetloss, homdel, mut

    /// The words that begin a statement.
    public static let verbs: Set<Keyword> = [.load, .let, .match, .survive, .compare, .prevalence, .associate,
                                              .describe, .plot, .export, .set]

    /// Keywords that may legitimately end a statement, so a newline after them ends it.
    /// After any other keyword the statement is visibly unfinished and continues on the next line.
    public static let mayEndStatement: Set<Keyword> = [.fusion, .missing, .replacement, .true, .false,
                                                       .patient, .sample, .last]

    /// The alteration keywords that start an alteration predicate.
    public static let alterations: Set<Keyword> = [.fusion, .amp, .gain, .hetloss, .homdel, .mut]

    public var isVerb: Bool { Keyword.verbs.contains(self) }
}

/// The kind of a token.
public enum TokenKind: Sendable, Hashable {
    case identifier
    case keyword(Keyword)
    case number
    case string
    case comma, semicolon, leftParen, rightParen
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case pipe, colonColon, minus
    case newline
    /// A `-- ...` comment, only when the lexer is asked to keep comments.
    case comment
    case endOfFile
    /// Bytes that form no token: a stray character, invalid UTF-8, an unterminated string.
    case invalid
}

/// One token with its byte range. `text` is the token's value: a name without backticks,
/// a string's contents with escapes resolved, a number's spelling.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    public var range: SourceRange
    public var text: String
    /// For newlines: true when the newline ends a statement (see `Lexer.markSeparators`).
    public var isSeparator: Bool = false
    /// True for a backtick-quoted name (never a keyword).
    public var isQuotedName: Bool = false

    public init(kind: TokenKind, range: SourceRange, text: String) {
        self.kind = kind
        self.range = range
        self.text = text
    }

    public var keyword: Keyword? {
        if case let .keyword(k) = kind { return k }
        return nil
    }

    public func isKeyword(_ k: Keyword) -> Bool { keyword == k }

    /// A short description for messages: `'survive'`, `end of line`, `string "x"`.
    public var displayName: String {
        switch kind {
        case .newline: return "end of line"
        case .endOfFile: return "end of input"
        case .string: return "string \"\(text)\""
        case .number: return "number \(text)"
        case .keyword: return "'\(text)'"
        case .identifier: return "'\(text)'"
        default: return "'\(text)'"
        }
    }
}
