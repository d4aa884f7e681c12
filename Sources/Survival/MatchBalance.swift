import Foundation
/// Covariate balance before and after matching, reproducing `summary(m)` of MatchIt 4.5.1 for
/// the ATT (`summary.matchit()` with `standardize = TRUE`, `pair.dist = TRUE`, per-variable
/// statistics from `bal1var()`).
///
/// One row per column of the balance design (one indicator per factor level, see
/// ``DesignMatrix/init(balanceColumnsFor:)``), preceded by a `distance` row when a distance is
/// given. For variable x, treated T, controls C, weights w (1 before matching, the matching
/// weights after):
/// - means: weighted means sum(w x) / sum(w) in each group;
/// - standardized mean difference: (mean_T - mean_C) / s, with s the SD of x among the treated in
///   the *unmatched* sample, the same s before and after. Binary (all 0/1) variables use
///   s = sqrt(p (1 - p)); others the n - 1 variance. If s is not finite or below sqrt(DBL_EPSILON),
///   the pooled SD of both groups is used. If |mean_T - mean_C| <= sqrt(DBL_EPSILON) the raw
///   difference is reported unstandardized, as MatchIt does;
/// - variance ratio var_T / var_C with weighted variances sum(w (x - m)^2) / (1 - sum(w^2)),
///   w normalised to sum 1; `nil` for binary variables;
/// - eCDF mean and max: mean and max over distinct values of |F_T(x) - F_C(x)| with weighted
///   empirical CDFs; for binary variables both equal |mean_T - mean_C|;
/// - standardized pair distance (matched only): mean |x_t - x_c| over all matched pairs,
///   divided by s when it exceeds 1e-8.
///
/// Statistics that cannot be computed (fewer than 2 units with positive weight in both groups)
/// are `nil`, as R's `NA`; a covariate without variation gets SMD 0 (its raw mean difference) and
/// is listed in ``constantColumns``.
public struct MatchBalance: Sendable {
    /// One row of the balance table.
    public struct Row: Sendable, Equatable {
        public var name: String
        public var meanTreated: Double
        public var meanControl: Double
        /// `Std. Mean Diff.`
        public var standardizedMeanDifference: Double?
        /// `Var. Ratio`; nil for binary variables.
        public var varianceRatio: Double?
        public var eCDFMean: Double?
        public var eCDFMax: Double?
        /// `Std. Pair Dist.`; nil before matching.
        public var standardizedPairDistance: Double?

        /// True when |SMD| > 0.1, the usual threshold for meaningful imbalance.
        public var isImbalanced: Bool { (standardizedMeanDifference.map { Swift.abs($0) > 0.1 }) ?? false }
    }

    /// Sample sizes, as `summary(m)$nn` (`Control`, `Treated` columns).
    public struct SampleSizes: Sendable, Equatable {
        public var allControl: Int
        public var allTreated: Int
        public var matchedControlESS: Double
        public var matchedTreatedESS: Double
        public var matchedControl: Int
        public var matchedTreated: Int
        public var unmatchedControl: Int
        public var unmatchedTreated: Int
    }

    /// `sum.all`: the unmatched sample.
    public var all: [Row]
    /// `sum.matched`: weighted by the matching weights.
    public var matched: [Row]
    public var sampleSizes: SampleSizes
    /// Names of balance columns that take a single value.
    public var constantColumns: [String]

    /// Computes the table.
    /// - Parameters:
    ///   - covariates: balance columns (all factor levels).
    ///   - distance: the matching distance, reported first as `distance`; nil to omit.
    ///   - treated: treatment indicator per unit.
    ///   - match: the matching result supplying weights and matched pairs.
    ///   - threads: with more than 1, the columns are sorted two at a time (results are the same).
    public init(covariates: DesignMatrix, distance: [Double]?, treated: [Bool], match: NearestNeighborMatcher.Result,
                threads: Int = 1) {
        self.init(covariates: covariates, distance: distance, treated: treated, match: match, threads: threads,
                  distanceOrder: nil)
    }

