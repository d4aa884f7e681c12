import Foundation
import Testing
@testable import Survival

/// Degenerate inputs: each returns a flagged result (or a thrown input error), never a trap,
/// and matches R where R gives an answer (Fixtures/cox_extra.R, ids edge_*).
@Suite struct CoxEdgeCaseTests {
    func lung(_ names: [String], strataColumn: String? = nil) -> CoxFixtureData {
        let t = CoxFixtures.lung
        return CoxFixtureData.make(time: t.numbers("time"), status: t.numbers("status"),
                                   covariates: names.map { CoxModel.Covariate(name: $0, values: t.numbers($0)) },
                                   strata: strataColumn.map { t.codes($0) })
    }

    func check(_ m: CoxModel, _ id: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectCoxMatches(m, id, values: CoxExtraReference.values(id), sourceLocation: sourceLocation)
        #expect(m.warnings.map(\.message).filter { !$0.hasPrefix("X matrix") } == CoxExtraReference.warnings(id),
                "\(id) warnings", sourceLocation: sourceLocation)
    }

    @Test func noEvents() throws {
        let m = try CoxModel.fit(time: [1, 2, 3, 4], event: [false, false, false, false],
                                 covariates: [.init(name: "x", values: [1, 0, 1, 0])])
        #expect(m.warnings.first == .noEvents)
        #expect(m.coefficients.count == 1 && m.coefficients[0].estimate == nil)
        #expect(m.likelihoodRatioTest == nil && m.waldTest == nil && m.scoreTest == nil)
        #expect(m.concordance == nil)
        #expect(m.logLikelihood == 0 && m.eventCount == 0)
        #expect(CoxZPH.test(m) == nil)
    }

    @Test func emptyInput() throws {
        let m = try CoxModel.fit(time: [], event: [], covariates: [.init(name: "x", values: [])])
        #expect(m.n == 0 && m.warnings.contains(.noEvents))
        #expect(m.coefficients[0].estimate == nil)
    }

    @Test func everyEventAtOneTime() throws {
        let m = try CoxModel.fit(time: [5, 5, 5, 5, 5, 5], event: [Bool](repeating: true, count: 6),
                                 covariates: [.init(name: "x", values: [1, 2, 3, 1, 2, 5])])
        let ref = CoxExtraReference.values("edge_one_time")
        expectClose(m.coefficients[0].estimate, refDouble(ref["coef"]), rel: 1e-10, abs: 1e-12, "coef")
        expectClose(m.variance[0][0], refDouble(ref["var"]), rel: 1e-10, "var")
        let ll = refDoubles(ref["loglik"])
        expectClose(m.logLikelihoodNull, ll[0], rel: 1e-12, "loglik0")
        expectClose(m.logLikelihood, ll[1], rel: 1e-12, "loglik")
        expectClose(Double(m.iterations), refDouble(ref["iter"]), rel: 0, "iter")
        expectClose(m.scoreTest?.statistic ?? 0, refDouble(ref["score"]), rel: 1e-10, abs: 1e-12, "score")
        #expect(m.concordance?.concordance == nil, "no comparable pairs: R gives NaN, we give nil")
        #expect(m.concordance?.tiedY == 13 && m.concordance?.tiedXY == 2)
    }

    @Test func onePatient() throws {
        let m = try CoxModel.fit(time: [5], event: [true], covariates: [.init(name: "x", values: [1])])
        #expect(m.n == 1 && m.eventCount == 1)
        #expect(m.coefficients[0].estimate == nil && m.coefficients[0].isRedundant)
        #expect(m.likelihoodRatioTest == nil)
        #expect(m.concordance?.concordance == nil)
        #expect(m.warnings.contains(.singular(columns: [1])))
        #expect(!m.converged, "R: Ran out of iterations (the loglik is 0/0)")
    }

    @Test func zeroVarianceCovariate() throws {
        var d = lung(["sex"])
        d.covariates.append(.init(name: "z", values: [Double](repeating: 1, count: d.time.count)))
        let m = try d.fit()
        #expect(m.coefficients[1].isRedundant && m.coefficients[1].estimate == nil)
        #expect(m.coefficients[1].z == nil && m.coefficients[1].p == nil && m.coefficients[1].hazardRatio == nil)
        #expect(m.warnings.contains(.singular(columns: [2])))
        check(m, "edge_zero_variance")
    }

    @Test func collinearCovariates() throws {
        var d = lung(["sex", "age"])
        d.covariates.append(.init(name: "age2", values: d.covariates[1].values.map { 2 * $0 }))
        let m = try d.fit()
        #expect(m.coefficients[2].estimate == nil)
        check(m, "edge_collinear")
    }

    @Test func completeSeparation() throws {
        let m = try CoxModel.fit(time: (1...10).map(Double.init), event: [Bool](repeating: true, count: 10),
                                 covariates: [.init(name: "x", values: [1, 1, 1, 1, 1, 0, 0, 0, 0, 0])])
        #expect(m.converged)
        #expect(m.warnings == [.possiblyInfinite(columns: [1], countingProcess: false)])
        let ref = CoxExtraReference.values("edge_separation")
        expectClose(m.coefficients[0].estimate, refDoubles(ref["coef"])[0], rel: 1e-8, "coef")
        expectClose(m.logLikelihood, refDouble(ref["loglik"]), rel: 1e-10, "loglik")
        expectClose(Double(m.iterations), refDouble(ref["iter"]), rel: 0, "iter")
        #expect(m.warnings.map(\.message) == CoxExtraReference.warnings("edge_separation"))
    }

    @Test func nonConvergence() throws {
        let d = lung(["sex", "age", "ph.ecog"])
        let m = try CoxModel.fit(time: d.time, event: d.event, covariates: d.covariates,
                                 options: .init(maxIterations: 2))
        #expect(!m.converged)
        #expect(m.warnings == [.didNotConverge])
        check(m, "edge_nonconverged")
    }

    @Test func stratumWithSinglePatient() throws {
        check(try lung(["sex", "age"], strataColumn: "ph.ecog").fit(), "edge_single_patient_stratum")
    }

    @Test func timesOfZero() throws {
        var d = lung(["sex"])
        for i in 0..<5 { d.time[i] = 0 }
        check(try d.fit(), "edge_time_zero")
    }

    @Test(arguments: [1e300, 1e-300, 1e-3, 86_400.0])
    func scaledTimes(_ factor: Double) throws {
        // The partial likelihood depends only on the order of the times.
        var d = lung(["sex"])
        d.time = d.time.map { $0 * factor }
        expectCoxMatches(try d.fit(), "lung_cox_sex")
    }

    @Test func zeroWeightsDropRows() throws {
        let d = lung(["sex", "age"])
        var w = [Double](repeating: 1, count: d.time.count)
        for i in stride(from: 0, to: w.count, by: 7) { w[i] = 0 }
        let m = try CoxModel.fit(time: d.time, event: d.event, covariates: d.covariates, weights: w)
        let keep = (0..<w.count).filter { w[$0] > 0 }
        let sub = try CoxModel.fit(time: keep.map { d.time[$0] }, event: keep.map { d.event[$0] },
                                   covariates: d.covariates.map { c in .init(name: c.name, values: keep.map { c.values[$0] }) })
        #expect(m.omittedRows == stride(from: 0, to: w.count, by: 7).map { $0 })
        #expect(m.n == sub.n)
        for j in 0..<2 {
            expectClose(m.coefficients[j].estimate, sub.coefficients[j].estimate, rel: 1e-12, "coef \(j)")
            expectClose(m.coefficients[j].standardError, sub.coefficients[j].standardError, rel: 1e-12, "se \(j)")
        }
        expectClose(m.concordance?.concordance, sub.concordance?.concordance, rel: 1e-12, "C")
    }

    @Test func missingValuesAreDropped() throws {
        let t = CoxFixtures.lung
        let m = try CoxModel.fit(time: t.numbers("time"), event: t.numbers("status").map { $0 == 2 },
                                 covariates: ["sex", "age", "ph.ecog"].map { .init(name: $0, values: t.numbers($0)) })
        #expect(m.omittedRows.count == 1)
        #expect(m.warnings.first == .rowsOmitted(count: 1))
        expectCoxMatches(m, "lung_cox_sex_age_ecog")
    }

    @Test func inputErrorsThrow() {
        #expect(throws: CoxModel.InputError.self) {
            try CoxModel.fit(time: [1, 2], event: [true], covariates: [])
        }
        #expect(throws: CoxModel.InputError.invalidWeights) {
            try CoxModel.fit(time: [1, 2], event: [true, true], covariates: [], weights: [1, -1])
        }
        #expect(throws: CoxModel.InputError.infinitePredictor(name: "x")) {
            try CoxModel.fit(time: [1, 2], event: [true, true], covariates: [.init(name: "x", values: [1, .infinity])])
        }
        #expect(throws: CoxModel.InputError.clusterRequired) {
            try CoxModel.fit(time: [1, 2], event: [true, true], entry: [0, 0], covariates: [],
                             options: .init(robust: true))
        }
    }

    @Test func nullModelHasLoglikOnly() throws {
        let d = lung([])
        let m = try d.fit()
        #expect(m.coefficients.isEmpty && m.likelihoodRatioTest == nil)
        expectClose(m.logLikelihood, refDouble(Reference.values("lung_cox_sex")["loglik_null"]), rel: 1e-12, "loglik")
    }

    @Test func standaloneConcordanceMatchesModel() throws {
        let d = CoxFixtures.lungData(["sex", "age", "ph.ecog"], cluster: true)
        let m = try d.fit()
        let c = CoxConcordance.compute(time: d.time, event: d.event, predictor: m.linearPredictors,
                                       cluster: d.cluster.map { $0.map(Int.init) }, reverse: true)
        #expect(c?.concordant == m.concordance?.concordant && c?.tiedX == m.concordance?.tiedX)
        expectClose(c?.concordance, m.concordance?.concordance, rel: 1e-14, "C")
        expectClose(c?.standardError, m.concordance?.standardError, rel: 1e-12, "se")
    }
}

