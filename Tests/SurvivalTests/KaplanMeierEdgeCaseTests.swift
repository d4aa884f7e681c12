import Foundation
import Testing
@testable import Survival

/// Degenerate inputs with a defined answer: each returns a flagged or empty result, never a trap.
/// (R-computed values for these cases are in km_extra.json; here the behaviour itself is pinned.)
@Suite struct KaplanMeierEdgeCaseTests {
    @Test func nanAndInfiniteInputAreRejected() {
        #expect(throws: TimeToEventInputError.nonFiniteTime(row: 1)) {
            try KaplanMeier.fit(time: [1, .nan, 3], event: [true, true, false])
        }
        #expect(throws: TimeToEventInputError.nonFiniteTime(row: 0)) {
            try KaplanMeier.fit(time: [.infinity], event: [true])
        }
        #expect(throws: TimeToEventInputError.invalidWeight(row: 2)) {
            try KaplanMeier.fit(time: [1, 2, 3], event: [true, true, false], weights: [1, 1, .nan])
        }
        #expect(throws: TimeToEventInputError.invalidWeight(row: 0)) {
            try KaplanMeier.fit(time: [1, 2], event: [true, true], weights: [-1, 1])
        }
        #expect(throws: TimeToEventInputError.entryNotBeforeExit(row: 1)) {
            try KaplanMeier.fit(time: [1, 2], event: [true, true], entry: [0, 2])
        }
        #expect(throws: TimeToEventInputError.nonFiniteTime(row: 0)) {
            try KaplanMeier.fit(time: [1, 2], event: [true, true], entry: [.nan, 0])
        }
        #expect(throws: TimeToEventInputError.lengthMismatch("event", expected: 2, actual: 1)) {
            try KaplanMeier.fit(time: [1, 2], event: [true])
        }
        #expect(throws: TimeToEventInputError.invalidGroupCode(row: 1)) {
            try KaplanMeier.fitByGroup(time: [1, 2], event: [true, true], group: [0, 2], groupCount: 2)
        }
        #expect(throws: TimeToEventInputError.invalidGroupCode(row: 0)) {
            try KaplanMeier.fitByGroup(time: [1, 2], event: [true, true], group: [-1, 0])
        }
        #expect(throws: TimeToEventInputError.invalidParameter("confidence level must be strictly between 0 and 1")) {
            try KaplanMeier.fit(time: [1], event: [true], options: .init(confidenceLevel: 1))
        }
        #expect(throws: TimeToEventInputError.nonFiniteTime(row: 0)) {
            try LogRankTest.test(time: [.nan, 1, 2], event: [true, true, true], group: [0, 1, 1])
        }
    }

    @Test func emptyInputGivesEmptyCurve() throws {
        let c = try KaplanMeier.fit(time: [], event: [])
        #expect(c.isEmpty && c.records == 0 && c.events == 0 && c.nMax == 0)
        #expect(c.median == SurvivalQuantile(probability: 0.5, time: nil, lower: nil, upper: nil))
        #expect(c.quantile(0.5, rule: .findq).time == nil)
        #expect(c.summary(at: [1, 2], extend: true).isEmpty)
        #expect(c.restrictedMean() == nil)
    }

    @Test func groupEmptyAfterFiltering() throws {
        let time: [Double] = [1, 2, 3, 4, 5, 6], event = [true, false, true, true, true, false]
        let group: [Int32] = [0, 0, 0, 2, 2, 2]
        let curves = try KaplanMeier.fitByGroup(time: time, event: event, group: group, groupCount: 3)
        #expect(curves.count == 3)
        #expect(curves[1].isEmpty && curves[1].records == 0 && curves[1].median.time == nil)
        #expect(curves[0].records == 3 && curves[2].records == 3)
        #expect(KaplanMeier.commonHorizon(curves) == 6)

        let three = try LogRankTest.test(time: time, event: event, group: group, groupCount: 3)
        let two = try LogRankTest.test(time: time, event: event, group: group.map { $0 == 2 ? 1 : 0 })
        #expect(three.n == [3, 0, 3])
        #expect(three.expected[1] == 0 && three.observed[1] == 0)
        #expect(three.degreesOfFreedom == 1)
        expectClose(three.chiSquare, two.chiSquare, rel: 1e-14, "empty group leaves the test unchanged")
        expectClose(three.pValue, two.pValue, rel: 1e-14, "p")
        #expect(throws: TimeToEventInputError.fewerThanTwoGroups) {
            try LogRankTest.test(time: time, event: event, group: [0, 0, 0, 0, 0, 0], groupCount: 2)
        }
    }

    @Test func allCensored() throws {
        let c = try KaplanMeier.fit(time: [3, 1, 2, 5], event: [false, false, false, false])
        #expect(c.survival == [1, 1, 1, 1] && c.stdErrLogSurvival == [0, 0, 0, 0])
        #expect(c.lower == [1, 1, 1, 1] && c.upper == [1, 1, 1, 1])
        #expect(c.median.time == nil && c.median.lower == nil && c.median.upper == nil)
        #expect(c.restrictedMean()?.estimate == 5)
        // findq at p = 0: R's last-point rule overrides x[1] when the curve never drops (NA).
        #expect(c.quantile(0, rule: .findq).time == nil)
        #expect(c.restrictedMean(horizon: -1) == nil && c.restrictedMean(horizon: .nan) == nil)
        expectClose(c.restrictedMean(horizon: 0.5)?.estimate, 0.5, "horizon before the first time")
        let t = try LogRankTest.test(time: [3, 1, 2, 5], event: [false, false, false, false], group: [0, 0, 1, 1])
        #expect(t.chiSquare == 0 && t.degreesOfFreedom == 0 && t.pValue == nil)
    }

    @Test func everyEventAtOneTime() throws {
        let c = try KaplanMeier.fit(time: [4, 4, 4], event: [true, true, true])
        #expect(c.time == [4] && c.survival == [0] && c.stdErrLogSurvival == [.infinity])
        #expect(c.lower[0].isNaN && c.upper[0].isNaN)
        #expect(c.median.time == 4 && c.median.lower == nil)
        let t = try LogRankTest.test(time: [4, 4, 4, 4], event: [true, true, true, true], group: [0, 0, 1, 1])
        #expect(t.isVarianceSingular && t.chiSquare == nil && t.pValue == nil)
    }

    @Test func onePatient() throws {
        let dead = try KaplanMeier.fit(time: [7], event: [true])
        #expect(dead.survival == [0] && dead.median.time == 7 && dead.nRisk == [1])
        let alive = try KaplanMeier.fit(time: [7], event: [false])
        #expect(alive.survival == [1] && alive.median.time == nil)
        #expect(alive.restrictedMean()?.estimate == 7 && alive.restrictedMean()?.standardError == 0)
    }

    @Test func zeroWeights() throws {
        // A zero-weight event still creates a curve point but no step, as in R.
        let c = try KaplanMeier.fit(time: [1, 2, 3], event: [true, true, true], weights: [1, 0, 1])
        #expect(c.time == [1, 2, 3] && c.nEvent == [1, 0, 1] && c.nRisk == [2, 1, 1])
        expectClose(c.survival[1], 0.5)
        #expect(c.survival[2] == 0)
        let none = try KaplanMeier.fit(time: [1, 2], event: [true, true], weights: [0, 0])
        #expect(none.survival == [1, 1] && none.nRisk == [0, 0] && none.median.time == nil)
    }

    @Test func timesOfZero() throws {
        let c = try KaplanMeier.fit(time: [0, 0, 1, 2], event: [true, false, true, true])
        #expect(c.time == [0, 1, 2] && c.origin == 0)
        expectClose(c.survival[0], 0.75)
        #expect(c.value(at: 0)?.survival == c.survival[0])
    }

    @Test func hugeAndTinyTimes() throws {
        let huge = try KaplanMeier.fit(time: [1e300, 2e300, 3e300], event: [true, true, false])
        #expect(huge.time == [1e300, 2e300, 3e300])
        #expect(huge.median.time == 2e300)
        #expect(huge.restrictedMean()?.estimate.isFinite == true)
        // Times closer than sqrt(eps) in absolute value are merged by R's aeqSurv.
        let tiny = try KaplanMeier.fit(time: [1e-300, 2e-300, 3e-300], event: [true, true, false])
        #expect(tiny.time == [1e-300] && tiny.nEvent == [2] && tiny.nCensor == [1])
        let unmerged = try KaplanMeier.fit(time: [1e-300, 2e-300, 3e-300], event: [true, true, false],
                                           options: .init(timeFix: false))
        #expect(unmerged.time == [1e-300, 2e-300, 3e-300])
    }

    @Test func largeGroupedFitIsLinearAndConsistent() throws {
        // A larger synthetic fit: the radix path (n >= 64) must agree with the comparison path.
        var rng = SystemRandomNumberGenerator()
        let n = 5000
        let time = (0..<n).map { _ in Double(Int.random(in: 1...300, using: &rng)) }
        let event = (0..<n).map { _ in Bool.random(using: &rng) }
        let group = (0..<n).map { Int32($0 % 2) }
        let curves = try KaplanMeier.fitByGroup(time: time, event: event, group: group)
        for g in 0..<2 {
            let rows = (0..<n).filter { group[$0] == g }
            let small = try KaplanMeier.fit(time: rows.map { time[$0] }, event: rows.map { event[$0] })
            #expect(small.time == curves[g].time && small.nRisk == curves[g].nRisk)
            for (a, b) in zip(small.survival, curves[g].survival) { expectClose(a, b, rel: 1e-14, "S") }
        }
        #expect(SurvivalTimeOrder.ascending(time) == (0..<n).sorted { time[$0] < time[$1] || (time[$0] == time[$1] && $0 < $1) })
    }
}