    /// ``init(covariates:distance:treated:match:threads:)`` given the stable ascending order of
    /// `distance` when it is already known (``stableOrder(_:)`` of its ``sortableBits(_:)``, as
    /// the matcher sorts it), which then is not sorted again.
    init(covariates: DesignMatrix, distance: [Double]?, treated: [Bool], match: NearestNeighborMatcher.Result,
         threads: Int, distanceOrder: [Int32]?) {
        let n = treated.count
        let used = covariates.columns.filter { $0.values.count == n }
        self.init(columnGroups: [used.map { c in { c } }], distance: distance, treated: treated, match: match,
                  threads: threads, distanceOrder: distanceOrder, prepared: nil)
        constantColumns = covariates.columns.filter(MatchBalance.isConstant).map(\.name)
    }

    /// The table for balance covariates as ``DesignMatrix/init(balanceColumnsFor:)`` expands
    /// them, made a few columns at a time (see ``columnGroups(_:)``). The rows are those of the
    /// expanded design. `prepared`, made from the same covariates and treatment, supplies the
    /// orders and unmatched rows it holds, which are then not made again.
    init(balanceCovariates: [DesignMatrix.Covariate], distance: [Double]?, treated: [Bool],
         match: NearestNeighborMatcher.Result, threads: Int, distanceOrder: consuming [Int32]?,
         prepared: consuming Prepared? = nil) {
        self.init(columnGroups: MatchBalance.columnGroups(balanceCovariates).map(\.makers), distance: distance,
                  treated: treated, match: match, threads: threads, distanceOrder: consume distanceOrder,
                  prepared: consume prepared)
    }

    /// The balance columns of covariates in groups made together: numeric covariates (which share
    /// the caller's values) together, each factor indicator and each widened `.integers` covariate
    /// on its own, so that a factor's indicators or the widened integers never all exist at once.
    /// `numeric` marks the groups of numeric covariates.
    static func columnGroups(_ covariates: [DesignMatrix.Covariate])
        -> [(makers: [@Sendable () -> DesignMatrix.Column], numeric: Bool)] {
        var groups: [(makers: [@Sendable () -> DesignMatrix.Column], numeric: Bool)] = []
        var numeric: [@Sendable () -> DesignMatrix.Column] = []
        for c in covariates {
            let makers = DesignMatrix.columnMakers(c, dropReference: false)
            if case .numeric = c {
                numeric += makers
            } else {
                if !numeric.isEmpty { groups.append((numeric, true)); numeric = [] }
                groups += makers.map { ([$0], false) }
            }
        }
        if !numeric.isEmpty { groups.append((numeric, true)) }
        return groups
    }

    /// What a column's rows need that is known before the match: whether it is binary, its
    /// sorted order (nil for binary columns), and its row of the unmatched table.
    struct KnownColumn: Sendable {
        var binary: Bool
        var order: SortedOrder?
        var allRow: Row?
    }

    /// The part of the table that does not depend on the match, made while the match runs (on
    /// another thread): for the columns of numeric covariates, in order, as long as their orders
    /// together hold at most `unitBudget` units, whether each is binary, its sorted order and its
    /// unmatched row, each computed as the table computes it, so the table is the same.
    struct Prepared: Sendable {
        /// Per group of ``columnGroups(_:)``, the known columns, in column order (a prefix of the group's).
        var groups: [[KnownColumn]]

        init(balanceCovariates: [DesignMatrix.Covariate], treated: [Bool], unitBudget: Int) {
            let n = treated.count
            let ctx = Context(treated: treated)
            let tooSmallAll = ctx.i1.count < 2 && ctx.i0.count < 2
            var budget = unitBudget
            groups = MatchBalance.columnGroups(balanceCovariates).map { group in
                guard group.numeric else { return [] }
                var known: [KnownColumn] = []
                for make in group.makers {
                    let c = make()
                    guard c.values.count == n, budget >= n else { break }
                    let binary = MatchBalance.isBinary(c)
                    let order = binary ? nil : SortedOrder(c.values)
                    if !binary { budget -= n }
                    known.append(KnownColumn(binary: binary, order: order,
                                             allRow: MatchBalance.row(c, weights: nil, matched: false, ctx, order: order,
                                                                      binary: binary, tooSmall: tooSmallAll)))
                }
                return known
            }
        }
    }

    /// Whether the table's work is split over two threads (part made beside the search, then the
    /// column groups two at a time): from 50,000 units, where a second thread pays, up to 2^22,
    /// so that the orders held at once stay within 2^22 units a thread.
    static func usesSecondThread(units n: Int, threads: Int) -> Bool { threads > 1 && n >= 50_000 && n <= 1 << 22 }