/// The concordance sweep by blocks of ranks (used above 65,536 distinct predictor values) against
/// the direct sweep, on data that exercises every path: strata, delayed entry (rows leaving the
/// risk set), tied times and tied predictors, clusters, and whole or fractional case weights.
@Suite struct CoxConcordanceSweepTests {
    struct Data {
        var stop: [Double] = [], start: [Double] = [], x: [Double] = [], weight: [Double] = []
        var event: [Bool] = [], cluster: [Int] = []
        var ranges: [Range<Int>] = []
    }

    /// Rows sorted as the design sorts them: by stratum, then stop, deaths first.
    func data(n: Int, fractionalWeights: Bool, seed: UInt64) -> Data {
        var state = seed
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var d = Data()
        var lo = 0
        for stratumSize in [n / 2, n / 3, n - n / 2 - n / 3] {
            var rows: [(stop: Double, start: Double, event: Bool, x: Double, w: Double, c: Int)] = []
            for _ in 0..<stratumSize {
                let stop = Double(1 + Int(next() * 40))
                let start = next() < 0.3 ? Double(Int(next() * stop)) : 0
                let x = next() < 0.5 ? Double(Int(next() * 20)) : next()   // ties and distinct values
                let w = fractionalWeights ? 0.25 + next() : Double(1 + Int(next() * 3))
                rows.append((stop, start, next() < 0.6, x, w, Int(next() * 50)))
            }
            rows.sort { ($0.stop, $0.event ? 0 : 1) < ($1.stop, $1.event ? 0 : 1) }
            for r in rows {
                d.stop.append(r.stop); d.start.append(r.start); d.event.append(r.event)
                d.x.append(r.x); d.weight.append(r.w); d.cluster.append(r.c)
            }
            d.ranges.append(lo..<(lo + stratumSize))
            lo += stratumSize
        }
        return d
    }

