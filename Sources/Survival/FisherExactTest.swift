#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fisher's exact test of independence in a contingency table, as R's `fisher.test(x)` with its
/// defaults (alternative = "two.sided", conf.level = 0.95, or = 1).
///
/// - 2 × 2 (`twoByTwo`): conditioning on the margins, the count in the first cell is
///   hypergeometric under independence and noncentral hypergeometric with odds ratio ψ otherwise.
///   The p-value sums the probabilities (at ψ = 1) of all tables no more probable than the observed
///   one, with R's relative tolerance: P(table) ≤ P(observed)·(1 + 1e-7). The odds ratio is the
///   conditional maximum-likelihood estimate (the ψ at which the noncentral mean equals the
///   observed count), and the interval inverts the two one-sided tests at α = (1 − level)/2 —
///   both found with R's `uniroot` steps and tolerance (see `BrentZeroin`), so they agree with R
///   to rounding, not just to uniroot's 1e-4.
///   Edge behaviour as R: a count at the bottom of its support gives odds ratio 0 and lower limit 0;
///   at the top, odds ratio +∞ and upper limit +∞ (e.g. a table with a zero row gives 0 and
///   [0, +∞], p = 1). A table whose first-cell support exceeds `maxSupport` values is flagged
///   infeasible (all results nil).
/// - r × c (`test(table:)`): the same p-value rule, by exhaustive enumeration of the tables with
///   the observed margins (R uses the network algorithm of FEXACT, whose p-values are the same).
///   Tables with probability within relative 1e-7 of the observed one count as ties. The work is
///   capped by `maxTables` (and the total count by `maxEnumerationTotal`); beyond either the
///   result is flagged `isFeasible == false` with a nil p-value, never an endless loop.
///
/// Invalid input — negative counts, ragged rows, fewer than 2 rows or columns, a total above
/// 2^31 − 1 — gives nil.
public struct FisherExactTest: Sendable, Equatable {
    /// The two-sided p-value, or nil when the enumeration was not feasible.
    public let pValue: Double?
    /// The conditional MLE of the odds ratio (2 × 2 only; may be 0 or +∞).
    public let oddsRatio: Double?
    /// The confidence interval for the odds ratio (2 × 2 only).
    public let oddsRatioLower: Double?
    public let oddsRatioUpper: Double?
    /// The confidence level of the interval.
    public let level: Double
    /// False when an r × c table has more tables with its margins than `maxTables`.
    public let isFeasible: Bool
    /// How many tables the r × c enumeration visited (0 for 2 × 2).
    public let tablesEnumerated: Int

    /// The largest total count accepted (R requires integer counts, at most 2^31 − 1).
    public static let maxCount = Int(Int32.max)

    /// The largest support (number of possible first-cell counts) of a 2 × 2 table handled; R
    /// would allocate it whole as well. Beyond it the result is flagged infeasible.
    public static let maxSupport = 10_000_000

    /// The largest total count of an r × c table that is enumerated; beyond it, infeasible.
    public static let maxEnumerationTotal = 1_000_000

    /// The default cap on the r × c enumeration.
    public static let defaultMaxTables = 5_000_000

    /// The 2 × 2 test of the table [[a, b], [c, d]] (rows: a b / c d).
    public static func twoByTwo(_ a: Int, _ b: Int, _ c: Int, _ d: Int, level: Double = 0.95) -> FisherExactTest? {
        guard a >= 0, b >= 0, c >= 0, d >= 0, level > 0, level < 1,
              a <= maxCount - b, a + b <= maxCount - c, a + b + c <= maxCount - d else { return nil }
        let m = a + c, n = b + d, k = a + b
        if min(k, m) - max(0, k - n) + 1 > maxSupport {
            return FisherExactTest(pValue: nil, oddsRatio: nil, oddsRatioLower: nil, oddsRatioUpper: nil,
                                   level: level, isFeasible: false, tablesEnumerated: 0)
        }
        let model = NoncentralHypergeometric(m: m, n: n, k: k)
        let x = a
        let pValue = model.twoSidedPValue(x)
        let alpha = (1 - level) / 2
        return FisherExactTest(
            pValue: pValue, oddsRatio: model.conditionalMLE(x),
            oddsRatioLower: model.lowerLimit(x, alpha: alpha), oddsRatioUpper: model.upperLimit(x, alpha: alpha),
            level: level, isFeasible: true, tablesEnumerated: 0)
    }