    /// True when every value of the column is 0 or 1.
    static func isBinary(_ c: DesignMatrix.Column) -> Bool { c.values.allSatisfy { $0 == 0 || $0 == 1 } }

    /// The table for columns made group by group (in row order); columns whose length is not the
    /// number of units are passed over, and ``constantColumns`` lists the constant ones. The
    /// distance's order is dropped once the distance's rows are made; `prepared` gives what is
    /// known of the first columns of groups (``Prepared/groups``).
    private init(columnGroups: [[@Sendable () -> DesignMatrix.Column]], distance: [Double]?, treated: [Bool],
                 match: NearestNeighborMatcher.Result, threads: Int, distanceOrder: consuming [Int32]?,
                 prepared: consuming Prepared?) {
        let n = treated.count
        let weights = match.weights.count == n ? match.weights : [Double](repeating: 0, count: n)
        let ctx = Context(treated: treated, weights: weights, match: match)
        let (t1, t0) = (ctx.i1, ctx.i0)
        let tooSmallAll = t1.count < 2 && t0.count < 2              // with unit weights
        let tooSmallMatched = MatchBalance.tooSmall(weights, ctx)

        // A sort needs about 20 bytes a unit while it runs and its order 12 after, so columns are
        // taken a batch at a time, each batch's orders dropped before the next is sorted: two sorts
        // at once (on two threads) up to 2^22 units, one at a time above that.
        let sortsPerBatch = threads > 1 && n <= 1 << 22 ? 2 : 1
        /// The unmatched and matched rows of a group of columns; one sort per non-binary column
        /// serves both tables. `known` holds what is known of the first columns (each order
        /// dropped once used); sorts use up to `threads` threads.
        func rows(_ cols: [DesignMatrix.Column], known: inout [KnownColumn?], threads: Int) -> (all: [Row], matched: [Row]) {
            var allRows: [Row] = [], matchedRows: [Row] = []
            let binary = cols.indices.map { j in (j < known.count ? known[j]?.binary : nil) ?? MatchBalance.isBinary(cols[j]) }
            var start = 0
            while start < cols.count {
                // The batch: columns from `start` holding at most `sortsPerBatch` orders (known or sorted).
                var end = start, orderCount = 0
                while end < cols.count {
                    if !binary[end] { if orderCount == sortsPerBatch { break }; orderCount += 1 }
                    end += 1
                }
                let batch = Array(cols[start..<end])
                var given: [SortedOrder?] = []
                var knownRows: [Row?] = []
                for j in start..<end {
                    given.append(j < known.count ? known[j]?.order : nil)
                    knownRows.append(j < known.count ? known[j]?.allRow : nil)
                    if j < known.count { known[j]?.order = nil }
                }
                let orders = MatchBalance.sortedOrders(batch, binary: Array(binary[start..<end]), threads: threads,
                                                       given: consume given)
                for (k, j) in (start..<end).enumerated() {
                    allRows.append(knownRows[k] ?? MatchBalance.row(cols[j], weights: nil, matched: false, ctx, order: orders[k],
                                                                    binary: binary[j], tooSmall: tooSmallAll))
                    matchedRows.append(MatchBalance.row(cols[j], weights: weights, matched: true, ctx, order: orders[k], binary: binary[j],
                                                        tooSmall: tooSmallMatched))
                }
                start = end
            }
            return (allRows, matchedRows)
        }
        var distanceColumn: [DesignMatrix.Column] = []
        var distanceKnown: KnownColumn? = nil
        var order: [Int32]? = consume distanceOrder
        if let d = distance, d.count == n {
            let column = DesignMatrix.Column(name: "distance", values: d)
            distanceColumn = [column]
            if let given = order, given.count == n {
                let binary = MatchBalance.isBinary(column)
                distanceKnown = KnownColumn(binary: binary, order: binary ? nil : SortedOrder(d, permutation: given), allRow: nil)
            }
        }
        order = nil                                        // held by `distanceKnown` when used
        // What is known of each group's first columns: the distance (first in group 0) and the prepared ones.
        // Without columns, the distance is group 0 on its own.
        let groupCount = Swift.max(columnGroups.count, distanceColumn.isEmpty ? 0 : 1)
        var preparedGroups = (consume prepared)?.groups ?? []
        var knowns: [[KnownColumn?]] = (0..<groupCount).map { g in
            var known: [KnownColumn?] = g < preparedGroups.count ? preparedGroups[g] : []
            if g == 0 && !distanceColumn.isEmpty { known.insert(distanceKnown, at: 0) }
            return known
        }
        preparedGroups = []
        distanceKnown = nil
        /// The rows of group `g` (the distance's first in group 0) and its constant columns' names.
        func groupRows(_ g: Int, known: inout [KnownColumn?], threads: Int) -> (all: [Row], matched: [Row], constant: [String]) {
            let cols = g < columnGroups.count ? columnGroups[g].map { $0() }.filter { $0.values.count == n } : []
            let made = rows(g == 0 ? distanceColumn + cols : cols, known: &known, threads: threads)
            return (made.all, made.matched, cols.filter(MatchBalance.isConstant).map(\.name))
        }
        var allRows: [Row] = [], matchedRows: [Row] = [], constant: [String] = []
        if MatchBalance.usesSecondThread(units: n, threads: threads) && groupCount > 1 {
            // Two groups at a time, one per thread (their columns and orders at most 2^22 units each).
            let given = knowns
            knowns = []
            let made = Slots<(all: [Row], matched: [Row], constant: [String])>(count: groupCount)
            ParallelChunks.run(parts: 2) { part in
                for g in stride(from: part, to: groupCount, by: 2) {
                    var known = given[g]
                    made.slots[g] = groupRows(g, known: &known, threads: 1)
                }
            }
            for g in 0..<groupCount {
                if let r = made.slots[g] { allRows += r.all; matchedRows += r.matched; constant += r.constant }
            }
        } else {
            for g in 0..<groupCount {
                var known = knowns[g]
                knowns[g] = []                             // each order dropped once used
                let r = groupRows(g, known: &known, threads: threads)
                allRows += r.all
                matchedRows += r.matched
                constant += r.constant
            }
        }
        all = allRows
        matched = matchedRows
        constantColumns = constant

        func ess(_ idx: [Int32]) -> Double {
            let s = idx.reduce(0.0) { $0 + weights[Int($1)] }
            let s2 = idx.reduce(0.0) { $0 + weights[Int($1)] * weights[Int($1)] }
            return s2 > 0 ? s * s / s2 : .nan
        }
        let mc = t0.reduce(0) { $0 + (weights[Int($1)] > 0 ? 1 : 0) }
        let mt = t1.reduce(0) { $0 + (weights[Int($1)] > 0 ? 1 : 0) }
        sampleSizes = SampleSizes(allControl: t0.count, allTreated: t1.count,
                                  matchedControlESS: ess(t0), matchedTreatedESS: ess(t1),
                                  matchedControl: mc, matchedTreated: mt,
                                  unmatchedControl: t0.count - mc, unmatchedTreated: t1.count - mt)
    }