/// The counting-sort fast paths (integer times on a small grid, unweighted) must agree exactly
/// with the general sorting paths.
@Suite struct KaplanMeierFastPathTests {
    @Test func denseAndSortedKaplanMeierAgreeExactly() throws {
        let d = KaplanMeierTests.lungData()
        let dense = try KaplanMeier.fitByGroup(time: d.time, event: d.event, group: d.sex)
        let sorted = try KaplanMeier.fitByGroup(time: d.time, event: d.event, group: d.sex,
                                                weights: [Double](repeating: 1, count: d.time.count))
        #expect(dense == sorted)
        #expect(SurvivalTimeBuckets(d.time, maxBuckets: 10_000) != nil)
    }

    @Test(arguments: [0.0, 1.0, 0.5])
    func denseAndSortedLogRankAgreeExactly(rho: Double) throws {
        let v = KaplanMeierTests.veteran
        let time = v.numbers("time").map { $0! }, event = v.numbers("status").map { $0! == 1 }
        let group = v.strings("celltype").map { Int32(KaplanMeierTests.celltypeLevels.firstIndex(of: $0)!) }
        let k = 4
        func run(dense: Bool) -> ([[Double]], [[Double]], [Double]) {
            var obs = [[Double]](repeating: [0], count: k), expd = obs
            var variance = [Double](repeating: 0, count: k * k)
            if dense {
                let grid = SurvivalTimeBuckets(time, maxBuckets: 100_000)!
                LogRankTest.accumulateDense(time: time, event: event, group: group, groupCount: k, grid: grid, rho: rho,
                                            observed: &obs, expected: &expd, variance: &variance)
            } else {
                LogRankTest.accumulateSorted(time: time, event: event, group: group, groupCount: k,
                                             stratumIndex: [Int](repeating: 0, count: time.count), strataCount: 1,
                                             rho: rho, observed: &obs, expected: &expd, variance: &variance)
            }
            return (obs, expd, variance)
        }
        let a = run(dense: true), b = run(dense: false)
        #expect(a.0 == b.0 && a.1 == b.1 && a.2 == b.2)
    }

