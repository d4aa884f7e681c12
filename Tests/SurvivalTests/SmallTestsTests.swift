import Testing
@testable import Survival

/// The small tests against R 4.2.2 (Fixtures/small_tests.json, from make_small_tests.R).
@Suite struct SmallTestsTests {
    /// Tolerance for statistics, p-values, odds ratios and interval bounds. Observed agreement is
    /// 2.5e-14 or better (the r × c Fisher sums are the loosest); 1e-12 leaves room for platforms.
    /// P-values are compared relatively all the way down (absolute floor 1e-300).
    static let rel = 1e-12

    @Test func binomialIntervalsMatchR() {
        let cases = SmallTestsFixture.cases("binom_ci")
        #expect(cases.count == 48)
        for c in cases {
            let x = c["x"].int!, n = c["n"].int!, level = c["level"].double!
            let label = "x=\(x) n=\(n) level=\(level)"
            let wilson = BinomialInterval.wilson(successes: x, trials: n, level: level)
            let corrected = BinomialInterval.wilson(successes: x, trials: n, level: level, continuityCorrection: true)
            let exact = BinomialInterval.clopperPearson(successes: x, trials: n, level: level)
            for (name, interval, key) in [("wilson", wilson, "wilson"), ("wilson cc", corrected, "wilson_cc"),
                                          ("clopper-pearson", exact, "clopper_pearson")] {
                let expected = c[key].values
                expectClose(interval?.lower, expected[0], rel: Self.rel, abs: 1e-15, "\(name) lower \(label)")
                expectClose(interval?.upper, expected[1], rel: Self.rel, abs: 1e-15, "\(name) upper \(label)")
            }
        }
    }

    @Test func binomialIntervalEdgeCases() {
        #expect(BinomialInterval.wilson(successes: 0, trials: 0) == nil)
        #expect(BinomialInterval.clopperPearson(successes: 0, trials: 0) == nil)
        #expect(BinomialInterval.wilson(successes: 4, trials: 3) == nil)
        #expect(BinomialInterval.clopperPearson(successes: -1, trials: 3) == nil)
        #expect(BinomialInterval.wilson(successes: 1, trials: 3, level: 1) == nil)
        #expect(BinomialInterval.clopperPearson(successes: 1, trials: 3, level: 0) == nil)
        let allFailures = BinomialInterval.clopperPearson(successes: 0, trials: 12)!
        #expect(allFailures.lower == 0)
        let allSuccesses = BinomialInterval.wilson(successes: 12, trials: 12)!
        #expect(allSuccesses.upper == 1)
        expectClose(allSuccesses.proportion, 1, rel: 1e-15)
    }

    @Test func fisherTwoByTwoMatchesR() {
        let cases = SmallTestsFixture.cases("fisher_2x2")
        #expect(cases.count == 40)
        for c in cases {
            let t = c["table"].values.map { Int($0) }, level = c["level"].double!
            let label = "table=\(t) level=\(level)"
            guard let result = FisherExactTest.twoByTwo(t[0], t[1], t[2], t[3], level: level) else {
                Issue.record("nil result for \(label)"); continue
            }
            let ci = c["ci"].values
            expectClose(result.pValue, c["p"].double, rel: Self.rel, abs: 1e-300, "p \(label)")
            expectClose(result.oddsRatio, c["odds_ratio"].double, rel: Self.rel, abs: 1e-300, "odds ratio \(label)")
            expectClose(result.oddsRatioLower, ci[0], rel: Self.rel, abs: 1e-300, "lower \(label)")
            expectClose(result.oddsRatioUpper, ci[1], rel: Self.rel, abs: 1e-300, "upper \(label)")
            // The general entry point sends 2 × 2 tables to the same computation.
            let general = FisherExactTest.test(table: [[t[0], t[1]], [t[2], t[3]]], level: level)
            #expect(general == result)
        }
    }

    @Test func fisherRByCMatchesR() {
        let cases = SmallTestsFixture.cases("fisher_rxc")
        #expect(cases.count == 9)
        for c in cases {
            let rows = c["rows"].int!, cols = c["cols"].int!
            let flat = c["table"].values.map { Int($0) }
            let table = (0..<rows).map { i in Array(flat[(i * cols)..<((i + 1) * cols)]) }
            let result = FisherExactTest.test(table: table)
            #expect(result?.isFeasible == true)
            expectClose(result?.pValue, c["p"].double, rel: Self.rel, abs: 1e-300, "p table=\(table)")
        }
    }