    /// True when the column has values and all are the same.
    static func isConstant(_ c: DesignMatrix.Column) -> Bool {
        guard let f = c.values.first else { return false }
        return c.values.allSatisfy { $0 == f }
    }

    /// The sorted order of each non-binary column (nil for binary ones), on two threads when
    /// asked and there is more than one column to sort.
    /// `given` holds the orders already known (by column; nil or missing where not), which are
    /// not sorted again.
    static func sortedOrders(_ cols: [DesignMatrix.Column], binary: [Bool], threads: Int,
                             given: consuming [SortedOrder?] = []) -> [SortedOrder?] {
        var known = consume given
        if known.count < cols.count { known += [SortedOrder?](repeating: nil, count: cols.count - known.count) }
        let toSort = cols.indices.filter { !binary[$0] && known[$0] == nil }
        guard threads > 1, toSort.count > 1, cols.first.map({ $0.values.count >= 50_000 }) == true else {
            for j in toSort { known[j] = SortedOrder(cols[j].values) }
            return known
        }
        let box = Slots<SortedOrder>(count: cols.count)
        for j in cols.indices { box.slots[j] = known[j] }
        known = []
        ParallelChunks.run(parts: toSort.count) { k in
            let j = toSort[k]
            box.slots[j] = SortedOrder(cols[j].values)
        }
        return Array(UnsafeBufferPointer(start: box.slots, count: cols.count))
    }