    /// The test of an r × c table given as rows of counts. A 2 × 2 table goes to `twoByTwo` (and
    /// so also gets the odds ratio).
    public static func test(table: [[Int]], level: Double = 0.95, maxTables: Int = defaultMaxTables) -> FisherExactTest? {
        guard table.count >= 2, let columns = table.first?.count, columns >= 2,
              table.allSatisfy({ $0.count == columns && $0.allSatisfy { $0 >= 0 && $0 <= maxCount } }),
              table.reduce(0, { $0 + $1.reduce(0, +) }) <= maxCount else { return nil }
        if table.count == 2 && columns == 2 {
            return twoByTwo(table[0][0], table[0][1], table[1][0], table[1][1], level: level)
        }
        guard level > 0, level < 1 else { return nil }
        if table.reduce(0, { $0 + $1.reduce(0, +) }) > maxEnumerationTotal {
            return FisherExactTest(pValue: nil, oddsRatio: nil, oddsRatioLower: nil, oddsRatioUpper: nil,
                                   level: level, isFeasible: false, tablesEnumerated: 0)
        }
        let enumeration = TableEnumeration(table: table, maxTables: maxTables)
        let p = enumeration.pValue()
        return FisherExactTest(pValue: p.map { max(0, min(1, $0)) }, oddsRatio: nil, oddsRatioLower: nil,
                               oddsRatioUpper: nil, level: level, isFeasible: p != nil,
                               tablesEnumerated: enumeration.visited)
    }
}

/// The conditional distribution of the first cell of a 2 × 2 table given its margins, with
/// odds ratio ψ: P(X = x) ∝ C(m, x) C(n, k−x) ψ^x on lo...hi (R's `dnhyper` and friends inside
/// `fisher.test`). m, n are the column totals and k the first row's total.
private struct NoncentralHypergeometric {
    let m: Int, n: Int, k: Int
    let lo: Int, hi: Int
    let support: [Double]
    let logCentral: [Double]

    init(m: Int, n: Int, k: Int) {
        self.m = m; self.n = n; self.k = k
        lo = max(0, k - n)
        hi = min(k, m)
        support = hi >= lo ? (lo...hi).map(Double.init) : []
        logCentral = hi >= lo ? (lo...hi).map { Hypergeometric.logDensity($0, white: m, black: n, drawn: k) } : []
    }

    /// The probabilities at odds ratio ψ (0 < ψ < ∞), normalised after scaling by the largest.
    func density(_ psi: Double) -> [Double] {
        let lp = log(psi)
        var d = zip(logCentral, support).map { $0 + lp * $1 }
        let top = d.max() ?? 0
        d = d.map { exp($0 - top) }
        let total = d.reduce(0, +)
        return d.map { $0 / total }
    }

