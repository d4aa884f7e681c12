import Foundation
import Testing
@testable import Survival

/// Randomised differential tests against R (Fixtures/km_differential.R → km_differential.json):
/// 60 seeded small data sets with heavy ties, continuous and near-equal times (aeqSurv), 1-4
/// groups, strata, delayed entry, integer weights with zeros and rho in {0, 0.5, 1}. Every curve
/// column, the summary table (median and CI, restricted mean with R's common horizon), the findq
/// quantiles, `summary(fit, times=)` and `survdiff` are compared at 1e-10 relative.
@Suite struct KaplanMeierDifferentialTests {
    static let rel = 1e-10

    /// Parsed once: the fixture is ~330 KB and each parameterised case reads it.
    nonisolated(unsafe) static let all: [[String: Any]] = load()

    static func cases() -> [[String: Any]] { all }

    static func load() -> [[String: Any]] {
        guard let url = Reference.fixtureURL("km_differential.json"),
              let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["cases"] as? [[String: Any]]
        else { return [] }
        return list
    }

    static func ids() -> [String] { cases().compactMap { $0["id"] as? String } }

    struct Input {
        var time: [Double], event: [Bool], group: [Int32]
        var entry: [Double]?, weights: [Double]?, strata: [Int32]?
        var rho: Double
    }

    static func input(_ c: [String: Any]) -> Input? {
        guard let d = c["data"] as? [String: Any] else { return nil }
        func doubles(_ key: String) -> [Double]? {
            (d[key] as? [Any]).map { refDoubles($0).map { $0 ?? .nan } }
        }
        guard let time = doubles("time"), let status = doubles("status"), let group = doubles("group") else { return nil }
        return Input(time: time, event: status.map { $0 != 0 }, group: group.map { Int32($0) },
                     entry: doubles("entry"), weights: doubles("weights"),
                     strata: doubles("strata").map { $0.map { Int32($0) } },
                     rho: refDouble(c["rho"]) ?? 0)
    }

    @Test func fixtureIsPresent() {
        #expect(Self.cases().count == 60)
    }

    @Test(arguments: ids())
    func kaplanMeierMatchesR(_ id: String) throws {
        let c = try #require(Self.cases().first { ($0["id"] as? String) == id })
        let x = try #require(Self.input(c))
        let km = try #require(c["km"] as? [String: Any])
        let groups = try #require(km["groups"] as? [[String: Any]])
        let k = Int(x.group.max() ?? 0) + 1
        let curves = try KaplanMeier.fitByGroup(time: x.time, event: x.event, group: x.group, groupCount: k,
                                                entry: x.entry, weights: x.weights)
        #expect(curves.count == k)
        // R's rmean = "common": the largest last time over the curves.
        let horizon = KaplanMeier.commonHorizon(curves)
        expectClose(horizon, refDouble(km["rmean_horizon"]), rel: Self.rel, "\(id) rmean horizon")
        let times = refDoubles(km["times"]).compactMap { $0 }
        for ref in groups {
            let code = Int(refDouble(ref["code"]) ?? -1)
            guard code >= 0, code < curves.count else { Issue.record("\(id): bad code \(code)"); continue }
            let fit = curves[code]
            let tag = "\(id) group \(code)"
            #expect(Double(fit.records) == refDouble(ref["n"]), "\(tag) records")
            expectClose(fit.events, refDouble(ref["events"]), rel: Self.rel, "\(tag) events")

            let curve = try #require(ref["curve"] as? [String: Any])
            let rTime = refDoubles(curve["time"])
            #expect(fit.time.count == rTime.count, "\(tag): \(fit.time.count) points, R has \(rTime.count)")
            let columns: [(String, [Double])] = [
                ("time", fit.time), ("n_risk", fit.nRisk), ("n_event", fit.nEvent), ("n_censor", fit.nCensor),
                ("surv", fit.survival), ("std_err", fit.stdErrLogSurvival), ("lower", fit.lower), ("upper", fit.upper),
            ]
            for (name, mine) in columns {
                let theirs = refDoubles(curve[name])
                for j in 0..<min(mine.count, theirs.count) {
                    expectClose(mine[j].isNaN ? nil : mine[j], theirs[j], rel: Self.rel, "\(tag) \(name)[\(j)]")
                }
            }

            let median = fit.median
            expectClose(median.time, refDouble(ref["median"]), rel: Self.rel, "\(tag) median")
            expectClose(median.lower, refDouble(ref["median_lcl"]), rel: Self.rel, "\(tag) median LCL")
            expectClose(median.upper, refDouble(ref["median_ucl"]), rel: Self.rel, "\(tag) median UCL")
            let fq = refDoubles(ref["findq"]), fqLo = refDoubles(ref["findq_lower"]), fqUp = refDoubles(ref["findq_upper"])
            for (q, p) in [0.25, 0.5, 0.75].enumerated() where q < fq.count {
                let mine = fit.quantile(p, rule: .findq)
                expectClose(mine.time, fq[q], rel: Self.rel, "\(tag) findq(\(p))")
                expectClose(mine.lower, fqLo[q], rel: Self.rel, "\(tag) findq lower(\(p))")
                expectClose(mine.upper, fqUp[q], rel: Self.rel, "\(tag) findq upper(\(p))")
            }
            let rmean = fit.restrictedMean(horizon: horizon)
            expectClose(rmean?.estimate, refDouble(ref["rmean"]), rel: Self.rel, "\(tag) rmean")
            expectClose(rmean?.standardError, refDouble(ref["se_rmean"]), rel: Self.rel, "\(tag) se(rmean)")

            let at = try #require(ref["at"] as? [String: Any])
            let rows = fit.summary(at: times)
            let rAt = refDoubles(at["time"])
            #expect(rows.count == rAt.count, "\(tag): \(rows.count) summary rows, R has \(rAt.count)")
            let atColumns: [(String, (KaplanMeierCurve.TimePoint) -> Double)] = [
                ("time", \.time), ("n_risk", \.nRisk), ("n_event", \.nEvent), ("surv", \.survival),
                ("se", \.stdErr), ("lower", \.lower), ("upper", \.upper),
            ]
            for (name, get) in atColumns {
                let theirs = refDoubles(at[name])
                for j in 0..<min(rows.count, theirs.count) {
                    let v = get(rows[j])
                    if name == "se" && v.isNaN && theirs[j].map({ $0.isNaN }) == true { continue }
                    expectClose(v.isNaN ? nil : v, theirs[j], rel: Self.rel, "\(tag) at \(name)[\(j)]")
                }
            }
        }
    }

