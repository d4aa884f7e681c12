import Foundation
import Testing
@testable import Survival

/// The Cox fit and its concordance give the same bits with one thread and with several: the
/// threads only share element-wise work (risk scores, the linear predictor) and the divisions
/// and logs of long runs of tied Efron deaths, whose terms are summed in one order.
@Suite struct CoxThreadsTests {
    /// A cohort large enough for the threaded paths: 120,000 rows on 20 integer times, so each
    /// time has thousands of tied deaths (`CoxNewtonRaphson.parallelTieSteps`).
    struct Cohort {
        var time: [Double] = [], entry: [Double] = [], event: [Bool] = []
        var group: [Double] = [], age: [Double] = [], ecog: [Double] = [], x: [Double] = [], z: [Double] = []
        var strata: [Int32] = [], cluster: [Int32] = [], weight: [Double] = []

        init(n: Int = 120_000) {
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            func next() -> Double {                     // SplitMix64, uniform in [0, 1)
                state &+= 0x9E37_79B9_7F4A_7C15
                var v = state
                v = (v ^ (v >> 30)) &* 0xBF58_476D_1CE4_E5B9
                v = (v ^ (v >> 27)) &* 0x94D0_49BB_1331_11EB
                return Double((v ^ (v >> 31)) >> 11) / 9_007_199_254_740_992
            }
            for _ in 0..<n {
                let g = next() < 0.5 ? 1.0 : 0.0, a = 40 + (next() * 45).rounded(.down), e = (next() * 4).rounded(.down)
                let h = 0.05 * (g == 1 ? 1.5 : 1) * pow(1.01, a - 60) * pow(1.3, e)
                let t = min(20, max(1, (-log(max(next(), 1e-12)) / h).rounded()))
                time.append(t)
                entry.append(t > 2 && next() < 0.3 ? 1 : 0)
                event.append(next() < 0.7)
                group.append(g); age.append(a); ecog.append(e)
                x.append(next()); z.append((next() * 3).rounded(.down))
                strata.append(Int32(next() * 3))
                cluster.append(Int32(next() * Double(n / 4)))
                weight.append(0.5 + (next() * 4).rounded(.down) / 4)
            }
        }
    }

    /// Every reported number of a fit, as bit patterns.
    func bits(_ m: CoxModel) -> [UInt64] {
        var v: [Double] = [m.logLikelihoodNull, m.logLikelihood, Double(m.iterations)]
        for c in m.coefficients {
            v += [c.estimate, c.standardError, c.naiveStandardError, c.z, c.p, c.lower, c.upper].map { $0 ?? -1 }
        }
        v += m.variance.flatMap { $0 } + m.naiveVariance.flatMap { $0 } + m.linearPredictors + m.means
        for t in [m.likelihoodRatioTest, m.waldTest, m.scoreTest, m.robustScoreTest] { v += [t?.statistic ?? -1, t?.p ?? -1] }
        if let c = m.concordance {
            v += [c.concordance ?? -1, c.standardError ?? -1, c.concordant, c.discordant, c.tiedX, c.tiedY, c.tiedXY]
        }
        return v.map(\.bitPattern)
    }

    static let data = Cohort()

    @Test(arguments: [
        ("efron, 3 covariates", CoxModel.Ties.efron, 3, false, false, false, false),
        ("breslow, 3 covariates", .breslow, 3, false, false, false, false),
        ("efron, 6 covariates", .efron, 6, false, false, false, false),
        ("efron, strata, weights", .efron, 3, true, true, false, false),
        ("efron, cluster", .efron, 2, false, false, true, false),
        ("efron, entry, strata", .efron, 2, true, false, false, true),
        ("breslow, entry, weights, cluster", .breslow, 3, false, true, true, true),
    ])
    func sameBitsWithOneOrSeveralThreads(_ label: String, _ ties: CoxModel.Ties, _ p: Int, _ strata: Bool,
                                         _ weights: Bool, _ cluster: Bool, _ entry: Bool) throws {
        let d = Self.data
        let columns = [("group", d.group), ("age", d.age), ("ecog", d.ecog), ("x", d.x), ("z", d.z), ("x2", d.x.map { $0 * $0 })]
        let covariates = columns.prefix(p).map { CoxModel.Covariate(name: $0.0, values: $0.1) }
        func fit(_ threads: Int) throws -> CoxModel {
            var o = CoxModel.Options(ties: ties)
            o.threads = threads
            return try CoxModel.fit(time: d.time, event: d.event, entry: entry ? d.entry : nil, covariates: covariates,
                                    strata: strata ? d.strata : nil, weights: weights ? d.weight : nil,
                                    cluster: cluster ? d.cluster : nil, options: o)
        }
        let one = try fit(1)
        #expect(one.converged && one.concordance != nil, "\(label)")
        for threads in [2, 3] {
            #expect(bits(try fit(threads)) == bits(one), "\(label), \(threads) threads")
        }
    }

