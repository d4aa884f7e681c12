import Foundation
import Testing
@testable import Survival

/// The fast paths of matching against the plain definitions they replace: radix orders, the
/// decimal-string order of set ids, the integer-keyed exact cells, the propensity fit on two
/// threads against one, and the balance table's part made beside the search.
@Suite("Matching fast paths")
struct MatchingFastPathTests {
    @Test func ascendingOrderIsTheStableSort() {
        var rng = SplitMix64(seed: 7)
        for n in [0, 1, 2, 17, 1_000] {
            // Few distinct values, so that ties are common; signed zeros count as equal.
            let d = (0..<n).map { _ -> Double in
                let v = [0.0, -0.0, 0.25, -1.5, 1e-300, 0.75, 3.0][rng.below(7)]
                return v
            }
            let expected = (0..<n).sorted { d[$0] < d[$1] || (d[$0] == d[$1] && $0 < $1) }
            #expect(NearestNeighborMatcher.ascendingOrder(d) == expected)
        }
    }

    @Test func setIdOrderIsTheStringOrder() {
        var rng = SplitMix64(seed: 11)
        for n in [1, 5, 200] {
            var values = Set<Int>()
            while values.count < n { values.insert(1 + rng.below([9, 99, 999, 123_456][rng.below(4)])) }
            let v = Array(values)
            let expected = v.indices.sorted { String(v[$0]) < String(v[$1]) }
            #expect(NearestNeighborMatcher.decimalStringOrder(v) == expected)
        }
        #expect(NearestNeighborMatcher.decimalStringOrder([2, 10, 1, 100, 19]) == [2, 1, 3, 4, 0])
    }

    @Test func exactCellsNumberTuplesByFirstAppearance() {
        var rng = SplitMix64(seed: 3)
        let n = 500
        let codes = (0..<n).map { _ in Int32(rng.below(5) - 1) }   // -1 is missing
        let numbers = (0..<n).map { _ -> Double in [1.5, 0.0, -0.0, .nan, 2.0][rng.below(5)] }
        let other = (0..<n).map { _ in Int32(rng.below(3)) }
        let variables: [DesignMatrix.Covariate] = [
            .categorical(name: "a", codes: codes, levels: ["x", "y", "z"]),   // code 3 is invalid
            .numeric(name: "b", values: numbers),
            .categorical(name: "c", codes: other, levels: ["p", "q", "r"]),
        ]
        // Reference: tuples of (valid code or -1, first-appearance id of the number or -1, code).
        var ids: [Double: Int] = [:]
        let keys: [[Int]] = (0..<n).map { i in
            let a = codes[i] >= 0 && codes[i] < 3 ? Int(codes[i]) : -1
            var b = -1
            if !numbers[i].isNaN {
                if ids[numbers[i]] == nil { ids[numbers[i]] = ids.count }
                b = ids[numbers[i]]!
            }
            return [a, b, Int(other[i])]
        }
        var cellOf: [[Int]: Int] = [:]
        let expected = keys.map { k -> Int in
            if let c = cellOf[k] { return c }
            cellOf[k] = cellOf.count
            return cellOf.count - 1
        }
        #expect(NearestNeighborMatcher.exactCells(variables, count: n).map(Int.init) == expected)
    }

    /// Whole numbers ordered by counting get the radix sort's stable order (-0 tied with +0).
    @Test func wholeNumberOrderIsTheStableOrder() {
        var rng = SplitMix64(seed: 9)
        for (n, spread) in [(2, 1), (500, 3), (5_000, 200), (20_000, 65_535)] {
            let v = (0..<n).map { _ -> Double in
                let x = Double(rng.below(spread + 1) - spread / 2)
                return x == 0 && rng.below(2) == 0 ? -0.0 : x
            }
            let radix = v.withUnsafeBufferPointer { b in MatchBalance.stableOrder(count: n) { MatchBalance.sortableBits(b[$0]) } }
            #expect(MatchBalance.wholeNumberOrder(v) == radix)
        }
        #expect(MatchBalance.wholeNumberOrder([1, 0.5]) == nil)
        #expect(MatchBalance.wholeNumberOrder([1, .nan]) == nil)
        #expect(MatchBalance.wholeNumberOrder([0, 65_536]) == nil)
        #expect(MatchBalance.wholeNumberOrder([.infinity, .infinity]) == nil)
    }

    /// A covariate of narrow whole numbers matches as the same numbers as doubles, bit for bit.
    @Test func narrowCovariatesMatchAsDoubles() {
        var rng = SplitMix64(seed: 11)
        let n = 6_000
        let age = (0..<n).map { _ in Int8(20 + rng.below(60)) }
        let x = (0..<n).map { _ in Double(rng.next() >> 11) / 9_007_199_254_740_992.0 }
        let treated = (0..<n).map { i in rng.below(4) == 0 || (age[i] > 60 && rng.below(3) == 0) }
        let g = (0..<n).map { _ in Int32(rng.below(3)) }
        let exact: [DesignMatrix.Covariate] = [.categorical(name: "g", codes: g, levels: ["a", "b", "c"]),
                                               .integers(name: "age", values: .int8(age.map { $0 / 10 }))]
        let wide: [DesignMatrix.Covariate] = [.numeric(name: "age", values: age.map(Double.init)), .numeric(name: "x", values: x)]
        let narrow: [DesignMatrix.Covariate] = [.integers(name: "age", values: .int8(age)), .numeric(name: "x", values: x)]
        for rule in [NearestNeighborMatcher.GapRule.matchIt472, .matchIt451] {
            let m = NearestNeighborMatcher(ratio: 2, gapRule: rule)
            let a = m.matchOnPropensity(treated: treated, covariates: wide, exact: exact)
            let b = m.matchOnPropensity(treated: treated, covariates: narrow, exact: exact)
            #expect(a.distance.map(\.bitPattern) == b.distance.map(\.bitPattern))
            #expect(a.result.matchedControls == b.result.matchedControls)
            #expect(a.result.weights.map(\.bitPattern) == b.result.weights.map(\.bitPattern))
            #expect(a.balance?.all == b.balance?.all && a.balance?.matched == b.balance?.matched)
            #expect(b.balance?.all.map(\.name) == ["distance", "age", "x", "ga", "gb", "gc"])
        }
    }