    @Test func fisherEdgeCases() {
        #expect(FisherExactTest.twoByTwo(-1, 2, 3, 4) == nil)
        #expect(FisherExactTest.test(table: [[1, 2, 3]]) == nil)
        #expect(FisherExactTest.test(table: [[1, 2], [3]]) == nil)
        #expect(FisherExactTest.twoByTwo(1, 2, 3, 4, level: 1.5) == nil)
        // All zeros: a single table, p = 1, odds ratio 0 with [0, ∞) as R reports.
        let empty = FisherExactTest.twoByTwo(0, 0, 0, 0)!
        #expect(empty.pValue == 1)
        #expect(empty.oddsRatio == 0)
        #expect(empty.oddsRatioUpper == .infinity)
        // A table too large to enumerate is flagged, not computed.
        let big = [[12, 9, 14, 7, 10], [8, 13, 6, 11, 12], [10, 7, 12, 9, 13], [11, 10, 9, 12, 8]]
        let capped = FisherExactTest.test(table: big, maxTables: 10_000)!
        #expect(!capped.isFeasible)
        #expect(capped.pValue == nil)
    }

    @Test func chiSquareMatchesR() {
        let cases = SmallTestsFixture.cases("chisq")
        #expect(cases.count == 10)
        for c in cases {
            let rows = c["rows"].int!, cols = c["cols"].int!
            let flat = c["table"].values
            let table = (0..<rows).map { i in Array(flat[(i * cols)..<((i + 1) * cols)]) }
            let label = "table=\(table)"
            guard let corrected = PearsonChiSquareTest.test(table: table),
                  let plain = PearsonChiSquareTest.test(table: table, correct: false) else {
                Issue.record("nil result for \(label)"); continue
            }
            expectClose(corrected.statistic, c["statistic"].double, rel: Self.rel, abs: 1e-300, "statistic \(label)")
            expectClose(corrected.pValue, c["p"].double, rel: Self.rel, abs: 1e-300, "p \(label)")
            #expect(Double(corrected.degreesOfFreedom) == c["df"].double)
            expectClose(plain.statistic, c["statistic_uncorrected"].double, rel: Self.rel, abs: 1e-300, "uncorrected \(label)")
            expectClose(plain.pValue, c["p_uncorrected"].double, rel: Self.rel, abs: 1e-300, "uncorrected p \(label)")
            let expected = c["expected"].values
            for (k, e) in corrected.expected.flatMap({ $0 }).enumerated() {
                expectClose(e, expected[k], rel: 1e-13, "expected[\(k)] \(label)")
            }
        }
    }

    @Test func chiSquareEdgeCases() {
        #expect(PearsonChiSquareTest.test(table: [[0, 0], [5, 5]] as [[Int]]) == nil)
        #expect(PearsonChiSquareTest.test(table: [[1, 2, 3]] as [[Int]]) == nil)
        #expect(PearsonChiSquareTest.test(table: [[1, -2], [3, 4]] as [[Int]]) == nil)
        #expect(PearsonChiSquareTest.test(table: [[1, .nan], [3, 4]]) == nil)
        let small = PearsonChiSquareTest.test(table: [[3, 1], [1, 3]] as [[Int]])!
        #expect(small.hasSmallExpectedCounts)
        #expect(small.yatesCorrection == 0.5)
        // Observed equal to expected: no correction to apply, as in R.
        let balanced = PearsonChiSquareTest.test(table: [[5, 5], [5, 5]] as [[Int]])!
        #expect(balanced.yatesCorrection == 0)
        #expect(balanced.pValue == 1)
    }

    @Test func wilcoxonMatchesR() {
        let cases = SmallTestsFixture.cases("wilcox")
        #expect(cases.count == 13)
        for c in cases {
            let x = c["x"].values, y = c["y"].values
            let label = "x=\(x.prefix(6)) y=\(y.prefix(6)) (n=\(x.count), \(y.count))"
            guard let result = WilcoxonRankSumTest.test(x, y) else { Issue.record("nil for \(label)"); continue }
            expectClose(result.statistic, c["W"].double, rel: 1e-14, "W \(label)")
            // R's NaN (every value tied) is our nil.
            let expectedP = c["p"].double.flatMap { $0.isNaN ? nil : $0 }
            expectClose(result.pValue, expectedP, rel: Self.rel, abs: 1e-300, "p \(label)")
        }
    }

