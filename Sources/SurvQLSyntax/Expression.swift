/// A predicate or grouping expression with its range.
public struct Expression: Sendable {
    public indirect enum Kind: Sendable {
        /// A bare column: a grouping by its values, or a boolean column in a predicate.
        case column(Name)
        /// `COLUMN OP VALUE`.
        case comparison(column: Name, op: ComparisonOperator, value: Literal)
        /// `COLUMN [not] in (VALUE, ...)`.
        case membership(column: Name, values: [Literal], negated: Bool)
        /// `COLUMN is [not] missing`.
        case missing(column: Name, negated: Bool)
        /// An alteration predicate: `fusion ALK`, `amp ERBB2`, `mut KRAS G12C`.
        case alteration(Alteration)
        case not(Expression)
        /// `A and B and ...`: two or more terms, flat (a chain of 10^5 terms is one node, so
        /// no walker recurses once per term).
        case and([Expression])
        /// `A or B or ...`: two or more terms, flat.
        case or([Expression])
        /// Something that could not be parsed, or a hole where a condition is missing (an
        /// empty range where the parser stopped); a diagnostic was reported.
        case error
    }

    public var kind: Kind
    public var range: SourceRange
    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The direct sub-expressions: the terms of `and`/`or`, the operand of `not`.
    public var subexpressions: [Expression] {
        switch kind {
        case let .not(e): return [e]
        case let .and(terms), let .or(terms): return terms
        default: return []
        }
    }

    /// True when the expression is, or contains, an alteration predicate.
    public var containsAlteration: Bool {
        switch kind {
        case .alteration: return true
        case let .not(e): return e.containsAlteration
        case let .and(terms), let .or(terms): return terms.contains { $0.containsAlteration }
        default: return false
        }
    }

    /// Every alteration predicate in the expression, in order.
    public var alterations: [Alteration] {
        switch kind {
        case let .alteration(a): return [a]
        case let .not(e): return e.alterations
        case let .and(terms), let .or(terms): return terms.flatMap { $0.alterations }
        default: return []
        }
    }

    /// Every column name the expression mentions, in order.
    public var columns: [Name] {
        switch kind {
        case let .column(n), let .comparison(n, _, _), let .membership(n, _, _), let .missing(n, _): return [n]
        case let .not(e): return e.columns
        case let .and(terms), let .or(terms): return terms.flatMap { $0.columns }
        case .alteration, .error: return []
        }
    }

    /// True when the tree holds an error node.
    public var hasError: Bool {
        switch kind {
        case .error: return true
        case let .not(e): return e.hasError
        case let .and(terms), let .or(terms): return terms.contains { $0.hasError }
        default: return false
        }
    }
}

public enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
}

/// One side of a fusion: any gene, one of a set of genes, or no gene (intergenic).
public enum FusionSide: Sendable, Hashable {
    case any
    case genes([Name])
    case none
}

/// An alteration predicate, borrowing cBioPortal OQL's spelling.
public struct Alteration: Sendable {
    public enum Kind: Sendable {
        /// `fusion G` (either side: `ordered == false`, `upstream` holds the genes),
        /// `fusion A::B`, `fusion A::`, `fusion ::B`, `fusion A::-` (ordered).
        case fusion(upstream: FusionSide, downstream: FusionSide, ordered: Bool)
        /// `amp`, `gain`, `hetloss`, `homdel` GENE|GENE...
        case copyNumber(CopyNumberLevel, genes: [Name])
        /// `mut GENE|GENE [PROTEIN_CHANGE]`.
        case mutation(genes: [Name], proteinChange: Name?)
    }
    public var kind: Kind
    public var range: SourceRange
    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// Every gene named, in order.
    public var genes: [Name] {
        switch kind {
        case let .fusion(up, down, _):
            var g: [Name] = []
            if case let .genes(a) = up { g += a }
            if case let .genes(b) = down { g += b }
            return g
        case let .copyNumber(_, genes): return genes
        case let .mutation(genes, _): return genes
        }
    }
}

/// Discrete copy-number calls, as cBioPortal's -2..2.
public enum CopyNumberLevel: Int, Sendable, Hashable {
    case homdel = -2
    case hetloss = -1
    case gain = 1
    case amp = 2

    public var keyword: String {
        switch self {
        case .homdel: return "homdel"
        case .hetloss: return "hetloss"
        case .gain: return "gain"
        case .amp: return "amp"
        }
    }
}
