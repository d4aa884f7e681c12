import Foundation
import Testing
@testable import Survival

@Suite("Matching edge cases and diagnostics")
struct MatchingEdgeTests {
    let tiny: (d: [Double], t: [Bool]) = ([0.9, 0.1, 0.5, 0.45, 0.8, 0.2], [true, false, true, false, false, false])

    @Test func zeroTreatedOrControls() {
        let m = NearestNeighborMatcher()
        let r1 = m.match(distance: [0.1, 0.2], treated: [false, false])
        #expect(r1.diagnostics == [.noTreated])
        #expect(r1.failed && r1.weights == [0, 0])
        let r2 = m.match(distance: [0.1, 0.2], treated: [true, true])
        #expect(r2.diagnostics == [.noControls])
        #expect(r2.matchedControls == [[], []])
        let r3 = m.match(distance: [], treated: [])
        #expect(r3.diagnostics == [.noTreated])
    }

    @Test func invalidInput() {
        let m = NearestNeighborMatcher()
        #expect(m.match(distance: [0.1], treated: [true, false]).failed)
        #expect(m.match(distance: [.nan, 0.2], treated: [true, false]).failed)
        #expect(m.match(distance: [0.1, 0.2], treated: [true, false], exactCells: [1]).failed)
        let r = NearestNeighborMatcher(ratio: 0).match(distance: tiny.d, treated: tiny.t)
        #expect(r.diagnostics.first == .invalidInput("ratio must be at least 1; 1 used"))
        #expect(r.counts.matchedTreated == 2)
    }

    @Test func noCommonExactCell() {
        let r = NearestNeighborMatcher().match(distance: tiny.d, treated: tiny.t, exactCells: [1, 2, 1, 2, 2, 2])
        #expect(r.diagnostics == [.noCommonExactCell])
        #expect(r.diagnostics[0].message == "No matches were found.")
        #expect(r.failed)
    }