    func mean(_ psi: Double) -> Double {
        if psi == 0 { return Double(lo) }
        if psi == .infinity { return Double(hi) }
        return zip(support, density(psi)).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// P(X ≤ q) at ψ, or P(X ≥ q) when `upper` (x is the observed count, used at ψ = 1).
    func tail(_ q: Int, _ psi: Double, upper: Bool, observed x: Int) -> Double {
        if psi == 1 {
            return upper ? Hypergeometric.cdf(x - 1, white: m, black: n, drawn: k, upper: true)
                : Hypergeometric.cdf(x, white: m, black: n, drawn: k)
        }
        if psi == 0 { return (upper ? q <= lo : q >= lo) ? 1 : 0 }
        if psi == .infinity { return (upper ? q <= hi : q >= hi) ? 1 : 0 }
        let d = density(psi)
        var sum = 0.0
        for (i, s) in support.enumerated() where upper ? Int(s) >= q : Int(s) <= q { sum += d[i] }
        return sum
    }

    func twoSidedPValue(_ x: Int) -> Double {
        let d = density(1)
        guard x - lo >= 0, x - lo < d.count else { return 1 }
        let cutoff = d[x - lo] * (1 + 1e-7)
        return d.filter { $0 <= cutoff }.reduce(0, +)
    }

    func conditionalMLE(_ x: Int) -> Double? {
        if x == lo { return 0 }
        if x == hi { return .infinity }
        let mu = mean(1), target = Double(x)
        if mu > target {
            return uniroot(0, 1) { self.mean($0) - target }
        } else if mu < target {
            return uniroot(Double.ulpOfOne, 1) { self.mean(1 / $0) - target }.map { 1 / $0 }
        }
        return 1
    }

    /// R's `ncp.U`: the ψ with P(X ≤ x; ψ) = α.
    func upperLimit(_ x: Int, alpha: Double) -> Double? {
        if x == hi { return .infinity }
        let p = tail(x, 1, upper: false, observed: x)
        if p < alpha {
            return uniroot(0, 1) { self.tail(x, $0, upper: false, observed: x) - alpha }
        } else if p > alpha {
            return uniroot(Double.ulpOfOne, 1) { self.tail(x, 1 / $0, upper: false, observed: x) - alpha }.map { 1 / $0 }
        }
        return 1
    }

    /// R's `ncp.L`: the ψ with P(X ≥ x; ψ) = α.
    func lowerLimit(_ x: Int, alpha: Double) -> Double? {
        if x == lo { return 0 }
        let p = tail(x, 1, upper: true, observed: x)
        if p > alpha {
            return uniroot(0, 1) { self.tail(x, $0, upper: true, observed: x) - alpha }
        } else if p < alpha {
            return uniroot(Double.ulpOfOne, 1) { self.tail(x, 1 / $0, upper: true, observed: x) - alpha }.map { 1 / $0 }
        }
        return 1
    }

    /// `uniroot(f, c(lower, upper))$root` with R's defaults.
    private func uniroot(_ lower: Double, _ upper: Double, _ f: (Double) -> Double) -> Double? {
        BrentZeroin.root(lower: lower, upper: upper, fLower: f(lower), fUpper: f(upper), f)
    }
}

/// Exhaustive enumeration of the r × c tables with given margins, summing the probabilities of
/// those no more probable than the observed table (relative tolerance 1e-7).
private final class TableEnumeration {
    let rowTotals: [Int], columnTotals: [Int]
    let logFactorial: [Double]
    let logConstant: Double
    let threshold: Double
    let maxTables: Int
    private(set) var visited = 0
    private var remaining: [Int] = []
    private var sum = 0.0
    private var aborted = false

    init(table: [[Int]], maxTables: Int) {
        // Drop empty rows and columns (they do not change the distribution), and put the longer
        // dimension in the rows so that the recursion runs over fewer columns.
        var t = table.filter { $0.reduce(0, +) > 0 }
        if let width = t.first?.count {
            let keep = (0..<width).filter { j in t.reduce(0) { $0 + $1[j] } > 0 }
            t = t.map { row in keep.map { row[$0] } }
        }
        if let width = t.first?.count, width > t.count {
            t = (0..<width).map { j in t.map { $0[j] } }
        }
        let rows = t.map { $0.reduce(0, +) }
        let columns = t.first.map { first in (0..<first.count).map { j in t.reduce(0) { $0 + $1[j] } } } ?? []
        let total = rows.reduce(0, +)
        let lf: [Double] = (0...max(total, 1)).map { SpecialFunctions.logGamma(Double($0) + 1) }
        rowTotals = rows
        columnTotals = columns
        logFactorial = lf
        logConstant = rows.reduce(0.0) { $0 + lf[$1] } + columns.reduce(0.0) { $0 + lf[$1] } - lf[total]
        let observed = t.reduce(0.0) { acc, row in row.reduce(acc) { $0 - lf[$1] } }
        threshold = observed + 1e-7
        self.maxTables = maxTables
    }

    /// The p-value, or nil when more than `maxTables` tables would be needed.
    func pValue() -> Double? {
        if rowTotals.count < 2 || columnTotals.count < 2 { return 1 }
        remaining = rowTotals
        sum = 0
        fillColumn(0, logProduct: 0)
        return aborted ? nil : sum
    }

    /// Fills column `j`; `logProduct` is −Σ log n_ij! over the cells filled so far.
    private func fillColumn(_ j: Int, logProduct: Double) {
        if aborted { return }
        if j == columnTotals.count - 1 {
            // The last column is forced by the row remainders.
            visited += 1
            if visited > maxTables { aborted = true; return }
            var lp = logProduct
            for r in remaining { lp -= logFactorial[r] }
            if lp <= threshold { sum += exp(logConstant + lp) }
            return
        }
        fillCell(row: 0, column: j, left: columnTotals[j], logProduct: logProduct)
    }

