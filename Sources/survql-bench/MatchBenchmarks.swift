import Foundation
import Survival

/// Benchmarks of the `match` statistics against MatchIt 4.5.1 (timings in
/// /work/shared/reference/README.md): propensity fit + 1:10 nearest-neighbour matching + balance
/// summary on 2,800 treated and 100,000 controls with 5 covariates (4 numeric, one 10-level
/// factor), with and without exact matching on the factor. Median of 3 runs.
func matchBenchmarks() -> [BenchRow] {
    let data = MatchBenchData(treated: 2_800, controls: 100_000, seed: 20_240_601)
    let n = data.treated.count
    let exact = data.covariates.filter { $0.name == "g" }
    let matcher = NearestNeighborMatcher(ratio: 10)
    let withExact = medianSeconds(runs: 3) {
        _ = matcher.matchOnPropensity(treated: data.treated, covariates: data.covariates, exact: exact)
    }
    let withoutExact = medianSeconds(runs: 3) {
        _ = matcher.matchOnPropensity(treated: data.treated, covariates: data.covariates)
    }
    return [
        BenchRow(operation: "Match 1:10, exact on 10-level factor", n: n, seconds: withExact,
                 referenceSeconds: 2.75, referenceName: "MatchIt 4.5.1"),
        BenchRow(operation: "Match 1:10, no exact", n: n, seconds: withoutExact,
                 referenceSeconds: 15.45, referenceName: "MatchIt 4.5.1"),
    ]
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
        var g = [Int](repeating: 0, count: n)
        let shift = [0.6, -0.4, 0.2, 0.0]
        for i in 0..<n {
            let isTreated = i % (n / n1) == 0 && i / (n / n1) < n1
            treated.append(isTreated)
            for j in 0..<4 { x[j][i] = normal() + (isTreated ? shift[j] : 0) }
            let u = uniform()
            g[i] = isTreated && u < 0.5 ? Int(u * 10) : Int(uniform() * 10)
        }
        covariates = (0..<4).map { .numeric(name: "x\($0 + 1)", values: x[$0]) }
        covariates.append(.categorical(name: "g", codes: g, levels: (0..<10).map { "g\($0)" }))
    }
}
