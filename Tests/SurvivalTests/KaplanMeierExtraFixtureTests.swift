import Foundation
import Testing
@testable import Survival

/// Edge cases, weights, restricted means, quantiles and time fixing against R values generated
/// by Fixtures/km_extra.R (km_extra.json).
@Suite struct KaplanMeierExtraFixtureTests {
    nonisolated(unsafe) static let cases: [String: [String: Any]] = {
        guard let url = Reference.fixtureURL("km_extra.json"), let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["cases"] as? [[String: Any]] else { return [:] }
        var out: [String: [String: Any]] = [:]
        for c in list { if let id = c["id"] as? String { out[id] = c } }
        return out
    }()

    static func ids(_ kind: String) -> [String] {
        cases.filter { $0.value["kind"] as? String == kind }.keys.sorted()
    }

    /// Input arrays of a case: its own data, or lung / veteran for the cases that use them.
    static func inputs(_ c: [String: Any]) -> (time: [Double], status: [Bool], group: [Double]?, entry: [Double]?, weights: [Double]?) {
        if let raw = c["data"] as? [String: Any] {
            let d = raw.filter { !($0.value is NSNull) }
            let g = d["group"].map { refDoubles($0).map { $0! } }
            return (refDoubles(d["time"]).map { $0! }, refDoubles(d["status"]).map { $0! == 1 }, g,
                    d["entry"].map { refDoubles($0).map { $0! } }, d["weights"].map { refDoubles($0).map { $0! } })
        }
        let id = c["id"] as? String ?? ""
        if id.hasPrefix("lung") {
            let d = KaplanMeierTests.lungData()
            return (d.time, d.event, d.sex.map(Double.init), nil, nil)
        }
        let v = KaplanMeierTests.veteran
        let codes = v.strings("celltype").map { Double(KaplanMeierTests.celltypeLevels.firstIndex(of: $0)!) }
        return (v.numbers("time").map { $0! }, v.numbers("status").map { $0! == 1 }, codes, nil, nil)
    }

    /// R's factor(): codes by sorted distinct value.
    static func codes(_ values: [Double]?, count n: Int) -> [Int32] {
        guard let values else { return [Int32](repeating: 0, count: n) }
        let levels = Array(Set(values)).sorted()
        return values.map { Int32(levels.firstIndex(of: $0)!) }
    }

    @Test(arguments: ids("km"))
    func kaplanMeierCase(id: String) throws {
        let c = try #require(Self.cases[id])
        let input = Self.inputs(c)
        let type = try #require(KaplanMeier.ConfidenceType(rawValue: c["conf_type"] as? String ?? ""))
        let level = try #require(refDouble(c["conf_int"]))
        let curves = try KaplanMeier.fitByGroup(
            time: input.time, event: input.status, group: Self.codes(input.group, count: input.time.count),
            entry: input.entry, weights: input.weights,
            options: .init(confidenceLevel: level, confidenceType: type,
                           variance: (c["robust"] as? Bool) == false ? .greenwood : .automatic))
        let groups = try #require(c["groups"] as? [[String: Any]])
        #expect(curves.count == groups.count)
        let common = KaplanMeier.commonHorizon(curves)
        for (curve, g) in zip(curves, groups) {
            let label = "\(id)[\(g["level"] ?? "")]"
            // km_extra.R does not record n.max / n.start; the common-horizon rmean has its own key.
            var ref = g
            ref["se_rmean"] = g["se_rmean_common"]
            ref["n_max"] = curve.nMax
            ref["n_start"] = curve.nStart
            let probs0 = refDoubles(g["probs"])
            if let half = probs0.firstIndex(of: 0.5) {
                ref["quantile50_findq"] = refDoubles(g["findq"])[half] as Any
                ref["quantile50_findq_lower"] = refDoubles(g["findq_lower"])[half] as Any
                ref["quantile50_findq_upper"] = refDoubles(g["findq_upper"])[half] as Any
            }
            expectCurve(curve, matches: ref, horizon: common, label)
            // Quantiles by the findq rule at every probability R was asked for.
            let probs = refDoubles(g["probs"]).map { $0! }
            let fq = refDoubles(g["findq"]), fl = refDoubles(g["findq_lower"]), fu = refDoubles(g["findq_upper"])
            for (j, p) in probs.enumerated() {
                let q = curve.quantile(p, rule: .findq)
                expectClose(q.time, fq[j], rel: 1e-10, "\(label) findq p=\(p)")
                expectClose(q.lower, fl[j], rel: 1e-10, "\(label) findq lower p=\(p)")
                expectClose(q.upper, fu[j], rel: 1e-10, "\(label) findq upper p=\(p)")
            }
            // Restricted means at explicit horizons (nil where R stops with an error).
            for r in (g["rmean"] as? [[String: Any]]) ?? [] {
                let h = try #require(refDouble(r["horizon"]))
                let rm = curve.restrictedMean(horizon: h)
                expectClose(rm?.estimate, refDouble(r["rmean"]), rel: 1e-10, "\(label) rmean(\(h))")
                expectClose(rm?.standardError, refDouble(r["se"]), rel: 1e-10, "\(label) se rmean(\(h))")
            }
            // summary(times =, extend = FALSE).
            if let s = g["summary"] as? [String: Any], s["error"] == nil {
                let expectedTimes = refDoubles(s["time"]).map { $0! }
                let requested = Self.summaryTimes[id] ?? []
                let rows = curve.summary(at: requested)
                #expect(rows.map(\.time) == expectedTimes, "\(label) summary times")
                let cols: [(String, (KaplanMeierCurve.TimePoint) -> Double)] = [
                    ("n_risk", { $0.nRisk }), ("n_event", { $0.nEvent }), ("n_censor", { $0.nCensor }),
                    ("surv", { $0.survival }), ("se_surv", { $0.stdErr }), ("lower", { $0.lower }), ("upper", { $0.upper }),
                ]
                for (name, get) in cols {
                    for (j, (row, b)) in zip(rows, refDoubles(s[name])).enumerated() {
                        let a = get(row)
                        expectClose(a.isNaN ? (b?.isNaN == true ? Double.nan : nil) : a, b, rel: 1e-10,
                                    "\(label) summary.\(name)[\(j)]")
                    }
                }
            }
        }
    }