    /// Whole-number covariates stored narrow (`Column.integers`, `.min` missing) fit to the same
    /// bits as the same values given as doubles (NaN missing), with one thread and with two.
    @Test func narrowIntegerColumnsGiveTheSameBitsAsDoubles() throws {
        let d = Self.data
        var age = d.age, ecog = d.ecog
        age[7] = .nan; ecog[11] = .nan
        func narrow<I: FixedWidthInteger>(_ v: [Double], _: I.Type) -> [I] { v.map { $0.isNaN ? I.min : I(exactly: $0)! } }
        let asDoubles = [CoxModel.Covariate(name: "group", values: d.group), CoxModel.Covariate(name: "age", values: age),
                         CoxModel.Covariate(name: "ecog", values: ecog)]
        var asIntegers = asDoubles
        asIntegers[0].column = .integers(.int32(narrow(d.group, Int32.self)))
        asIntegers[1].column = .integers(.int16(narrow(age, Int16.self)))
        asIntegers[2].column = .integers(.int8(narrow(ecog, Int8.self)))
        #expect(asIntegers[1].values.map(\.bitPattern) == age.map(\.bitPattern))
        #expect(!asIntegers[2].column.isConstant)
        // Narrow columns run on covariate patterns (`CoxPatterns`), doubles row by row: with and
        // without weights (risk scores per row, or per pattern), Breslow ties, strata, clusters.
        let cases: [(String, CoxModel.Ties, Bool, Bool, Bool)] = [
            ("efron", .efron, false, false, false), ("efron, weights", .efron, true, false, false),
            ("breslow", .breslow, false, false, false), ("efron, strata, cluster", .efron, false, true, true),
            ("breslow, weights, strata", .breslow, true, true, false),
        ]
        for (label, ties, weights, strata, cluster) in cases {
            for threads in [1, 2] {
                var o = CoxModel.Options(ties: ties)
                o.threads = threads
                func fit(_ covariates: [CoxModel.Covariate]) throws -> CoxModel {
                    try CoxModel.fit(time: d.time, event: d.event, covariates: covariates, strata: strata ? d.strata : nil,
                                     weights: weights ? d.weight : nil, cluster: cluster ? d.cluster : nil, options: o)
                }
                #expect(bits(try fit(asDoubles)) == bits(try fit(asIntegers)), "\(label), \(threads) threads")
            }
        }
    }
    /// Factor indicators read from codes (one-byte and 32-bit, a missing code in each) with
    /// narrow integers run on covariate patterns, a factor's indicators one digit, with more
    /// than four columns too (`sweepRight` reading rows by pattern): the same bits as the same
    /// values given as doubles, fitted row by row.
    @Test func factorIndicatorsOnPatternsGiveTheSameBitsAsDoubles() throws {
        let d = Self.data
        let n = d.time.count
        let site = d.cluster.map { $0 % 5 }, arm = d.strata      // 5 and 3 levels
        func missingAt(_ r: Int) -> Bool { r == 13 || r == 4_001 }
        let siteBytes = (0..<n).map { missingAt($0) ? UInt8.max : UInt8(site[$0]) }
        let siteWide = (0..<n).map { missingAt($0) ? Int32(-1) : site[$0] }
        func indicator(_ codes: [Int32], _ level: Int32, missing: Bool) -> [Double] {
            (0..<n).map { missing && missingAt($0) ? .nan : (codes[$0] == level ? 1 : 0) }
        }
        func integers(_ name: String, _ v: [Double]) -> CoxModel.Covariate {
            var c = CoxModel.Covariate(name: name, values: v)
            c.column = .integers(.int16(v.map { Int16(exactly: $0)! }))
            return c
        }
        let siteLevels: [Int32] = [1, 2, 3, 4], armLevels: [Int32] = [1, 2]
        // group, site (4 indicators), age, arm (2 indicators), ecog: 9 columns; and group,
        // arm, age: 4 columns (the SIMD sweep).
        let wideDoubles = [CoxModel.Covariate(name: "group", values: d.group)]
            + siteLevels.map { CoxModel.Covariate(name: "site\($0)", values: indicator(site, $0, missing: true)) }
            + [CoxModel.Covariate(name: "age", values: d.age)]
            + armLevels.map { CoxModel.Covariate(name: "arm\($0)", values: indicator(arm, $0, missing: false)) }
            + [CoxModel.Covariate(name: "ecog", values: d.ecog)]
        let wideBytes = [integers("group", d.group)]
            + siteLevels.map { CoxModel.Covariate(name: "site\($0)", indicatorOf: UInt8($0), in: siteBytes) }
            + [integers("age", d.age)]
            + armLevels.map { CoxModel.Covariate(name: "arm\($0)", indicatorOf: $0, in: arm) }
            + [integers("ecog", d.ecog)]
        let wideCodes = [integers("group", d.group)]
            + siteLevels.map { CoxModel.Covariate(name: "site\($0)", indicatorOf: $0, in: siteWide) }
            + [integers("age", d.age)]
            + armLevels.map { CoxModel.Covariate(name: "arm\($0)", indicatorOf: $0, in: arm) }
            + [integers("ecog", d.ecog)]
        let narrowDoubles = [wideDoubles[0], wideDoubles[6], wideDoubles[7], wideDoubles[5]]
        let narrowCodes = [wideBytes[0], wideBytes[6], wideBytes[7], wideBytes[5]]
        let cases: [(String, CoxModel.Ties, Bool, Bool)] = [
            ("efron", .efron, false, false), ("efron, weights", .efron, true, false),
            ("breslow, cluster", .breslow, false, true), ("breslow, weights, cluster", .breslow, true, true),
        ]
        for (label, ties, weights, cluster) in cases {
            for threads in [1, 2] {
                var o = CoxModel.Options(ties: ties)
                o.threads = threads
                func fit(_ covariates: [CoxModel.Covariate]) throws -> CoxModel {
                    try CoxModel.fit(time: d.time, event: d.event, covariates: covariates, weights: weights ? d.weight : nil,
                                     cluster: cluster ? d.cluster : nil, options: o)
                }
                let reference = bits(try fit(wideDoubles))
                #expect(bits(try fit(wideBytes)) == reference, "\(label), one-byte codes, \(threads) threads")
                #expect(bits(try fit(wideCodes)) == reference, "\(label), 32-bit codes, \(threads) threads")
                #expect(bits(try fit(narrowCodes)) == bits(try fit(narrowDoubles)), "\(label), 4 columns, \(threads) threads")
            }
        }
    }
}