    /// The stable order by comparison sort, ties in `sequence` order.
    private static func stableOrder(_ values: [Double], _ sequence: [Int]) -> [Int] {
        sequence.indices.sorted { a, b in
            let x = values[sequence[a]], y = values[sequence[b]]
            return x < y || (x == y && a < b)
        }.map { sequence[$0] }
    }

    @Test func countingAndRadixOrdersAreStable() {
        var rng = SplitMix64(seed: 17)
        let n = 3000
        let days = (0..<n).map { _ in Double(rng.next() % 200) }               // counting sort
        let wide = (0..<n).map { _ in Double(rng.next() % 1_000_000_000) }      // radix, integer keys
        let months = (0..<n).map { _ in Double(rng.next() % 400) / 7 }         // radix, bit patterns
        var shuffled = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        for values in [days, wide, months, days.map { -$0 }] {
            #expect(SurvivalTimeOrder.ascending(values) == Self.stableOrder(values, Array(0..<n)))
            #expect(SurvivalTimeOrder.ascending(values, startingFrom: shuffled) == Self.stableOrder(values, shuffled))
        }
    }

    @Test func integerTestAgreesWithTruncation() {
        for t in [0.0, -0.0, 1, -1, 0.5, -0.5, 1e-300, 4503599627370495.5, 0x1p52, 0x1p52 + 1, 1e300, -1e300,
                  .infinity, -.infinity, .nan, 2.9999999999999996, .leastNonzeroMagnitude, .greatestFiniteMagnitude] {
            #expect(SurvivalTimeRange.isInteger(t) == (t.rounded(.towardZero) == t), "\(t)")
        }
    }

    @Test(arguments: [false, true])
    func reversePooledEqualsTheDirectFit(wholeDays: Bool) throws {
        var rng = SplitMix64(seed: wholeDays ? 3 : 4)
        let n = 2000
        let time = (0..<n).map { _ in wholeDays ? Double(1 + rng.next() % 120) : Double(1 + rng.next() % 5000) / 37 }
        let event = (0..<n).map { _ in rng.next() % 3 != 0 }
        let group = (0..<n).map { _ in Int32(rng.next() % 3) }
        for level in [0.95, 0.9] {
            let options = KaplanMeier.Options(confidenceLevel: level, confidenceType: level == 0.9 ? .logLog : .log)
            let curves = try KaplanMeier.fitByGroup(time: time, event: event, group: group, groupCount: 4, options: options)
            let direct = try KaplanMeier.fit(time: time, event: event.map { !$0 }, options: options)
            let pooled = try #require(KaplanMeier.reversePooled(curves))
            #expect(pooled.records == direct.records && pooled.origin == direct.origin)
            // Bit for bit (NaN bands included).
            for (a, b) in [(pooled.time, direct.time), (pooled.nRisk, direct.nRisk), (pooled.nEvent, direct.nEvent),
                           (pooled.nCensor, direct.nCensor), (pooled.nEnter, direct.nEnter), (pooled.survival, direct.survival),
                           (pooled.stdErrLogSurvival, direct.stdErrLogSurvival), (pooled.lower, direct.lower),
                           (pooled.upper, direct.upper)] {
                #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
            }
        }
        #expect(KaplanMeier.reversePooled([]) == nil)
    }
}
