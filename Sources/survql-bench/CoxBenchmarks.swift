import Foundation
import Survival

/// Cox model timings: one covariate (the group), three covariates, and three covariates with a
/// cluster-robust variance, each the median of three fits (concordance included, as `coxph`
/// computes it). R reference seconds are survival 3.5-3 on the same kind of data (README).
func coxBenchmarks(n: Int, data: BenchData) -> [BenchRow] {
    let reference: [Int: [Double?]] = [
        10_000: [0.041, 0.073, 0.77],
        100_000: [0.261, 0.817, 56.5],
        1_000_000: [4.96, 9.58, nil],
    ]
    let group = CoxModel.Covariate(name: "group", values: data.group.map(Double.init))
    let three = data.covariates.enumerated().map { CoxModel.Covariate(name: "x\($0.offset + 1)", values: $0.element) }
    let cases: [(String, [CoxModel.Covariate], [Int32]?)] = [
        ("Cox, 1 covariate (group)", [group], nil),
        ("Cox, 3 covariates", three, nil),
        ("Cox, 3 covariates, robust clustered", three, data.cluster),
    ]
    var rows: [BenchRow] = []
    for (k, c) in cases.enumerated() {
        var times: [Double] = []
        for _ in 0..<3 {
            let clock = ContinuousClock()
            let start = clock.now
            let model = try? CoxModel.fit(time: data.time, event: data.event, covariates: c.1, cluster: c.2)
            let elapsed = clock.now - start
            _ = model?.logLikelihood
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        times.sort()
        rows.append(BenchRow(operation: c.0, n: n, seconds: times[1],
                             referenceSeconds: reference[n]?[k] ?? nil, referenceName: "R survival 3.5-3"))
    }
    return rows
}