    /// A design large enough for the blocked QR and its two-thread pipeline, with a zero prior
    /// weight on some rows (so the rows are gathered) and without.
    @Test func propensityFitDoesNotDependOnThreads() {
        var rng = SplitMix64(seed: 5)
        let n = 40_000
        func u() -> Double { (Double(rng.next() >> 11) + 0.5) / 9_007_199_254_740_992.0 }
        let x1 = (0..<n).map { _ in u() * 4 - 2 }
        let x2 = (0..<n).map { _ in u() }
        let g = (0..<n).map { _ in Int32(rng.below(4)) }
        let y = (0..<n).map { i in u() < 1 / (1 + exp(-(0.5 * x1[i] - x2[i] + Double(g[i]) * 0.3 - 1))) ? 1.0 : 0.0 }
        let design = DesignMatrix(modelColumnsFor: [.numeric(name: "x1", values: x1), .numeric(name: "x2", values: x2),
                                                    .categorical(name: "g", codes: g, levels: ["a", "b", "c", "d"])])
        for weights in [nil, (0..<n).map { $0 % 7 == 3 ? 0.0 : 1.0 }] {
            let one = LogisticRegression(response: y, design: design, weights: weights, threads: 1)
            let two = LogisticRegression(response: y, design: design, weights: weights, threads: 2)
            #expect(one.converged)
            #expect(one.coefficients.map { $0?.bitPattern } == two.coefficients.map { $0?.bitPattern })
            #expect(one.fittedProbabilities.map(\.bitPattern) == two.fittedProbabilities.map(\.bitPattern))
            #expect(one.deviance.bitPattern == two.deviance.bitPattern && one.iterations == two.iterations)
        }
    }

    /// The balance table's orders and unmatched rows made beside the search (on two threads,
    /// with any budget of orders) are those made after it: numeric groups before and after a
    /// factor, a binary numeric column, whole numbers and ties.
    @Test func balanceMadeBesideTheSearchIsTheSame() {
        var rng = SplitMix64(seed: 13)
        let n = 60_000
        func u() -> Double { (Double(rng.next() >> 11) + 0.5) / 9_007_199_254_740_992.0 }
        let x = (0..<n).map { _ in u() * 4 - 2 }
        let flag = (0..<n).map { _ in rng.below(3) == 0 ? 1.0 : 0.0 }
        let age = (0..<n).map { _ in Double(20 + rng.below(60)) }
        let g = (0..<n).map { _ in Int32(rng.below(4)) }
        let treated = (0..<n).map { i in u() < 1 / (1 + exp(-(0.5 * x[i] + flag[i] - 3))) }
        let covariates: [DesignMatrix.Covariate] = [.numeric(name: "x", values: x), .numeric(name: "flag", values: flag),
                                                    .categorical(name: "g", codes: g, levels: ["a", "b", "c", "d"]),
                                                    .numeric(name: "age", values: age)]
        func bits(_ rows: [MatchBalance.Row]?) -> [[UInt64?]] {
            (rows ?? []).map { r in
                [r.meanTreated.bitPattern, r.meanControl.bitPattern, r.standardizedMeanDifference?.bitPattern,
                 r.varianceRatio?.bitPattern, r.eCDFMean?.bitPattern, r.eCDFMax?.bitPattern, r.standardizedPairDistance?.bitPattern]
            }
        }
        var one = NearestNeighborMatcher(ratio: 3)
        one.threads = 1
        var two = one
        two.threads = 2
        let a = one.matchOnPropensity(treated: treated, covariates: covariates, exact: [covariates[2]])
        let b = two.matchOnPropensity(treated: treated, covariates: covariates, exact: [covariates[2]])
        #expect(a.balance != nil)
        #expect(a.result.matchedControls == b.result.matchedControls)
        #expect(bits(a.balance?.all) == bits(b.balance?.all) && bits(a.balance?.matched) == bits(b.balance?.matched))
        #expect(a.balance?.all.map(\.name) == b.balance?.all.map(\.name))
        #expect(a.balance?.constantColumns == b.balance?.constantColumns && a.balance?.sampleSizes == b.balance?.sampleSizes)
        for budget in [0, n, 2 * n, 10 * n] {
            for threads in [1, 2] {
                let prepared = MatchBalance.Prepared(balanceCovariates: covariates, treated: treated, unitBudget: budget)
                let c = MatchBalance(balanceCovariates: covariates, distance: a.distance, treated: treated, match: a.result,
                                     threads: threads, distanceOrder: nil, prepared: prepared)
                #expect(bits(a.balance?.all) == bits(c.all) && bits(a.balance?.matched) == bits(c.matched))
            }
        }
    }
}