    @Test func wilcoxonEdgeCases() {
        #expect(WilcoxonRankSumTest.test([], [1, 2]) == nil)
        #expect(WilcoxonRankSumTest.test([.nan, .infinity], [1, 2]) == nil)
        let tied = WilcoxonRankSumTest.test([5, 5, 5], [5, 5])!
        #expect(tied.pValue == nil)
        #expect(tied.hasTies && !tied.isExact)
        let dropped = WilcoxonRankSumTest.test([1, 2, .nan, 3], [4, 5, 6, 7])!
        #expect(dropped.xCount == 3 && dropped.isExact)
        // The exact null distribution sums to one and is symmetric.
        let d = MannWhitneyDistribution(m: 7, n: 5)
        expectClose(d.total, 792, rel: 1e-15)
        expectClose(d.cdf(17, upper: false), d.cdf(35 - 17 - 1, upper: true), rel: 1e-14)
        let large = MannWhitneyDistribution(m: 49, n: 49)
        expectClose(large.cdf(1200, upper: false) + large.cdf(1200, upper: true), 1, rel: 1e-14)
    }

    @Test func kruskalWallisMatchesR() {
        let cases = SmallTestsFixture.cases("kruskal")
        #expect(cases.count == 7)
        for c in cases {
            let x = c["x"].values, g = c["g"].values.map { Int($0) }
            let label = "x=\(x.prefix(6)) g=\(g.prefix(6))"
            guard let result = KruskalWallisTest.test(values: x, groups: g) else { Issue.record("nil for \(label)"); continue }
            #expect(Double(result.degreesOfFreedom) == c["df"].double)
            if c["statistic"].double?.isNaN ?? true {
                #expect(result.statistic.isNaN)
                #expect(result.pValue == nil)
            } else {
                expectClose(result.statistic, c["statistic"].double, rel: Self.rel, abs: 1e-300, "H \(label)")
                expectClose(result.pValue, c["p"].double, rel: Self.rel, abs: 1e-300, "p \(label)")
            }
        }
    }

    @Test func kruskalWallisEdgeCases() {
        #expect(KruskalWallisTest.test(values: [1, 2, 3], groups: ["a", "a", "a"]) == nil)
        #expect(KruskalWallisTest.test(values: [1, 2], groups: [1]) == nil)
        #expect(KruskalWallisTest.test(samples: [[1, 2], []]) == nil)
        #expect(KruskalWallisTest.test(samples: [[1, 2], [.nan]]) == nil)
        let viaSamples = KruskalWallisTest.test(samples: [[2.9, 3.0, 2.5], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4]])!
        let viaLabels = KruskalWallisTest.test(values: [2.9, 3.0, 2.5, 3.8, 2.7, 4.0, 2.4, 2.8, 3.4],
                                               groups: [0, 0, 0, 1, 1, 1, 1, 2, 2])!
        #expect(viaSamples == viaLabels)
        let withMissing = KruskalWallisTest.test(values: [1, .nan, 3, 4], groups: ["a", "b", "b", "a"])!
        #expect(withMissing.valueCount == 3)
    }

    @Test func benjaminiHochbergMatchesR() {
        let cases = SmallTestsFixture.cases("bh")
        #expect(cases.count == 7)
        for c in cases {
            let p = c["p"].doubles, expected = c["adjusted"].doubles
            let adjusted = MultipleTesting.benjaminiHochberg(p)
            #expect(adjusted.count == expected.count)
            for (a, e) in zip(adjusted, expected) {
                expectClose(a, e, rel: 1e-14, "BH p=\(p)")
            }
            let nanForm = MultipleTesting.benjaminiHochberg(p.map { $0 ?? .nan })
            #expect(zip(nanForm, adjusted).allSatisfy { $1 == nil ? $0.isNaN : $0 == $1 })
        }
        #expect(MultipleTesting.benjaminiHochberg([] as [Double?]).isEmpty)
    }

    @Test func ranksAverageTies() {
        #expect(Ranks.average([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
        #expect(Ranks.tieGroupSizes([3, 1, 3, 2, 3]) == [1, 1, 3])
        #expect(Ranks.average([]) == [])
    }
}