    /// Result slots for work split over threads; each task writes only its own slot.
    final class Slots<Element>: @unchecked Sendable {
        let slots: UnsafeMutablePointer<Element?>
        let count: Int
        init(count: Int) {
            self.count = count
            slots = .allocate(capacity: Swift.max(count, 1))
            slots.initialize(repeating: nil, count: count)
        }
        deinit {
            slots.deinitialize(count: count)
            slots.deallocate()
        }
    }

    /// The units of each group and the matched pairs, as 32-bit unit numbers (``NearestNeighborMatcher``
    /// matches fewer than `Int32.max` units).
    struct Context {
        var treated: [Bool]
        var i1: [Int32]
        var i0: [Int32]
        var pairs: [(treated: Int32, control: Int32)]
        /// The treated and control units with a non-zero matching weight.
        var m1: [Int32]
        var m0: [Int32]

        /// The units of each group, with no match (no pairs and no weighted units): enough for
        /// the rows of the unmatched table.
        init(treated: [Bool]) {
            self.treated = treated
            let n = treated.count
            let n1 = treated.reduce(0) { $0 + ($1 ? 1 : 0) }
            // Unit numbers fit: a result with units beyond Int32 is never made (`match` refuses them).
            func units(_ count: Int, _ keep: (Int) -> Bool) -> [Int32] {
                var list: [Int32] = []
                list.reserveCapacity(count)
                for i in 0..<n where keep(i) { list.append(Int32(truncatingIfNeeded: i)) }
                return list
            }
            i1 = units(n1) { treated[$0] }
            i0 = units(n - n1) { !treated[$0] }
            m1 = []
            m0 = []
            pairs = []
        }

        /// The units of each group, those with a non-zero weight, and the matched pairs.
        init(treated: [Bool], weights: [Double], match: NearestNeighborMatcher.Result) {
            self.init(treated: treated)
            m1 = i1.filter { weights[Int($0)] != 0 }
            m0 = i0.filter { weights[Int($0)] != 0 }
            var pairs: [(treated: Int32, control: Int32)] = []
            pairs.reserveCapacity(match.matchedControls.reduce(0) { $0 + $1.count })
            for (t, cs) in zip(match.treatedRows, match.matchedControls) {
                for c in cs { pairs.append((Int32(truncatingIfNeeded: t), Int32(truncatingIfNeeded: c))) }
            }
            self.pairs = pairs
        }
    }

    static let sqrtEps = Double.ulpOfOne.squareRoot()

    /// True when fewer than 2 units have a non-zero weight in both groups (statistics are then NA).
    static func tooSmall(_ ww: [Double], _ c: Context) -> Bool {
        func weighted(_ idx: [Int32]) -> Int { idx.reduce(0) { $0 + (ww[Int($1)] != 0 ? 1 : 0) } }
        return weighted(c.i1) < 2 && weighted(c.i0) < 2
    }

    /// `bal1var()` for one column; `binary` says whether all its values are 0 or 1, `tooSmall`
    /// is ``tooSmall(_:_:)`` of the weights; `weights` nil means all 1.
    static func row(_ column: DesignMatrix.Column, weights ww: [Double]?, matched: Bool, _ c: Context,
                    order: SortedOrder?, binary: Bool, tooSmall: Bool) -> Row {
        let x = column.values
        // Weighted sums may pass over units of weight 0 when x is finite: each adds 0 * (finite),
        // a zero, which leaves a sum that started at +0 unchanged, so the result is the same bits.
        // Not when a group has no weighted unit (the statistics are then NaN, as computed in full).
        let skipZero = matched && x.allSatisfy(\.isFinite)
        let w1 = skipZero && !c.m1.isEmpty ? c.m1 : c.i1
        let w0 = skipZero && !c.m0.isEmpty ? c.m0 : c.i0
        let mT = weightedMean(x, ww, w1)
        let mC = weightedMean(x, ww, w0)
        let mdiff = mT - mC
        var row = Row(name: column.name, meanTreated: mT, meanControl: mC)
        if Swift.abs(mdiff) > sqrtEps {
            if !tooSmall {
                var s = weightedVariance(x, binary: binary, nil, c.i1).squareRoot()
                if !s.isFinite || s < sqrtEps { s = pooledSD(x, binary: binary, c) }
                row.standardizedMeanDifference = mdiff / s
                if matched { row.standardizedPairDistance = pairDistance(x, c.pairs, sd: s) }
            }
        } else if mdiff.isFinite {
            row.standardizedMeanDifference = mdiff
            if matched { row.standardizedPairDistance = pairDistance(x, c.pairs, sd: nil) }
        }
        if binary {
            row.eCDFMean = Swift.abs(mdiff)
            row.eCDFMax = Swift.abs(mdiff)
        } else if !tooSmall {
            row.varianceRatio = weightedVariance(x, binary: false, ww, w1) / weightedVariance(x, binary: false, ww, w0)
            let (mean, max) = eCDFDifference(order ?? SortedOrder(x), ww, c)
            row.eCDFMean = mean
            row.eCDFMax = max
        }
        return row
    }