    func compare(_ d: Data, counting: Bool, blockBits: Int, exact: Bool) {
        func run(_ bits: Int?) -> CoxConcordance {
            CoxConcordance.compute(stop: d.stop, start: counting ? d.start : nil, event: d.event, x: d.x, weight: d.weight,
                                   strataRanges: d.ranges, cluster: d.cluster.map { Int32($0) }, clusterCount: 50,
                                   reverse: true, blockBits: bits)
        }
        let direct = run(nil), blocked = run(blockBits)
        let pairs = [(direct.concordant, blocked.concordant), (direct.discordant, blocked.discordant),
                     (direct.tiedX, blocked.tiedX), (direct.tiedY, blocked.tiedY), (direct.tiedXY, blocked.tiedXY),
                     (direct.concordance ?? .nan, blocked.concordance ?? .nan),
                     (direct.standardError ?? .nan, blocked.standardError ?? .nan)]
        for (k, (a, b)) in pairs.enumerated() {
            if exact {
                #expect(a == b, "value \(k), counting \(counting), blocks of 2^\(blockBits)")
            } else {
                #expect(abs(a - b) <= 1e-12 * abs(a), "value \(k), counting \(counting), blocks of 2^\(blockBits)")
            }
        }
        #expect(direct.concordance != nil)
    }

    @Test func blockedSweepMatchesDirectSweep() {
        for (fractional, seed) in [(false, UInt64(1)), (true, UInt64(2))] {
            let d = data(n: 3000, fractionalWeights: fractional, seed: seed)
            for counting in [false, true] {
                for bits in [0, 2, 5] {
                    // With whole weights no sum rounds, so the two sweeps agree exactly.
                    compare(d, counting: counting, blockBits: bits, exact: !fractional)
                }
            }
        }
    }

