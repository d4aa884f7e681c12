/// Numeric model columns built from a list of covariates, the way R's `model.matrix` builds them.
///
/// A covariate is numeric (used as is) or categorical (integer codes into a list of levels).
/// Two expansions exist because R uses two:
/// - ``init(modelColumnsFor:)`` uses treatment contrasts, as `glm()` does: a categorical covariate
///   with levels `black, hispan, white` becomes the indicators `racehispan` and `racewhite`, the first
///   level being the reference. Levels that no unit has are dropped first (R's `droplevels`).
/// - ``init(balanceColumnsFor:)`` keeps one indicator per level, as MatchIt's
///   `summary.matchit()` does through `get.covs.matrix()` (`contrasts = FALSE`): `raceblack`,
///   `racehispan`, `racewhite`.
///
/// Column names are R's: the covariate name followed directly by the level label. No intercept
/// column is stored; ``LogisticRegression`` adds its own.
///
/// A code outside `0..<levels.count` is treated as missing: every indicator of that row is NaN,
/// which the consumers report as a diagnostic rather than trapping.
public struct DesignMatrix: Sendable, Equatable {
    /// One named numeric column.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var values: [Double]
        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    /// Whole numbers stored narrow (the type's `.min` is missing), as a table stores them: the
    /// same type as a Cox covariate's.
    public typealias WholeNumbers = CoxModel.Covariate.Column.Integers

    /// One covariate as the user names it in a formula.
    public enum Covariate: Sendable, Equatable {
        /// A numeric (or 0/1) covariate used as is.
        case numeric(name: String, values: [Double])
        /// A numeric covariate of whole numbers stored narrow, read as the very same doubles
        /// (every value of these widths is one): widened only where a column of doubles is made,
        /// so that it takes 1 to 4 bytes a row while unused.
        case integers(name: String, values: WholeNumbers)
        /// A factor: `codes[i]` indexes `levels`; the first level is the reference in model columns.
        /// Codes are 32-bit, as a table stores them.
        case categorical(name: String, codes: [Int32], levels: [String])

        /// The covariate's name.
        public var name: String {
            switch self {
            case let .numeric(name, _), let .integers(name, _), let .categorical(name, _, _): return name
            }
        }

        /// Number of rows.
        public var count: Int {
            switch self {
            case let .numeric(_, values): return values.count
            case let .integers(_, values): return values.count
            case let .categorical(_, codes, _): return codes.count
            }
        }

        /// For a numeric covariate (`.numeric` or `.integers`), calls `body` with its row count and
        /// a reader of its value at a row; nil for a factor.
        @inline(__always)
        func withNumbers<R>(_ body: (Int, (Int) -> Double) -> R) -> R? {
            switch self {
            case let .numeric(_, values): return values.withUnsafeBufferPointer { v in body(v.count) { v[$0] } }
            case let .integers(_, values): return values.withValues(body)
            case .categorical: return nil
            }
        }

        /// A factor from string values with R's default level order (sorted, one per distinct
        /// value). Sorting uses Swift's `<` on strings (code point order); this equals R's locale
        /// collation for lowercase ASCII labels, but R in a UTF-8 locale sorts case-insensitively.
        public static func categorical(name: String, strings: [String]) -> Covariate {
            let levels = Array(Set(strings)).sorted()
            var index: [String: Int32] = [:]
            // A level beyond Int32.max (more levels than a code holds) reads as missing.
            for (i, l) in levels.enumerated() { index[l] = Int32(exactly: i) ?? -1 }
            return .categorical(name: name, codes: strings.map { index[$0] ?? -1 }, levels: levels)
        }
    }

    /// The columns in formula order.
    public var columns: [Column]

    /// Number of rows (0 when there are no columns).
    public var rowCount: Int { columns.first?.values.count ?? 0 }

    public init(columns: [Column]) {
        self.columns = columns
    }

    /// Treatment-contrast columns, as `model.matrix(~ ...)` without the intercept column.
    public init(modelColumnsFor covariates: [Covariate]) {
        columns = covariates.flatMap { DesignMatrix.expand($0, dropReference: true) }
    }

    /// One column per numeric covariate and one indicator per (used) level of each factor, as
    /// MatchIt's balance summary lists them.
    public init(balanceColumnsFor covariates: [Covariate]) {
        columns = covariates.flatMap { DesignMatrix.expand($0, dropReference: false) }
    }

    /// Expands one covariate; levels with no unit are dropped first, like R's `droplevels`.
    static func expand(_ covariate: Covariate, dropReference: Bool) -> [Column] {
        columnMakers(covariate, dropReference: dropReference).map { $0() }
    }

    /// The columns of ``expand(_:dropReference:)``, each made when its closure is called, so that
    /// a caller can hold one factor indicator at a time.
    static func columnMakers(_ covariate: Covariate, dropReference: Bool) -> [@Sendable () -> Column] {
        switch covariate {
        case let .numeric(name, values):
            return [{ Column(name: name, values: values) }]
        case let .integers(name, values):
            return [{ Column(name: name, values: values.withValues { n, x in (0..<n).map(x) }) }]
        case let .categorical(name, codes, levels):
            var used = [Bool](repeating: false, count: levels.count)
            for c in codes where c >= 0 && Int(c) < levels.count { used[Int(c)] = true }
            let kept = levels.indices.filter { used[$0] }
            let indicators = dropReference ? Array(kept.dropFirst()) : kept
            return indicators.map { level in
                {
                    let values = codes.map { c -> Double in
                        guard c >= 0 && Int(c) < levels.count else { return .nan }
                        return Int(c) == level ? 1 : 0
                    }
                    return Column(name: name + levels[level], values: values)
                }
            }
        }
    }
}

extension DesignMatrix.WholeNumbers: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case let (.int8(x), .int8(y)): return x == y
        case let (.int16(x), .int16(y)): return x == y
        case let (.int32(x), .int32(y)): return x == y
        default: return false
        }
    }
}