    /// `wm()`: sum(w x) / sum(w) over `idx`; `w == nil` means unit weights (x * 1 is x).
    static func weightedMean(_ x: [Double], _ w: [Double]?, _ idx: [Int32]) -> Double {
        var sx = 0.0, sw = 0.0
        x.withUnsafeBufferPointer { xb in
            if let w {
                w.withUnsafeBufferPointer { wb in
                    for u in idx {
                        let i = Int(u)
                        if i >= 0 && i < xb.count && i < wb.count { sx += xb[i] * wb[i]; sw += wb[i] }
                    }
                }
            } else {
                for u in idx where u >= 0 && Int(u) < xb.count { sx += xb[Int(u)]; sw += 1 }
            }
        }
        return sx / sw
    }

    /// `wvar()`: weights normalised to 1; binary p (1 - p), otherwise sum(w (x - m)^2) / (1 - sum w^2).
    /// `w == nil` means unit weights.
    static func weightedVariance(_ x: [Double], binary: Bool, _ w: [Double]?, _ idx: [Int32]) -> Double {
        var sw = 0.0
        for u in idx { sw += w?[Int(u)] ?? 1 }
        var mx = 0.0
        for u in idx { let i = Int(u); mx += (w?[i] ?? 1) / sw * x[i] }
        if binary { return mx * (1 - mx) }
        var ss = 0.0, sw2 = 0.0
        for u in idx {
            let i = Int(u)
            let wi = (w?[i] ?? 1) / sw
            ss += wi * (x[i] - mx) * (x[i] - mx)
            sw2 += wi * wi
        }
        return ss / (1 - sw2)
    }

    /// `pooled_sd(x, t, w = 1)` with proportional contribution, the fallback denominator.
    static func pooledSD(_ x: [Double], binary: Bool, _ c: Context) -> Double {
        let n = Double(x.count)
        if binary {
            var v = 0.0
            for idx in [c.i1, c.i0] where !idx.isEmpty {
                let sx = idx.reduce(0.0) { $0 + x[Int($1)] }
                v += sx * (1 - sx / Double(idx.count)) / n
            }
            return v.squareRoot()
        }
        var centered = x
        for idx in [c.i1, c.i0] where !idx.isEmpty {
            let m = idx.reduce(0.0) { $0 + x[Int($1)] } / Double(idx.count)
            for u in idx { centered[Int(u)] = x[Int(u)] - m }
        }
        let w = 1 / n
        let ss = centered.reduce(0.0) { $0 + w * $1 * $1 }
        return (ss / (1 - n * w * w)).squareRoot()
    }

    /// `pair.dist()` with a match matrix: mean |x_t - x_c| over matched pairs, divided by `sd`
    /// when given and the mean exceeds 1e-8.
    static func pairDistance(_ x: [Double], _ pairs: [(treated: Int32, control: Int32)], sd: Double?) -> Double? {
        guard !pairs.isEmpty else { return nil }
        var s = 0.0
        for (t, k) in pairs { s += Swift.abs(x[Int(t)] - x[Int(k)]) }
        var d = s / Double(pairs.count)
        if let sd, Swift.abs(d) > 1e-8 { d /= sd }
        return d
    }

    /// The ascending order of a column and where each run of equal values ends.
    struct SortedOrder {
        var permutation: [Int32]
        var endsRun: [Bool]

        init(_ x: [Double]) {
            self.init(x, permutation: MatchBalance.stableOrder(of: x))
        }

        /// The order of `x` given its permutation, `stableOrder` of its sortable bits.
        init(_ x: [Double], permutation perm: [Int32]) {
            let n = x.count
            permutation = perm
            endsRun = (0..<n).map {
                $0 == n - 1 || MatchBalance.sortableBits(x[Int(perm[$0 + 1])]) != MatchBalance.sortableBits(x[Int(perm[$0])])
            }
        }
    }