    @Test func tooFewControlsInACell() {
        // Cell 0: two treated, one control; cell 1: one treated, three controls.
        let d: [Double] = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]
        let t = [true, true, false, true, false, false, false]
        let cells: [Int32] = [0, 0, 0, 1, 1, 1, 1]
        let r = NearestNeighborMatcher().match(distance: d, treated: t, exactCells: cells)
        #expect(r.diagnostics == [.fewerControlsInSomeCells])
        #expect(r.matchedControls == [[2], [], [4]])   // largest first: 0.9 takes the only control
        #expect(r.shortfallReasons == [nil, .noControlAvailable, nil])
        #expect(r.counts == .init(treated: 3, controls: 4, matchedTreated: 2, matchedControls: 2))
        #expect(r.setIds == [1, nil, 1, 2, 2, nil, nil])
        #expect(!r.failed)
        let r2 = NearestNeighborMatcher(ratio: 2).match(distance: d, treated: t, exactCells: cells)
        #expect(r2.diagnostics == [.fewerControlsInSomeCells, .notAllTreatedGetRatio(2)])
        // Round 2 skips row 5, the unit after the first match in data order (MatchIt's quirk).
        #expect(r2.matchedControls[2] == [4, 6])
        // Control weights: one control of a 1:1 pair (1) and two controls sharing a treated unit
        // (1/2 each), rescaled to sum to the 3 matched controls.
        let cw = [2, 4, 6].map { r2.weights[$0] }
        #expect(isClose(cw.reduce(0, +), 3))
        #expect(isClose(r2.weights[2], 1.5) && isClose(r2.weights[4], 0.75))
    }

    @Test func caliperReasonsAndWidth() {
        let m = NearestNeighborMatcher(caliper: 0.1, standardizedCaliper: false, gapRule: .exact)
        let r = m.match(distance: [0.9, 0.1, 0.5, 0.45], treated: [true, false, true, false])
        #expect(r.matchedControls == [[], [3]])
        #expect(r.shortfallReasons == [.noControlWithinCaliper, nil])
        #expect(r.caliperWidth == 0.1)
        // A constant distance makes the caliper meaningless: MatchIt drops it.
        let c = NearestNeighborMatcher(caliper: 0.2).match(distance: [0.5, 0.5, 0.5], treated: [true, false, false])
        #expect(c.diagnostics == [.caliperIgnored] && c.caliperWidth == nil)
        #expect(c.matchedControls == [[1]])
    }

    /// MatchIt 4.5.1 truncates gaps to integers; `.exact` gives the documented nearest neighbour.
    @Test func gapRules() {
        let d: [Double] = [0.5, 0.1, 0.49]
        let t = [true, false, false]
        #expect(NearestNeighborMatcher().match(distance: d, treated: t).matchedControls == [[2]])
        // Both candidates sit to the left here; put one on each side.
        let d2: [Double] = [0.5, 0.2, 0.51]
        #expect(NearestNeighborMatcher().match(distance: d2, treated: t).matchedControls == [[1]])
        #expect(NearestNeighborMatcher(gapRule: .exact).match(distance: d2, treated: t).matchedControls == [[2]])
        // The 4.5.1 caliper cannot reject a probability-scale gap below 1.
        let cal = NearestNeighborMatcher(caliper: 0.02, standardizedCaliper: false)
        #expect(cal.match(distance: d2, treated: t).matchedControls == [[1]])
        let calExact = NearestNeighborMatcher(caliper: 0.02, standardizedCaliper: false, gapRule: .exact)
        #expect(calExact.match(distance: d2, treated: t).matchedControls == [[2]])
    }

    @Test func replacementRepeatsUnderMatchIt451() {
        let d: [Double] = [0.5, 0.4, 0.45, 0.3]
        let t = [true, false, false, false]
        let r = NearestNeighborMatcher(ratio: 2, replace: true).match(distance: d, treated: t)
        #expect(r.matchedControls == [[2, 2]])
        #expect(r.setIds.allSatisfy { $0 == nil })
        let e = NearestNeighborMatcher(ratio: 3, replace: true, gapRule: .exact).match(distance: d, treated: t)
        #expect(e.matchedControls == [[2, 1, 3]])
    }

    @Test func randomOrderIsReproducible() {
        var d: [Double] = []
        var t: [Bool] = []
        for i in 0..<200 { d.append(Double((i * 7919) % 200) / 200); t.append(i % 4 == 0) }
        let a = NearestNeighborMatcher(order: .random(seed: 42)).match(distance: d, treated: t)
        let b = NearestNeighborMatcher(order: .random(seed: 42)).match(distance: d, treated: t)
        #expect(a.matchedControls == b.matchedControls)
        #expect(a.counts.matchedTreated == 50)
        let s = NearestNeighborMatcher(order: .smallest).match(distance: d, treated: t)
        #expect(s.counts.matchedControls == 50)
    }

    @Test func balanceWithConstantCovariateAndSeparation() {
        // `treat` is perfectly predicted by x: the model flags it, matching still returns values.
        let n = 40
        let treated = (0..<n).map { $0 < 10 }
        let x = (0..<n).map { Double($0 < 10 ? 100 + $0 : $0) }
        let covs: [DesignMatrix.Covariate] = [
            .numeric(name: "x", values: x),
            .numeric(name: "flat", values: Array(repeating: 3, count: n)),
        ]
        let m = NearestNeighborMatcher().matchOnPropensity(treated: treated, covariates: covs)
        #expect(m.model.warnings.contains(.fittedProbabilitiesZeroOrOne))
        #expect(m.model.aliasedNames == ["flat"])
        #expect(m.result.counts.matchedTreated == 10)
        let b = m.balance
        #expect(b?.constantColumns == ["flat"])
        let flat = b?.matched.first { $0.name == "flat" }
        #expect(flat?.standardizedMeanDifference == 0)
        #expect(flat?.varianceRatio?.isNaN ?? true)
        #expect(b?.all.first { $0.name == "x" }?.isImbalanced == true)
    }

    @Test func propensityInputProblems() {
        let m = NearestNeighborMatcher().matchOnPropensity(
            treated: [true, false, true], covariates: [.numeric(name: "x", values: [1, .nan, 2])])
        #expect(m.result.failed)
        #expect(m.balance == nil)
        #expect(m.model.inputProblem == .missingValues(column: "x"))
    }

    @Test func exactCellCodes() {
        let a = DesignMatrix.Covariate.categorical(name: "a", strings: ["x", "y", "x", "y"])
        let b = DesignMatrix.Covariate.numeric(name: "b", values: [1, 1, 2, 1])
        #expect(NearestNeighborMatcher.exactCells([a, b], count: 4) == [0, 1, 2, 1])
    }
}
