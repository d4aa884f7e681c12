/// The catalog of parser and lexer diagnostics: one static member each, with a stable id.
public struct ParserMessage: Sendable {
    public var id: String
    public var text: String
    public var hint: String?

    public static func expectedStatement(_ found: String) -> ParserMessage {
        ParserMessage(id: "parse.expectedStatement", text: "expected a statement, found \(found)",
                      hint: "statements start with load, let, match, survive, compare, prevalence, associate, describe, plot, export or set")
    }
    public static func unknownStatement(_ word: String, suggestion: String?) -> ParserMessage {
        ParserMessage(id: "parse.unknownStatement",
                      text: "unknown statement '\(word)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                      hint: suggestion == nil ? "statements start with load, let, match, survive, compare, prevalence, associate, describe, plot, export or set" : nil)
    }
    public static func expected(_ what: String, after: String, found: String) -> ParserMessage {
        ParserMessage(id: "parse.expected", text: "expected \(what) after \(after), found \(found)")
    }
    public static func expectedName(_ what: String, after: String, found: String) -> ParserMessage {
        ParserMessage(id: "parse.expectedName", text: "expected \(what) after \(after), found \(found)",
                      hint: "a name that is also a keyword can be written in backticks, like `time`")
    }
    public static func expectedExpression(found: String) -> ParserMessage {
        ParserMessage(id: "parse.expectedExpression", text: "expected a condition, found \(found)",
                      hint: "a condition is a comparison (age >= 65), an alteration (fusion ALK) or a combination with and, or, not")
    }
    public static func expectedValue(found: String) -> ParserMessage {
        ParserMessage(id: "parse.expectedValue", text: "expected a value (a number or a quoted string), found \(found)")
    }
    public static func bareWordValue(_ word: String) -> ParserMessage {
        ParserMessage(id: "parse.bareWordValue", text: "the value '\(word)' must be quoted",
                      hint: "write text values in quotes: \"\(word)\"")
    }
    public static func expectedGene(after: String, found: String) -> ParserMessage {
        ParserMessage(id: "parse.expectedGene", text: "expected a gene after \(after), found \(found)",
                      hint: "genes are written as symbols (ALK, NTRK1|NTRK2) or in quotes for unusual names (\"NKX2-1\")")
    }
    public static func missingClause(_ clause: String, statement: String, example: String) -> ParserMessage {
        ParserMessage(id: "parse.missingClause", text: "'\(statement)' needs \(clause)", hint: "for example: \(example)")
    }
    public static func duplicateClause(_ clause: String) -> ParserMessage {
        ParserMessage(id: "parse.duplicateClause", text: "'\(clause)' is given twice in this statement")
    }
    public static func unknownClause(_ word: String, suggestion: String) -> ParserMessage {
        ParserMessage(id: "parse.unknownClause", text: "unknown clause '\(word)'; did you mean '\(suggestion)'?")
    }
    public static func extraneous(_ found: String) -> ParserMessage {
        ParserMessage(id: "parse.extraneous", text: "unexpected \(found) at the end of the statement",
                      hint: "put each statement on its own line, or separate statements with ';'")
    }
    public static func tooManyErrors(shown: Int, dropped: Int) -> ParserMessage {
        ParserMessage(id: "parse.tooManyErrors", text: "too many errors, stopping (\(dropped) more not shown after the first \(shown))",
                      hint: "is this a SurvQL query file?")
    }
    public static func foreignOperator(_ op: String, _ word: String) -> ParserMessage {
        ParserMessage(id: "lex.foreignOperator", text: "SurvQL writes '\(op)' as '\(word)'",
                      hint: "conditions combine with and, or, not: age >= 65 and sex = \"Female\"")
    }
    public static let plusOperator = ParserMessage(
        id: "lex.plusOperator", text: "unexpected '+'; SurvQL has no arithmetic",
        hint: "to adjust a comparison for covariates, as in an R formula, write: compare COHORT by GROUP adjust age, sex")
    public static func plusCovariates(_ names: [String]) -> ParserMessage {
        ParserMessage(id: "parse.plusCovariates",
                      text: "covariates are not added with '+'; did you mean 'adjust \(names.joined(separator: ", "))'?",
                      hint: "'compare COHORT by GROUP adjust COL, ...' fits a Cox model of the groups adjusted for the columns")
    }
    public static func unquotedPath(_ path: String) -> ParserMessage {
        ParserMessage(id: "parse.unquotedPath", text: "the path '\(path)' must be quoted",
                      hint: "write paths in double quotes: load \"\(path)\" as NAME")
    }
    public static func hyphenFusion(_ up: String, _ down: String) -> ParserMessage {
        ParserMessage(id: "parse.hyphenFusion",
                      text: "fusion partners are joined with '::'; did you mean 'fusion \(up)::\(down)'?",
                      hint: "'fusion A::B' is A upstream (5') and B downstream (3'); 'fusion A|B' is either gene, any partner")
    }
    public static func bareWords(_ phrase: String) -> ParserMessage {
        ParserMessage(id: "parse.bareWordValue", text: "the value '\(phrase)' must be quoted",
                      hint: "write text values in quotes, the whole phrase at once: \"\(phrase)\"")
    }
    public static let unclosedParen = ParserMessage(id: "parse.unclosedParenthesis", text: "expected ')' to close '('")
    public static let tooDeep = ParserMessage(id: "parse.tooDeep", text: "the condition is nested too deeply (more than \(Parser.maxDepth) levels)",
                                              hint: "split it into several 'let' statements")
    public static let bareFusion = ParserMessage(id: "parse.bareFusion", text: "'fusion' without genes can only be used as a grouping ('by fusion')",
                                                 hint: "name the genes: fusion NTRK1|NTRK2|NTRK3")
    public static func notANumber(_ found: String, clause: String) -> ParserMessage {
        ParserMessage(id: "parse.expectedNumber", text: "expected a number after '\(clause)', found \(found)")
    }

    /// The clause keywords each statement accepts, for "did you mean" on an unknown word.
    static func clauseKeywords(for kind: StatementKind) -> [Keyword] {
        switch kind {
        case .load: return [.as, .id, .per]
        case .match: return [.ratio, .exact, .on, .caliper, .seed, .with, .as]
        case .survive: return [.by, .endpoint, .time, .event, .entry, .at, .every, .rmean]
        case .compare: return [.by, .endpoint, .time, .event, .entry, .strata, .adjust, .cluster, .reference, .ties]
        case .prevalence: return [.of, .by, .method]
        case .associate: return [.with, .test]
        case .plot: return [.by, .endpoint, .time, .event, .entry, .to]
        case .export: return [.to]
        default: return []
        }
    }
}
