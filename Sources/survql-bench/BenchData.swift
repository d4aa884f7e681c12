#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SurvQLData

/// One line of the benchmark table.
struct BenchRow {
    /// What was timed, e.g. "Kaplan–Meier by group + median".
    var operation: String
    /// Number of patients.
    var n: Int
    /// SurvQL wall-clock seconds (median of the runs).
    var seconds: Double
    /// The reference implementation's seconds for the same operation and n, if known.
    var referenceSeconds: Double?
    /// Which reference `referenceSeconds` is ("R 4.2.2 survival 3.5-3", ...).
    var referenceName: String
}

/// A deterministic synthetic cohort for benchmarks: n patients, 2 treatment groups, 3 covariates
/// (binary, standard normal, uniform on [0, 1)), integer follow-up times in days with many ties,
/// about 30% censoring, and a cluster id with about 5 patients per cluster.
///
/// Event times are exponential with log-hazard 0.4·group + 0.5·x1 + 0.3·x2 - 0.2·x3 around a
/// baseline median of about 365 days; censoring times are uniform on (0, 1300) days; both are
/// rounded up to whole days. The same seed always gives the same arrays on every platform.
struct BenchData {
    var time: [Double]
    var event: [Bool]
    var group: [Int32]
    /// Three columns: `covariates[0]` binary, `[1]` normal, `[2]` uniform.
    var covariates: [[Double]]
    var cluster: [Int32]

    var count: Int { time.count }

    static func generate(n: Int, seed: UInt64 = 20_240_601) -> BenchData {
        var rng = SplitMix64(seed: seed)
        var time = [Double](repeating: 0, count: n)
        var event = [Bool](repeating: false, count: n)
        var group = [Int32](repeating: 0, count: n)
        var x1 = [Double](repeating: 0, count: n)
        var x2 = [Double](repeating: 0, count: n)
        var x3 = [Double](repeating: 0, count: n)
        var cluster = [Int32](repeating: 0, count: n)
        let clusters = max(1, n / 5)
        let baseRate = log(2.0) / 365
        for i in 0..<n {
            group[i] = rng.uniform() < 0.5 ? 1 : 0
            x1[i] = rng.uniform() < 0.4 ? 1 : 0
            x2[i] = rng.normal()
            x3[i] = rng.uniform()
            cluster[i] = Int32(rng.next() % UInt64(clusters))
            let lp = 0.4 * Double(group[i]) + 0.5 * x1[i] + 0.3 * x2[i] - 0.2 * x3[i]
            let eventTime = -log(1 - rng.uniform()) / (baseRate * exp(lp))
            let censorTime = 1300 * rng.uniform()
            event[i] = eventTime <= censorTime
            time[i] = max(1, (min(eventTime, censorTime)).rounded(.up))
        }
        return BenchData(time: time, event: event, group: group, covariates: [x1, x2, x3], cluster: cluster)
    }
}

/// Wall-clock timing helpers shared by all benchmark rows.
enum BenchTimer {
    /// Median wall-clock seconds of `runs` executions of `body`.
    static func medianSeconds(runs: Int = 3, _ body: () -> Void) -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return times[times.count / 2]
    }
}

/// Reference timings from /work/shared/reference/README.md (median of 3 runs in one process,
/// seconds, same kind of synthetic data).
enum ReferenceTimings {
    static let rName = "R 4.2.2 / survival 3.5-3"

    static let r: [String: [Int: Double]] = [
        "Kaplan–Meier by group + median": [10_000: 0.034, 100_000: 0.205, 1_000_000: 1.91],
        "log-rank": [10_000: 0.037, 100_000: 0.197, 1_000_000: 2.37],
        "Cox, 1 covariate": [10_000: 0.041, 100_000: 0.261, 1_000_000: 4.96],
        "Cox, 3 covariates": [10_000: 0.073, 100_000: 0.817, 1_000_000: 9.58],
        "Cox, 3 covariates, robust": [10_000: 0.77, 100_000: 56.5],
    ]

    static func seconds(_ operation: String, n: Int) -> Double? { r[operation]?[n] }
}