    @Test(arguments: ids())
    func logRankMatchesR(_ id: String) throws {
        let c = try #require(Self.cases().first { ($0["id"] as? String) == id })
        guard let lr = c["logrank"] as? [String: Any] else { return }  // not testable in R
        let x = try #require(Self.input(c))
        let k = Int(x.group.max() ?? 0) + 1
        let test = try LogRankTest.test(time: x.time, event: x.event, group: x.group, groupCount: k,
                                        strata: x.strata, rho: x.rho)
        if lr["error"] != nil {
            // R's solve() stops on a singular variance; SurvQL flags it.
            #expect(test.isVarianceSingular, "\(id): R failed (\(lr["error"] ?? "")) but SurvQL did not flag it")
            #expect(test.chiSquare == nil)
            return
        }
        let codes = refDoubles(lr["codes"]).map { Int($0 ?? -1) }
        let n = refDoubles(lr["n"]), o = refDoubles(lr["observed"]), e = refDoubles(lr["expected"])
        let v = try #require(lr["var"] as? [String: Any])
        let vRows = try #require(v["rows"] as? [[Any]])
        for (a, ca) in codes.enumerated() {
            #expect(Double(test.n[ca]) == n[a], "\(id) n[\(ca)]")
            expectClose(test.observed[ca], o[a], rel: Self.rel, "\(id) observed[\(ca)]")
            expectClose(test.expected[ca], e[a], rel: Self.rel, abs: 1e-12, "\(id) expected[\(ca)]")
            let rRow = refDoubles(vRows[a])
            for (b, cb) in codes.enumerated() {
                expectClose(test.variance[ca][cb], rRow[b], rel: 1e-9, abs: 1e-12, "\(id) var[\(ca),\(cb)]")
            }
        }
        expectClose(test.chiSquare, refDouble(lr["chisq"]), rel: 1e-9, abs: 1e-12, "\(id) chisq")
        let df = Int(refDouble(lr["df"]) ?? -99)
        #expect(test.degreesOfFreedom == max(df, 0), "\(id) df")
        expectClose(test.pValue, refDouble(lr["p"]), rel: 1e-9, abs: 1e-14, "\(id) p")
    }
}
