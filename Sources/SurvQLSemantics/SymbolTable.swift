import SurvQLSyntax

/// A cohort definition found by the checker (go/types' `Info.Defs`).
public struct CohortDefinition: Sendable, Hashable {
    /// How a cohort came about.
    public enum Kind: String, Sendable, Hashable {
        /// `load ... as NAME`
        case loaded
        /// `let NAME = ...`
        case defined
        /// `match ... as NAME`
        case matched
    }

    /// What a `load` reads.
    public enum Source: Sendable, Hashable {
        /// A quoted path as written (not yet resolved against a directory).
        case path(String)
        /// A built-in demo data set (`demo ntrk`).
        case demo(String)
    }

    public var name: String
    public var kind: Kind
    /// The range of the name in its definition.
    public var nameRange: SourceRange
    /// The whole defining statement.
    public var statementRange: SourceRange
    /// The index of the defining statement in the script.
    public var statementIndex: Int
    /// How it came about, as written (`load "data/msk_met_2021"`, `rwd where age >= 65`).
    public var origin: String
    /// For `let` and `match`: the cohort it derives from.
    public var parent: String?
    /// For `load`: what it reads, its `id` column and whether it is per sample.
    public var source: Source?
    public var idColumn: String?
    public var perSample: Bool

    public init(name: String, kind: Kind, nameRange: SourceRange, statementRange: SourceRange, statementIndex: Int,
                origin: String, parent: String? = nil, source: Source? = nil, idColumn: String? = nil, perSample: Bool = false) {
        self.name = name
        self.kind = kind
        self.nameRange = nameRange
        self.statementRange = statementRange
        self.statementIndex = statementIndex
        self.origin = origin
        self.parent = parent
        self.source = source
        self.idColumn = idColumn
        self.perSample = perSample
    }
}

/// A use of a cohort name (go/types' `Info.Uses`).
public struct CohortUse: Sendable, Hashable {
    public var name: String
    public var range: SourceRange
    /// The index in `SymbolTable.definitions` of the definition in force at the use; nil when the
    /// name comes from outside this source (an earlier REPL entry) or is undefined.
    public var definition: Int?
    public init(name: String, range: SourceRange, definition: Int?) {
        self.name = name
        self.range = range
        self.definition = definition
    }
}

/// What the checker learned about cohort names: every definition and every use, in source order.
public struct SymbolTable: Sendable {
    public var definitions: [CohortDefinition] = []
    public var uses: [CohortUse] = []
    public init() {}

    /// The definition whose name range or one of whose uses contains `offset` (ends included,
    /// so a cursor just after a name finds it), as an index into `definitions`, and the range
    /// of the name found. A use of an outside cohort gives a nil index.
    public func symbol(at offset: Int) -> (definition: Int?, name: String, range: SourceRange)? {
        for (i, d) in definitions.enumerated() where d.nameRange.start <= offset && offset <= d.nameRange.end {
            return (i, d.name, d.nameRange)
        }
        for u in uses where u.range.start <= offset && offset <= u.range.end {
            return (u.definition, u.name, u.range)
        }
        return nil
    }

    /// The uses bound to the definition at `index`.
    public func uses(of index: Int) -> [CohortUse] {
        uses.filter { $0.definition == index }
    }

    /// The definition in force for `name` at the start of statement `statementIndex` (the last
    /// one before it), as an index into `definitions`.
    public func definition(of name: String, before statementIndex: Int) -> Int? {
        definitions.indices.last { definitions[$0].name == name && definitions[$0].statementIndex < statementIndex }
    }
}