    /// `qqsum(standardize = TRUE)`: weighted eCDF differences evaluated at each distinct value.
    /// Within a run of tied values the order of accumulation does not change the cumulative sum
    /// at the run's end (up to rounding), so the order of ties is immaterial.
    static func eCDFDifference(_ order: SortedOrder, _ w: [Double]?, _ c: Context) -> (Double, Double) {
        let n = order.permutation.count
        guard n > 0 else { return (.nan, .nan) }
        var sumT = 0.0, sumC = 0.0
        for i in 0..<n { if c.treated[i] { sumT += w?[i] ?? 1 } else { sumC += w?[i] ?? 1 } }
        let scaleT = 1 / sumT, scaleC = -1 / sumC
        var cum = 0.0, total = 0.0, maxDiff = 0.0
        var count = 0
        for k in 0..<n {
            let i = Int(order.permutation[k])
            let scale = c.treated[i] ? scaleT : scaleC
            cum += w.map { $0[i] * scale } ?? scale      // 1 * scale is scale
            if order.endsRun[k] {
                let e = Swift.abs(cum)
                total += e
                maxDiff = Swift.max(maxDiff, e)
                count += 1
            }
        }
        return (total / Double(count), maxDiff)
    }

    /// The indices of `keys` in ascending key order, ties in index order (a stable sort).
    ///
    /// Radix-sorts one 64-bit word per element, the key's high 32 bits above the index, which moves
    /// a third of the data of sorting the full keys with the indices alongside; then each run of
    /// equal high halves (short for continuous values, and already in order for true ties) is put
    /// in order of the low halves, stably.
    static func stableOrder(_ keys: [UInt64]) -> [Int32] {
        keys.withUnsafeBufferPointer { kb in stableOrder(count: kb.count) { kb[$0] } }
    }

    /// ``stableOrder(_:)`` of the ``sortableBits(_:)`` of `values`, without an array of the keys.
    static func stableOrder(of values: [Double]) -> [Int32] {
        if let order = wholeNumberOrder(values) { return order }
        return values.withUnsafeBufferPointer { vb in stableOrder(count: vb.count) { sortableBits(vb[$0]) } }
    }

    /// ``stableOrder(of:)`` by counting, when every value is a whole number and they span fewer
    /// than 2^16 (ages, scores, indicators): the same order, since a stable sort's order is unique
    /// and whole numbers compare as their ``sortableBits(_:)`` do (-0 ties with +0 in both), made
    /// with no array but the order itself; nil for other values.
    static func wholeNumberOrder(_ values: [Double]) -> [Int32]? {
        let n = values.count
        guard n > 1, n <= Int(Int32.max) else { return nil }
        let limit = 1 << 16
        return values.withUnsafeBufferPointer { v -> [Int32]? in
            var lo = v[0], hi = v[0]
            for x in v {
                // NaN and infinities fail the first test or give no finite span below.
                guard x.rounded(.towardZero) == x else { return nil }
                if x < lo { lo = x } else if x > hi { hi = x }
                guard hi - lo < Double(limit) else { return nil }
            }
            // x - lo is exact: both are whole numbers less than 2^16 apart.
            let buckets = Int(hi - lo) + 1
            var start = [Int](repeating: 0, count: buckets + 1)
            for x in v { start[Int(x - lo) &+ 1] &+= 1 }
            for b in 0..<buckets { start[b + 1] &+= start[b] }
            return [Int32](unsafeUninitializedCapacity: n) { order, initialized in
                for i in 0..<n {
                    let b = Int(v[i] - lo)
                    order[start[b]] = Int32(truncatingIfNeeded: i)
                    start[b] &+= 1
                }
                initialized = n
            }
        }
    }

