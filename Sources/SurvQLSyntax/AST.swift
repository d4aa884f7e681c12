/// The syntax tree of a SurvQL script.
///
/// Every node carries its source range (UTF-8 byte offsets in the script's `SourceFile`).
/// The tree may be partial: a statement with a mistake keeps what was read before it and is
/// marked `hasError`, with an `.error` expression (empty range where it stopped: a hole) or a
/// `nil` for the part that is missing; a statement that does not start with a verb is `.error`.
/// The parser reports a diagnostic for each. Later stages (checker, evaluator, completion) work
/// on such trees: the checker and the evaluator skip statements with errors, completion and
/// hover read them (see `Script.node(at:)`).

/// A parsed script: its statements in order, and the file they came from.
public struct Script: Sendable {
    public var file: SourceFile
    public var statements: [Statement]
    public init(file: SourceFile, statements: [Statement]) {
        self.file = file
        self.statements = statements
    }
}

/// A name as written, with its range: a cohort, a column, a gene, an option.
public struct Name: Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var range: SourceRange
    public init(_ text: String, _ range: SourceRange) {
        self.text = text
        self.range = range
    }
    public var description: String { text }
}

/// A literal value in a comparison, a `set` or a `reference` clause.
public enum LiteralValue: Sendable, Hashable {
    case number(Double)
    case string(String)
    case bool(Bool)
}

public struct Literal: Sendable, Hashable, CustomStringConvertible {
    public var value: LiteralValue
    /// The spelling, for messages (`0.90`, `"Female"`).
    public var spelling: String
    public var range: SourceRange
    public init(value: LiteralValue, spelling: String, range: SourceRange) {
        self.value = value
        self.spelling = spelling
        self.range = range
    }
    public var description: String { spelling }
    public var number: Double? { if case let .number(d) = value { return d } else { return nil } }
    public var string: String? { if case let .string(s) = value { return s } else { return nil } }
}

/// A statement with its range (from its verb to its last token read).
///
/// A statement the parser could not finish keeps what it read (a partial tree: `survive r by`
/// is a `.survive` of `r` whose grouping is an empty `.error` expression at the end) and has
/// `hasError` set; its diagnostic was reported. Only a statement that does not even start with
/// a verb is `.error`. Nothing runs a statement with an error.
public struct Statement: Sendable {
    public var kind: StatementKind
    public var range: SourceRange
    /// True when the parser reported an error inside this statement; its fields hold what was
    /// read before the error, and later fields are nil or empty.
    public var hasError: Bool
    public init(_ kind: StatementKind, range: SourceRange, hasError: Bool = false) {
        self.kind = kind
        self.range = range
        self.hasError = hasError
    }

    /// The verb as written in the grammar (`load`, `survive`, ...), or `error`.
    public var verb: String {
        switch kind {
        case .load: return "load"
        case .let: return "let"
        case .match: return "match"
        case .survive: return "survive"
        case .compare: return "compare"
        case .prevalence: return "prevalence"
        case .associate: return "associate"
        case .describe: return "describe"
        case .plot: return "plot"
        case .export: return "export"
        case .set: return "set"
        case .power: return "power"
        case .error: return "error"
        }
    }
}

public enum StatementKind: Sendable {
    case load(LoadStatement)
    case `let`(LetStatement)
    case match(MatchStatement)
    case survive(SurviveStatement)
    case compare(CompareStatement)
    case prevalence(PrevalenceStatement)
    case associate(AssociateStatement)
    case describe(DescribeStatement)
    case plot(PlotStatement)
    case export(ExportStatement)
    case set(SetStatement)
    case power(PowerStatement)
    /// A statement that does not start with a verb; its diagnostics were reported.
    case error
}

/// `load "PATH" as NAME [id COLUMN] [per patient|sample]` or `load demo NAME as NAME`.
public struct LoadStatement: Sendable {
    public enum Source: Sendable {
        case path(String, SourceRange)
        case demo(Name)
    }
    public var source: Source?
    public var name: Name?
    public var idColumn: Name?
    /// `per sample` asks for one row per sample instead of per patient.
    public var perSample: Bool = false
    /// `sep ";"`: the field separator of a delimited table, when not guessed from the extension.
    public var separator: Literal?
    public init() {}
}

