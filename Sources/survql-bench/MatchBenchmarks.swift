import Foundation
import Survival

/// Benchmarks of the `match` statistics against MatchIt (timings in
/// /work/shared/reference/README.md): propensity fit + 1:10 nearest-neighbour matching + balance
/// summary on 2,800 treated and 100,000 controls with 5 covariates (4 numeric, one 10-level
/// factor), with and without exact matching on the factor, under SurvQL's default rule (MatchIt
/// 4.7.2) and the bit-for-bit MatchIt 4.5.1 rule; and the NTRK design at national scale, 28
/// treated among 10^6 controls, exact on the factor (cancer type in the NTRK study) and the
/// score on the 4 numeric covariates (with 28 treated, most levels of the factor have none, so
/// a score on it separates). The propensity fit uses the available cores (`threads`; results do
/// not depend on it). Median of 3 runs.
func matchBenchmarks() -> [BenchRow] {
    if ProcessInfo.processInfo.environment["SURVQL_MATCH_DETAIL"] != nil { matchBreakdown(); return [] }
    var rows: [BenchRow] = []
    let data = MatchBenchData(treated: 2_800, controls: 100_000, seed: 20_240_601)
    let exact = data.covariates.filter { $0.name == "g" }
    let threads = Int(ProcessInfo.processInfo.environment["SURVQL_MATCH_THREADS"] ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
    var current = NearestNeighborMatcher(ratio: 10, gapRule: .matchIt472)
    var compat = NearestNeighborMatcher(ratio: 10, gapRule: .matchIt451)
    current.threads = threads
    compat.threads = threads
    let cases: [(String, NearestNeighborMatcher, [DesignMatrix.Covariate], Double)] = [
        ("Match 1:10, exact on 10-level factor", current, exact, 2.75),
        ("Match 1:10, no exact", current, [], 15.45),
        ("Match 1:10, exact, MatchIt 4.5.1 rule", compat, exact, 2.75),
        ("Match 1:10, no exact, MatchIt 4.5.1 rule", compat, [], 15.45),
    ]
    for (name, matcher, ex, reference) in cases {
        let seconds = medianSeconds(runs: 3) {
            _ = matcher.matchOnPropensity(treated: data.treated, covariates: data.covariates, exact: ex)
        }
        rows.append(BenchRow(operation: name, n: data.treated.count, seconds: seconds,
                             referenceSeconds: reference, referenceName: "MatchIt 4.5.1"))
    }
    let national = MatchBenchData(treated: 28, controls: 1_000_000, seed: 20_240_601)
    let nationalExact = national.covariates.filter { $0.name == "g" }
    let nationalScore = national.covariates.filter { $0.name != "g" }
    let seconds = medianSeconds(runs: 3) {
        _ = current.matchOnPropensity(treated: national.treated, covariates: nationalScore, exact: nationalExact)
    }
    rows.append(BenchRow(operation: "Match 1:10, exact, 28 treated x 10^6 controls", n: national.treated.count,
                         seconds: seconds, referenceSeconds: nil, referenceName: "MatchIt 4.5.1"))
    return rows
}

/// Median wall-clock seconds of `runs` calls.
private func medianSeconds(runs: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<max(runs, 1) {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.sorted()[times.count / 2]
}

/// Synthetic cohort: x1..x4 standard normal, g uniform on 10 levels; treated units are shifted
/// (x1 + 0.6, x2 - 0.4, x3 + 0.2, and levels g0..g4 twice as likely) so the propensity varies.
struct MatchBenchData {
    var treated: [Bool] = []
    var covariates: [DesignMatrix.Covariate] = []

    init(treated n1: Int, controls n0: Int, seed: UInt64) {
        var state = seed
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / 9_007_199_254_740_992.0
        }
        func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
        let n = n1 + n0
        var x = [[Double]](repeating: [Double](repeating: 0, count: n), count: 4)
        var g = [Int32](repeating: 0, count: n)
        let shift = [0.6, -0.4, 0.2, 0.0]
        for i in 0..<n {
            let isTreated = i % (n / n1) == 0 && i / (n / n1) < n1
            treated.append(isTreated)
            for j in 0..<4 { x[j][i] = normal() + (isTreated ? shift[j] : 0) }
            let u = uniform()
            g[i] = isTreated && u < 0.5 ? Int32(u * 10) : Int32(uniform() * 10)
        }
        covariates = (0..<4).map { .numeric(name: "x\($0 + 1)", values: x[$0]) }
        covariates.append(.categorical(name: "g", codes: g, levels: (0..<10).map { "g\($0)" }))
    }
}

/// With SURVQL_MATCH_DETAIL set: the process CPU seconds of each phase of a propensity match
/// (design, fit, exact cells, matching, balance) for both rules, with and without exact cells,
/// at 2,800 x 10^5, 28 x 10^6 and 600 x 5,000, each preceded by fingerprints (FNV-1a over the
/// bit patterns) of the propensity scores, of the matched sets and weights, and of the balance
/// table, for checking that a change leaves results bit-identical. SURVQL_MATCH_THREADS sets
/// the fit's threads (default 1 here, all cores in the benchmark rows).
func matchBreakdown() {
    func clock() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
    func f(_ x: Double) -> String { String(format: "%.4f", x) }

    for (n1, n0) in [(2_800, 100_000), (28, 1_000_000), (600, 5_000)] {
        let data = MatchBenchData(treated: n1, controls: n0, seed: 20_240_601)
        let exact = data.covariates.filter { $0.name == "g" }
        if n1 == 28 {
            let score = data.covariates.filter { $0.name != "g" }
            let t0 = clock()
            let model = LogisticRegression(response: data.treated.map { $0 ? 1 : 0 }, design: DesignMatrix(modelColumnsFor: score))
            var h: UInt64 = 1469598103934665603
            for v in model.fittedProbabilities { h = (h ^ v.bitPattern) &* 1099511628211 }
            print(String(h, radix: 16), "NTRK design fit CPU \(f(clock() - t0)) iter \(model.iterations)")
        }
        for rule in [NearestNeighborMatcher.GapRule.matchIt472, .matchIt451] {
            for ex in [exact, []] {
                let matcher = NearestNeighborMatcher(ratio: 10, gapRule: rule)
                let t0 = clock()
                let design = DesignMatrix(modelColumnsFor: data.covariates)
                let t1 = clock()
                let threads = Int(ProcessInfo.processInfo.environment["SURVQL_MATCH_THREADS"] ?? "1") ?? 1
                let model = LogisticRegression(response: data.treated.map { $0 ? 1 : 0 }, design: design, threads: threads)
                let t2 = clock()
                let cells: [Int32]? = ex.isEmpty ? nil : NearestNeighborMatcher.exactCells(ex, count: data.treated.count)
                let t3 = clock()
                let result = matcher.match(distance: model.fittedProbabilities, treated: data.treated, exactCells: cells)
                let t4 = clock()
                let balance = MatchBalance(covariates: DesignMatrix(balanceColumnsFor: data.covariates), distance: model.fittedProbabilities,
                                           treated: data.treated, match: result)
                let t5 = clock()
                var h: UInt64 = 1469598103934665603
                func mix(_ v: UInt64) { h = (h ^ v) &* 1099511628211 }
                for v in model.fittedProbabilities { mix(v.bitPattern) }
                let hp = h
                for v in result.weights { mix(v.bitPattern) }
                for cs in result.matchedControls { for c in cs { mix(UInt64(c)) } }
                for s in result.setIds { mix(UInt64(bitPattern: Int64(s ?? -1))) }
                let hm = h
                for r in balance.all + balance.matched {
                    for v in [r.meanTreated, r.meanControl, r.standardizedMeanDifference ?? -1, r.varianceRatio ?? -1, r.eCDFMean ?? -1, r.eCDFMax ?? -1, r.standardizedPairDistance ?? -1] { mix(v.bitPattern) }
                }
                print(String(hp, radix: 16), String(hm, radix: 16), String(h, radix: 16))
                print("\(n1)x\(n0) \(rule) exact=\(!ex.isEmpty) CPU: design \(f(t1 - t0)) fit \(f(t2 - t1)) (iter \(model.iterations)) cells \(f(t3 - t2)) match \(f(t4 - t3)) balance \(f(t5 - t4))")
            }
        }
    }
}