    private func fillCell(row i: Int, column j: Int, left: Int, logProduct: Double) {
        if aborted { return }
        let rows = rowTotals.count
        if i == rows - 1 {
            guard left <= remaining[i] else { return }
            remaining[i] -= left
            fillColumn(j + 1, logProduct: logProduct - logFactorial[left])
            remaining[i] += left
            return
        }
        // The rows below must be able to absorb what this cell leaves.
        var below = 0
        for r in (i + 1)..<rows { below += remaining[r] }
        let low = max(0, left - below), high = min(left, remaining[i])
        if low > high { return }
        for v in low...high {
            remaining[i] -= v
            fillCell(row: i + 1, column: j, left: left - v, logProduct: logProduct - logFactorial[v])
            remaining[i] += v
            if aborted { return }
        }
    }
}

extension FisherExactTest {
    /// The Monte Carlo p-value of Fisher's exact test for an r × c table too large to enumerate,
    /// as R's `fisher.test(x, simulate.p.value = TRUE, B = replicates)`: tables with the observed
    /// margins are drawn uniformly from the permutation distribution (each draw shuffles the
    /// column labels of the individuals), and the p-value is
    /// (1 + #{draws no more probable than the observed table}) / (B + 1), where a table's
    /// probability is ∝ 1 / ∏ x_ij! and R's tolerance 1 + 64 ε decides ties.
    ///
    /// The draws come from `generator`, not R's; the p-value agrees with R's only within the
    /// Monte Carlo error (about sqrt(p(1 − p)/B)). Nil for invalid tables.
    public static func simulatedPValue<G: RandomNumberGenerator>(table: [[Int]], replicates: Int,
                                                                 using generator: inout G) -> Double? {
        guard table.count >= 2, let columns = table.first?.count, columns >= 2, replicates >= 1,
              table.allSatisfy({ $0.count == columns && $0.allSatisfy { $0 >= 0 } }) else { return nil }
        let rows = table.count
        let total = table.reduce(0) { $0 + $1.reduce(0, +) }
        guard total > 0, total <= maxEnumerationTotal * 10 else { return nil }
        var logFactorial = [Double](repeating: 0, count: total + 1)
        for k in stride(from: 2, through: total, by: 1) { logFactorial[k] = logFactorial[k - 1] + log(Double(k)) }
        func statistic(_ t: [[Int]]) -> Double { -t.reduce(0) { $0 + $1.reduce(0) { $0 + logFactorial[$1] } } }
        let observed = statistic(table)
        // The individuals' row labels; columns are filled in order of size, the largest last,
        // so each draw shuffles only the individuals of the smaller columns.
        let rowTotals = table.map { $0.reduce(0, +) }
        var labels: [Int32] = []
        labels.reserveCapacity(total)
        for r in 0..<rows { labels.append(contentsOf: repeatElement(Int32(r), count: rowTotals[r])) }
        var columnTotals = (0..<columns).map { c in table.reduce(0) { $0 + $1[c] } }
        let largest = columnTotals.indices.max { columnTotals[$0] < columnTotals[$1] }!
        columnTotals.swapAt(largest, columns - 1)
        let shuffled = total - columnTotals[columns - 1]
        let almostOne = 1 + 64 * Double.ulpOfOne
        let threshold = observed / almostOne
        var count = 0
        var counts = [Int](repeating: 0, count: rows * columns)
        for _ in 0..<replicates {
            for i in 0..<shuffled {
                let j = i + Int.random(in: 0..<(total - i), using: &generator)
                labels.swapAt(i, j)
            }
            for k in counts.indices { counts[k] = 0 }
            var position = 0
            for c in 0..<(columns - 1) {
                for _ in 0..<columnTotals[c] { counts[Int(labels[position]) * columns + c] += 1; position += 1 }
            }
            var stat = 0.0
            for r in 0..<rows {
                var rest = rowTotals[r]
                for c in 0..<(columns - 1) { stat += logFactorial[counts[r * columns + c]]; rest -= counts[r * columns + c] }
                stat += logFactorial[rest]
            }
            if -stat <= threshold { count += 1 }
        }
        return Double(1 + count) / Double(replicates + 1)
    }
}