/// `let NAME = COHORT [where PREDICATE]`.
public struct LetStatement: Sendable {
    public var name: Name?
    public var source: Name?
    public var filter: Expression?
    public init() {}
}

/// The endpoint of a survival statement: a named endpoint (`endpoint os`) and/or explicit
/// columns (`time COL event COL`), plus delayed entry (`entry COL`).
public struct EndpointSpec: Sendable {
    public var endpoint: Name?
    public var time: Name?
    public var event: Name?
    public var entry: Name?
    public init() {}
    public var isEmpty: Bool { endpoint == nil && time == nil && event == nil && entry == nil }
}

/// What `by` splits a cohort into: `by fusion` alone (the alteration that defined the
/// cohort or the match), a column, or a predicate (true vs false).
public enum Grouping: Sendable {
    case definingAlteration(SourceRange)
    case expression(Expression)

    public var range: SourceRange {
        switch self {
        case let .definingAlteration(r): return r
        case let .expression(e): return e.range
        }
    }
}

/// `match COHORT by PREDICATE ratio K [exact COL, ...] on COL, ... [caliper X] [seed N]
/// [with replacement] as NAME`. Clauses after the predicate may come in any order.
public struct MatchStatement: Sendable {
    public var cohort: Name?
    public var treatment: Expression?
    public var ratio: Literal?
    public var exact: [Name] = []
    public var covariates: [Name] = []
    public var caliper: Literal?
    public var seed: Literal?
    public var withReplacement = false
    public var name: Name?
    public init() {}
}

/// `survive COHORT [by GROUPING] [endpoint E | time COL event COL] [entry COL] [at T, ...]
/// [every T] [rmean T]`.
public struct SurviveStatement: Sendable {
    public var cohort: Name?
    public var grouping: Grouping?
    public var endpoint = EndpointSpec()
    public var times: [Literal] = []
    public var every: Literal?
    public var rmean: Literal?
    /// `weight COL`: case weights (weighted Kaplan–Meier).
    public var weight: Name?
    public init() {}
}

/// `compare COHORT by GROUPING [endpoint ...] [strata COL] [adjust COL, ...] [cluster COL]
/// [reference VALUE] [ties efron|breslow]`.
public struct CompareStatement: Sendable {
    public var cohort: Name?
    public var grouping: Grouping?
    public var endpoint = EndpointSpec()
    public var strata: Name?
    public var adjust: [Name] = []
    public var cluster: Name?
    public var reference: Literal?
    public var ties: Name?
    /// The clauses of `compare` beyond one hazard ratio (`check ph`, `test`, `rmst`, `weight`,
    /// `within`); see `CompareExtras`.
    public var extras = CompareExtras()
    public init() {}
}

/// `prevalence COHORT of ALTERATION, ... [by COLUMN] [method wilson|exact]`.
public struct PrevalenceStatement: Sendable {
    public var cohort: Name?
    public var alterations: [Expression] = []
    public var by: Name?
    public var method: Name?
    public init() {}
}

/// `associate COHORT ALTERATION with COL, ... [test fisher|chisq]`.
public struct AssociateStatement: Sendable {
    public var cohort: Name?
    public var alteration: Expression?
    public var variables: [Name] = []
    public var test: Name?
    public init() {}
}

/// `describe COHORT`.
public struct DescribeStatement: Sendable {
    public var cohort: Name?
    public init() {}
}

/// `export last|COHORT to "FILE"`.
public struct ExportStatement: Sendable {
    public enum Target: Sendable {
        case last(SourceRange)
        case cohort(Name)
    }
    public var target: Target?
    public var path: Literal?
    /// The range of the contextual word `overwrite`, when the statement allows replacing a file.
    public var overwrite: SourceRange?
    public init() {}
}

/// `set OPTION VALUE`.
public struct SetStatement: Sendable {
    public var option: Name?
    /// A number, string or boolean; a bare word (`set conf_type loglog`) is a string.
    public var value: Literal?
    public init() {}
}