    /// ``stableOrder(_:)`` of the keys `key(0)`, ..., `key(n - 1)`.
    static func stableOrder(count n: Int, key: (Int) -> UInt64) -> [Int32] {
        guard n > 1 else { return n == 1 ? [0] : [] }
        guard n <= Int(Int32.max) else {
            var k = (0..<n).map(key)
            var order = (0..<n).map { Int32(truncatingIfNeeded: $0) }
            radixSort(&k, carrying: &order)
            return order
        }
        var packed = (0..<n).map { (key($0) & 0xFFFF_FFFF_0000_0000) | UInt64($0) }
        var none: [Int32] = []
        radixSort(&packed, carrying: &none, digitsFrom: 32)
        var order = packed.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
        var start = 0
        while start < n {
            let high = packed[start] >> 32
            var end = start + 1
            while end < n && packed[end] >> 32 == high { end += 1 }
            var mixed = false
            if end - start > 1 {
                let low0 = key(Int(order[start])) & 0xFFFF_FFFF
                for k in (start + 1)..<end where key(Int(order[k])) & 0xFFFF_FFFF != low0 { mixed = true; break }
            }
            if mixed {
                // Indices in the run are ascending, so sorting by (low half, index) is stable.
                order[start..<end].sort { a, b in
                    let la = key(Int(a)) & 0xFFFF_FFFF, lb = key(Int(b)) & 0xFFFF_FFFF
                    return la < lb || (la == lb && a < b)
                }
            }
            start = end
        }
        return order
    }

    /// Maps a double to an unsigned integer with the same order (-0 is mapped to +0).
    @inline(__always)
    static func sortableBits(_ v: Double) -> UInt64 {
        let b = (v == 0 ? 0.0 : v).bitPattern
        return b & (1 << 63) != 0 ? ~b : b | (1 << 63)
    }

    /// LSD radix sort on 11-bit digits (cache-friendly buckets), moving `values` along with
    /// `keys`; stable, O(n); the six digit histograms are counted in one pass, and passes whose
    /// digit is constant are skipped.
    /// With `digitsFrom` > 0 the passes of the 11-bit digits wholly below that bit are skipped:
    /// keys that agree from digit `digitsFrom / 11` up keep their input order. `values` may be
    /// empty (nothing carried).
    static func radixSort(_ keys: inout [UInt64], carrying values: inout [Int32], digitsFrom lowBit: Int = 0) {
        let n = keys.count
        let carry = !values.isEmpty
        guard n > 1, !carry || values.count == n, lowBit >= 0, lowBit < 64 else { return }
        let firstPass = lowBit / 11
        let buckets = 1 << 11
        var counts = [Int](repeating: 0, count: 6 * buckets)
        var k2 = [UInt64](repeating: 0, count: n)
        var v2 = [Int32](repeating: 0, count: carry ? n : 0)
        counts.withUnsafeMutableBufferPointer { cb in
            let c = cb.baseAddress!
            keys.withUnsafeBufferPointer { kb in
                for k in kb {
                    c[Int(k & 0x7FF)] &+= 1
                    c[buckets &+ Int((k >> 11) & 0x7FF)] &+= 1
                    c[2 &* buckets &+ Int((k >> 22) & 0x7FF)] &+= 1
                    c[3 &* buckets &+ Int((k >> 33) & 0x7FF)] &+= 1
                    c[4 &* buckets &+ Int((k >> 44) & 0x7FF)] &+= 1
                    c[5 &* buckets &+ Int((k >> 55) & 0x7FF)] &+= 1
                }
            }
            for pass in firstPass..<6 {
                let shift = UInt64(pass * 11)
                let h = c + pass * buckets
                if h[Int((keys[0] >> shift) & 0x7FF)] == n { continue }
                var sum = 0
                for i in 0..<buckets { let x = h[i]; h[i] = sum; sum &+= x }
                keys.withUnsafeBufferPointer { kb in
                    values.withUnsafeBufferPointer { vb in
                        k2.withUnsafeMutableBufferPointer { k2b in
                            v2.withUnsafeMutableBufferPointer { v2b in
                                if carry {
                                    for i in 0..<n {
                                        let k = kb[i]
                                        let d = Int((k >> shift) & 0x7FF)
                                        let pos = h[d]
                                        h[d] = pos &+ 1
                                        k2b[pos] = k
                                        v2b[pos] = vb[i]
                                    }
                                } else {
                                    for i in 0..<n {
                                        let k = kb[i]
                                        let d = Int((k >> shift) & 0x7FF)
                                        let pos = h[d]
                                        h[d] = pos &+ 1
                                        k2b[pos] = k
                                    }
                                }
                            }
                        }
                    }
                }
                swap(&keys, &k2)
                swap(&values, &v2)
            }
        }
    }
}
