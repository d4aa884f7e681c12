import SurvQLSyntax

/// What one statement produced. Renderers turn these into tables, JSON lines or CSV.
public struct StatementResult: Sendable {
    /// 1-based index of the statement in its source.
    public var statement: Int
    /// 1-based line of the statement's first token.
    public var line: Int
    /// The file or REPL entry the statement came from.
    public var source: String
    public var value: ResultValue
    /// Warnings the statement produced (also printed to stderr by front ends).
    public var warnings: [Diagnostic] = []

    public init(statement: Int, line: Int, source: String, value: ResultValue, warnings: [Diagnostic] = []) {
        self.statement = statement
        self.line = line
        self.source = source
        self.value = value
        self.warnings = warnings
    }

    /// The `kind` key of the JSON output.
    public var kind: String {
        switch value {
        case .survival: return "survival"
        case .comparison: return "comparison"
        case .describe: return "describe"
        case .match: return "match"
        case .prevalence: return "prevalence"
        case .association: return "association"
        case .message: return "message"
        case .power: return "power"
        }
    }
}

public enum ResultValue: Sendable {
    case survival(SurvivalResult)
    case comparison(ComparisonResult)
    case describe(DescribeResult)
    case match(MatchResult)
    case prevalence(PrevalenceResult)
    case association(AssociationResult)
    /// A statement that only changes the session (load, let, set, export, plot) reports a line.
    case message(MessageResult)
    /// `power`: power or sample size.
    case power(PowerResult)
}

/// A short report of a statement that changed the session.
public struct MessageResult: Sendable {
    public var verb: String
    public var text: String
    /// Extra facts for JSON (`cohort`, `patients`, `path`, ...).
    public var facts: [(String, String)]
    /// For `plot`: the figure's SVG text, so a front end (the language server) can show it
    /// inline without reading the file back.
    public var svg: String?
    public init(verb: String, text: String, facts: [(String, String)] = [], svg: String? = nil) {
        self.verb = verb
        self.text = text
        self.facts = facts
        self.svg = svg
    }
}

/// The columns that define a survival outcome, as used.
public struct EndpointDescription: Sendable {
    public var name: String?
    public var time: String
    public var event: String
    public var entry: String?
    public var unit: String?
    public init(name: String?, time: String, event: String, entry: String?, unit: String?) {
        self.name = name
        self.time = time
        self.event = event
        self.entry = entry
        self.unit = unit
    }
}
