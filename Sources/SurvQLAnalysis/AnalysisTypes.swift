import SurvQLSyntax

// The analysis layer's answers, in its own types and UTF-8 byte offsets. The REPL and the
// language server convert these to their own wire or screen forms; nothing here knows of a
// terminal or of LSP.

/// One completion candidate at a byte offset.
public struct CompletionItem: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case verb, keyword, cohort, column, value, gene, path, option, optionValue, command, endpoint
    }
    /// What is shown in a list (`ecog`, `ALK`, `survive`).
    public var label: String
    public var kind: Kind
    /// A short detail: a column's type and missingness, a cohort's size, a gene's carrier count.
    public var detail: String?
    /// The text that replaces `replace` (exact case; quoted when needed).
    public var insertText: String
    /// The range of the partial word being completed (empty at the cursor when nothing was typed).
    public var replace: SourceRange
    /// Longer documentation (markdown), when there is some.
    public var documentation: String?
    /// Rank for ordering (lower first); genes by carrier count, then alphabetical.
    public var sortKey: String

    public init(label: String, kind: Kind, detail: String? = nil, insertText: String? = nil,
                replace: SourceRange, documentation: String? = nil, sortKey: String? = nil) {
        self.label = label
        self.kind = kind
        self.detail = detail
        self.insertText = insertText ?? label
        self.replace = replace
        self.documentation = documentation
        self.sortKey = sortKey ?? label.lowercased()
    }
}

/// Hover text for the thing under a byte offset.
public struct HoverInfo: Sendable, Hashable {
    /// Markdown text: a verb's documentation with an example, a cohort's origin and size,
    /// a column's type and summary, a gene's alteration counts.
    public var markdown: String
    /// The range of the word hovered.
    public var range: SourceRange
    public init(markdown: String, range: SourceRange) {
        self.markdown = markdown
        self.range = range
    }
}

/// Whether a statement typed so far is finished (the REPL runs it) or visibly unfinished
/// (an open parenthesis or quote, a trailing comma, operator or keyword: the REPL continues it).
public enum StatementCompleteness: Sendable, Hashable {
    case complete
    case incomplete
}

/// A cohort name's definition or use, found by the checker.
public struct CohortSymbol: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// `load ... as NAME`
        case loaded
        /// `let NAME = ...`
        case defined
        /// `match ... as NAME`
        case matched
    }
    public var name: String
    public var kind: Kind
    /// The range of the name in its definition (nil for a cohort from an earlier REPL entry
    /// whose source is not this file).
    public var definition: SourceRange?
    /// The whole defining statement.
    public var statement: SourceRange?
    /// Every use of the name in this file.
    public var uses: [SourceRange]
    /// How it came about (`load "…/msk_met_2021"`, `rwd where age >= 65`).
    public var origin: String
    public init(name: String, kind: Kind, definition: SourceRange?, statement: SourceRange?, uses: [SourceRange], origin: String) {
        self.name = name
        self.kind = kind
        self.definition = definition
        self.statement = statement
        self.uses = uses
        self.origin = origin
    }
}

/// A token classified for semantic highlighting.
public struct SemanticToken: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case keyword, verb, cohort, column, gene, string, number, `operator`, comment, function
    }
    public var range: SourceRange
    public var kind: Kind
    /// True at a cohort's definition.
    public var isDefinition: Bool
    public init(range: SourceRange, kind: Kind, isDefinition: Bool = false) {
        self.range = range
        self.kind = kind
        self.isDefinition = isDefinition
    }
}

/// A column of a cohort, as completion and hover show it.
public struct ColumnInfo: Sendable, Hashable {
    public var name: String
    /// `number`, `integer`, `text`, `date`, `bool`.
    public var type: String
    public var missing: Int
    public var count: Int
    /// A short summary (`median 63 (IQR 55–71)`, `Female 52%, Male 48%`).
    public var summary: String
    /// The distinct values of a categorical column, most frequent first (capped).
    public var values: [String]
    public init(name: String, type: String, missing: Int, count: Int, summary: String, values: [String]) {
        self.name = name
        self.type = type
        self.missing = missing
        self.count = count
        self.summary = summary
        self.values = values
    }
}

/// A gene of a cohort's study with its alteration counts (patients).
public struct GeneInfo: Sendable, Hashable {
    public var gene: String
    public var fusion: Int
    public var mutation: Int
    public var amp: Int
    public var gain: Int
    public var hetloss: Int
    public var homdel: Int
    /// Fusion partners with patient counts, most frequent first.
    public var partners: [(String, Int)] { partnerCounts }
    public var partnerCounts: [(String, Int)]
    public init(gene: String, fusion: Int = 0, mutation: Int = 0, amp: Int = 0, gain: Int = 0, hetloss: Int = 0, homdel: Int = 0, partnerCounts: [(String, Int)] = []) {
        self.gene = gene
        self.fusion = fusion
        self.mutation = mutation
        self.amp = amp
        self.gain = gain
        self.hetloss = hetloss
        self.homdel = homdel
        self.partnerCounts = partnerCounts
    }
    public var total: Int { fusion + mutation + amp + gain + hetloss + homdel }
    public static func == (a: GeneInfo, b: GeneInfo) -> Bool {
        a.gene == b.gene && a.fusion == b.fusion && a.mutation == b.mutation && a.amp == b.amp && a.gain == b.gain
            && a.hetloss == b.hetloss && a.homdel == b.homdel
            && a.partnerCounts.map(\.0) == b.partnerCounts.map(\.0) && a.partnerCounts.map(\.1) == b.partnerCounts.map(\.1)
    }
    public func hash(into h: inout Hasher) { h.combine(gene) }
}

/// What is known of a cohort's data: its size, columns, genes and endpoints.
public struct CohortSchema: Sendable, Hashable {
    public var patients: Int
    public var columns: [ColumnInfo]
    /// Genes, most altered first.
    public var genes: [GeneInfo]
    /// Named endpoints (`os`, `pfs`).
    public var endpoints: [String]
    /// Whether `patients` is this cohort's size (false for a `let` or `match` of a file not yet
    /// run, whose schema is its parent's).
    public var sizeIsKnown = true
    /// Every gene of the study's gene panels (upper case); a gene named by no record may still
    /// be a panel gene with no alteration.
    public var panelGenes: Set<String> = []
    /// Whether the data has any alteration data at all (a plain table has none).
    public var hasAlterationData = false
    /// Where the data came from (a resolved path or `demo ntrk`).
    public var source: String?
    public init(patients: Int, columns: [ColumnInfo], genes: [GeneInfo], endpoints: [String]) {
        self.patients = patients
        self.columns = columns
        self.genes = genes
        self.endpoints = endpoints
    }

    /// The column named `name`, case-insensitively.
    public func column(named name: String) -> ColumnInfo? {
        let lower = name.lowercased()
        return columns.first { $0.name.lowercased() == lower }
    }

    /// The gene named `name`, case-insensitively.
    public func gene(named name: String) -> GeneInfo? {
        let upper = name.uppercased()
        return genes.first { $0.gene == upper }
    }
}
