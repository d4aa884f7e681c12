/// Pearson's chi-square test of independence in an r × c contingency table, as R's
/// `chisq.test(x)` with its defaults (no simulation; `correct = TRUE`).
///
/// Expected counts are E_ij = (row total_i)(column total_j)/N. The statistic is
/// Σ (|O − E| − Y)² / E with df = (r − 1)(c − 1) and the p-value `pchisq(X², df, lower = FALSE)`.
/// Y is the Yates continuity correction, applied as R applies it: only to 2 × 2 tables when
/// `correct` is true, and then as Y = min(0.5, min over cells |O − E|) — so a table whose observed
/// counts equal their expectations gets no correction.
///
/// The expected counts are returned so that callers can follow the usual rule of switching to
/// Fisher's exact test when some expected count is below 5 (`hasSmallExpectedCounts`); R warns
/// "Chi-squared approximation may be incorrect" in the same situation.
///
/// Edge behaviour: fewer than 2 rows or columns, ragged rows, negative or non-finite counts give
/// nil; so does a zero row or column total (R returns NaN there, as some E is 0).
public struct PearsonChiSquareTest: Sendable, Equatable {
    /// X², the (possibly continuity-corrected) statistic.
    public let statistic: Double
    public let degreesOfFreedom: Int
    /// P(χ²_df > X²).
    public let pValue: Double
    /// Expected counts under independence, row by row.
    public let expected: [[Double]]
    /// The Yates correction subtracted from every |O − E| (0 when not applied).
    public let yatesCorrection: Double

    /// Whether some expected count is below 5 (R's warning condition).
    public var hasSmallExpectedCounts: Bool { expected.contains { $0.contains { $0 < 5 } } }

    /// The test of a table of counts (non-integer counts are accepted, as in R).
    public static func test(table: [[Double]], correct: Bool = true) -> PearsonChiSquareTest? {
        guard table.count >= 2, let columns = table.first?.count, columns >= 2,
              table.allSatisfy({ $0.count == columns && $0.allSatisfy { $0.isFinite && $0 >= 0 } })
        else { return nil }
        let rowTotals = table.map { $0.reduce(0, +) }
        let columnTotals = (0..<columns).map { j in table.reduce(0.0) { $0 + $1[j] } }
        let n = rowTotals.reduce(0, +)
        guard rowTotals.allSatisfy({ $0 > 0 }), columnTotals.allSatisfy({ $0 > 0 }) else { return nil }
        let expected = rowTotals.map { r in columnTotals.map { c in r * c / n } }
        var yates = 0.0
        if correct && table.count == 2 && columns == 2 {
            var smallest = 0.5
            for i in 0..<2 { for j in 0..<2 { smallest = min(smallest, abs(table[i][j] - expected[i][j])) } }
            yates = smallest
        }
        var statistic = 0.0
        for i in table.indices {
            for j in 0..<columns {
                let deviation = abs(table[i][j] - expected[i][j]) - yates
                statistic += deviation * deviation / expected[i][j]
            }
        }
        let df = (table.count - 1) * (columns - 1)
        return PearsonChiSquareTest(statistic: statistic, degreesOfFreedom: df,
                                    pValue: ChiSquared.sf(statistic, df: Double(df)),
                                    expected: expected, yatesCorrection: yates)
    }

    /// The test of a table of integer counts.
    public static func test(table: [[Int]], correct: Bool = true) -> PearsonChiSquareTest? {
        test(table: table.map { $0.map(Double.init) }, correct: correct)
    }
}