    /// The direct sweep on two threads gives the one-thread result to the bit, with whole and
    /// fractional weights, right-censored and counting data, with and without clusters, in one
    /// round or in many (rounds of 7 and of 100 rows, which end after whole runs of tied deaths).
    @Test(arguments: [1 << 18, 7, 100]) func twoThreadSweepIsBitIdentical(roundRows: Int) {
        for (fractional, seed) in [(false, UInt64(3)), (true, UInt64(4))] {
            let d = data(n: 3000, fractionalWeights: fractional, seed: seed)
            for counting in [false, true] {
                for clustered in [false, true] {
                    func run(_ threads: Int) -> CoxConcordance {
                        CoxConcordance.compute(stop: d.stop, start: counting ? d.start : nil, event: d.event, x: d.x,
                                               weight: d.weight, strataRanges: d.ranges,
                                               cluster: clustered ? d.cluster.map { Int32($0) } : nil, clusterCount: 50,
                                               reverse: true, threads: threads, parallelRows: 1, roundRows: roundRows)
                    }
                    let one = run(1), two = run(2)
                    let pairs = [(one.concordant, two.concordant), (one.discordant, two.discordant),
                                 (one.tiedX, two.tiedX), (one.tiedY, two.tiedY), (one.tiedXY, two.tiedXY),
                                 (one.concordance ?? .nan, two.concordance ?? .nan),
                                 (one.standardError ?? .nan, two.standardError ?? .nan)]
                    for (k, (a, b)) in pairs.enumerated() {
                        #expect(a.bitPattern == b.bitPattern,
                                "value \(k), fractional \(fractional), counting \(counting), clustered \(clustered)")
                    }
                    #expect(one.concordance != nil)
                }
            }
        }
    }
}

extension CoxConcordanceSweepTests {
    /// Unweighted right-censored strata counted by rank (`UnitWeightStratum`) give the tree
    /// sweep's numbers to the bit: predictors with few values (counted) and with many (the
    /// check falls back), with and without clusters, on one thread and two.
    @Test func unitWeightCountsAreBitIdentical() {
        for (fewValues, seed) in [(true, UInt64(5)), (false, UInt64(6)), (true, UInt64(7))] {
            var all = data(n: 3000, fractionalWeights: false, seed: seed)
            if fewValues { all.x = all.x.map { Double(Int($0 * 7) % 5) } }
            // three strata (influence written per row), and the first alone (given in turn)
            var first = Data()
            let r0 = all.ranges[0]
            first.stop = Array(all.stop[r0]); first.event = Array(all.event[r0]); first.x = Array(all.x[r0])
            first.cluster = Array(all.cluster[r0]); first.ranges = [0..<r0.count]
            for (d, clustered) in [(all, false), (all, true), (first, false), (first, true)] {
                for threads in [1, 2] {
                    func run(_ counted: Bool) -> CoxConcordance {
                        CoxConcordance.compute(stop: d.stop, start: nil, event: d.event, x: d.x, weight: nil,
                                               strataRanges: d.ranges,
                                               cluster: clustered ? d.cluster.map { Int32($0) } : nil, clusterCount: 50,
                                               reverse: true, threads: threads, parallelRows: 1, countUnitWeights: counted)
                    }
                    let trees = run(false), counted = run(true)
                    let pairs = [(trees.concordant, counted.concordant), (trees.discordant, counted.discordant),
                                 (trees.tiedX, counted.tiedX), (trees.tiedY, counted.tiedY), (trees.tiedXY, counted.tiedXY),
                                 (trees.concordance ?? .nan, counted.concordance ?? .nan),
                                 (trees.standardError ?? .nan, counted.standardError ?? .nan)]
                    for (k, (a, b)) in pairs.enumerated() {
                        #expect(a.bitPattern == b.bitPattern, "value \(k), few values \(fewValues), \(d.ranges.count) strata, clustered \(clustered)")
                    }
                    #expect(trees.concordance != nil)
                }
            }
        }
    }
}

/// `linearPredictors` is in input-row order, with and without omitted rows.
@Test func linearPredictorsFollowInputRows() throws {
    let time: [Double] = [5, 3, 9, 1, 7, 2, 8, 4, 6, 10]
    let event: [Bool] = [true, false, true, true, false, true, true, false, true, true]
    let x: [Double] = [0.5, 1.5, -1, 2, 0, 3, 1, -0.5, 2.5, 1]
    let g: [Double] = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0]
    for drop in [nil, 3] as [Int?] {
        var xs = x
        if let drop { xs[drop] = .nan }
        let m = try CoxModel.fit(time: time, event: event, covariates: [.init(name: "x", values: xs), .init(name: "g", values: g)])
        let b = m.coefficients.map { $0.estimate ?? 0 }
        let used = (0..<time.count).filter { $0 != drop }
        #expect(m.usedRows == used)
        for (k, row) in used.enumerated() {
            let expected = b[0] * (xs[row] - m.means[0]) + b[1] * (g[row] - m.means[1])
            #expect(abs(m.linearPredictors[k] - expected) <= 1e-12 * max(1, abs(expected)), "row \(row)")
        }
    }
}