    /// The `times =` each KM case passed to summary() in km_extra.R.
    static let summaryTimes: [String: [Double]] = [
        "lung_sex_horizons": [0, 100, 365, 800, 2000],
        "veteran_celltype_horizons": [10, 100, 500],
        "weights_integer_with_zeros": [3, 6.5],
        "no_events": [1, 4], "all_events_one_time": [1, 4], "one_patient_event": [7], "one_patient_censored": [7],
        "times_of_zero": [0, 1, 3], "huge_times": [2.5e300], "delayed_entry_small": [5, 7.5],
    ]

    /// Default fits with non-integer weights take R's robust branch end to end (km_robust.json,
    /// written by session B's Fixtures/km_robust.R): bands, and se of S through `summary`.
    @Test(arguments: KaplanMeierRobustVarianceTests.cases().map(\.id))
    func fractionalWeightsUseRobustVarianceByDefault(_ id: String) throws {
        let c = try #require(KaplanMeierRobustVarianceTests.cases().first { $0.id == id })
        let group = c.group ?? [Int32](repeating: 0, count: c.time.count)
        let fits = try KaplanMeier.fitByGroup(time: c.time, event: c.status, group: group,
                                              entry: c.entry, weights: c.weights)
        #expect(fits.count == c.curves.count)
        for (fit, ref) in zip(fits, c.curves) {
            #expect(fit.usesRobustVariance)
            let rTime = refDoubles(ref["time"]).map { $0! }
            #expect(fit.time.count == rTime.count)
            let rows = fit.summary(at: rTime)
            for (name, mine) in [("lower", fit.lower), ("upper", fit.upper)] {
                for (q, (a, b)) in zip(mine, refDoubles(ref[name])).enumerated() {
                    expectClose(a.isNaN ? nil : a, b, rel: 1e-10, "\(id) \(name)[\(q)]")
                }
            }
            for (q, (row, b)) in zip(rows, refDoubles(ref["se_surv"])).enumerated() {
                expectClose(row.stdErr, b, rel: 1e-10, abs: 1e-14, "\(id) se_surv[\(q)]")
            }
        }
        let greenwood = try KaplanMeier.fitByGroup(time: c.time, event: c.status, group: group,
                                                   entry: c.entry, weights: c.weights, options: .init(variance: .greenwood))
        #expect(greenwood.allSatisfy { !$0.usesRobustVariance })
    }

    @Test(arguments: ids("logrank"))
    func logRankCase(id: String) throws {
        let c = try #require(Self.cases[id])
        let d = try #require(c["data"] as? [String: Any])
        let time = refDoubles(d["time"]).map { $0! }
        let status = refDoubles(d["status"]).map { $0! == 1 }
        let group = Self.codes(refDoubles(d["group"]).map { $0! }, count: time.count)
        let strata = d["strata"].flatMap { $0 is NSNull ? nil : $0 }.map { refDoubles($0).map { Int32($0!) } }
        let t = try LogRankTest.test(time: time, event: status, group: group, strata: strata,
                                     rho: refDouble(c["rho"]) ?? 0)
        if c["error"] != nil {
            // R: "Lapack routine dgesv: system is exactly singular".
            #expect(t.isVarianceSingular)
            #expect(t.chiSquare == nil && t.pValue == nil)
            return
        }
        #expect(t.n.map(Double.init) == refDoubles(c["n"]).map { $0! })
        for (a, b) in zip(t.observed, refDoubles(c["observed"])) { expectClose(a, b, rel: 1e-10, "\(id) O") }
        for (a, b) in zip(t.expected, refDoubles(c["expected"])) { expectClose(a, b, rel: 1e-10, "\(id) E") }
        let rows = ((c["var"] as? [String: Any])?["rows"] as? [Any]) ?? []
        for (r, row) in rows.enumerated() {
            for (k, b) in refDoubles(row).enumerated() { expectClose(t.variance[r][k], b, rel: 1e-10, "\(id) V[\(r),\(k)]") }
        }
        expectClose(t.chiSquare, refDouble(c["chisq"]), rel: 1e-10, "\(id) chisq")
        #expect(Double(t.degreesOfFreedom) == refDouble(c["df"]))
        expectClose(t.pValue, refDouble(c["p"]), rel: 1e-9, "\(id) p")
    }

    @Test(arguments: ids("timefix"))
    func timeFixCase(id: String) throws {
        let c = try #require(Self.cases[id])
        let d = try #require(c["data"] as? [String: Any])
        let time = refDoubles(d["time"]).map { $0! }
        let expected = refDoubles(c["fixed_time"]).map { $0! }
        if let e = d["entry"], !(e is NSNull) {
            let entry = refDoubles(e).map { $0! }
            let fixed = try TimeFix.apply(entry: entry, exit: time)
            #expect(fixed.exit == expected)
            #expect(fixed.entry == refDoubles(c["fixed_entry"]).map { $0! })
        } else {
            #expect(try TimeFix.apply(time) == expected)
        }
    }
}
