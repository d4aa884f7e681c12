import Foundation
import Testing
@testable import Survival

/// Fleming–Harrington tests, RMST comparisons, power and reverse-KM follow-up against
/// `Fixtures/stats_extra.json`, made by `Fixtures/stats_extra.R` (R 4.2.2, survival 3.5-3).
@Suite struct StatsExtraTests {
    nonisolated(unsafe) static let root: [String: Any] = {
        guard let url = Reference.fixtureURL("stats_extra.json"), let data = try? Data(contentsOf: url),
              let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return o
    }()

    static func cases(_ key: String) -> [[String: Any]] { root[key] as? [[String: Any]] ?? [] }
    static func ints(_ v: Any?) -> [Int] { refDoubles(v).map { Int($0 ?? -1) } }
    static func doubles(_ v: Any?) -> [Double] { refDoubles(v).map { $0 ?? .nan } }

    @Test func flemingHarringtonAgainstHandComputation() throws {
        let cases = Self.cases("fleming_harrington")
        #expect(cases.count == 12)
        for c in cases {
            let id = c["id"] as? String ?? "?"
            let time = Self.doubles(c["time"]), event = Self.ints(c["status"]).map { $0 == 1 }
            let group = Self.ints(c["group"]).map { Int32($0) }
            let strata = (c["strata"] as? [Any]).map { Self.ints($0).map { Int32($0) } }
            let rho = refDouble(c["rho"])!, gamma = refDouble(c["gamma"])!
            let t: LogRankTest
            if let entry = (c["entry"] as? [Any]).map({ Self.doubles($0) }) {
                t = try LogRankTest.countingProcess(entry: entry, time: time, event: event, group: group, strata: strata, rho: rho, gamma: gamma)
            } else {
                t = try LogRankTest.test(time: time, event: event, group: group, strata: strata, rho: rho, gamma: gamma)
                // The counting-process path with entries before every time is the same test.
                let early = try LogRankTest.countingProcess(entry: time.map { _ in -1 }, time: time, event: event, group: group,
                                                            strata: strata, rho: rho, gamma: gamma)
                expectClose(early.chiSquare, t.chiSquare, rel: 1e-9, "\(id) counting-process path")
            }
            for (a, b) in zip(t.observed, refDoubles(c["observed"])) { expectClose(a, b, rel: 1e-10, "\(id) observed") }
            for (a, b) in zip(t.expected, refDoubles(c["expected"])) { expectClose(a, b, rel: 1e-10, "\(id) expected") }
            expectClose(t.chiSquare, refDouble(c["chisq"]), rel: 1e-9, "\(id) chisq")
            expectClose(Double(t.degreesOfFreedom), refDouble(c["df"]), "\(id) df")
            expectClose(t.pValue, refDouble(c["p"]), rel: 1e-8, "\(id) p")
            #expect(t.gamma == refDouble(c["gamma"]))
        }
    }

    @Test func negativeGammaIsRejected() {
        #expect(throws: TimeToEventInputError.self) {
            try LogRankTest.test(time: [1, 2, 3], event: [true, true, false], group: [0, 1, 0], gamma: -1)
        }
    }

    @Test func restrictedMeanDifferenceAndRatio() throws {
        let cases = Self.cases("rmst")
        #expect(cases.count == 4)
        for c in cases {
            let id = c["id"] as? String ?? "?"
            let level = refDouble(c["level"])!
            let curves = try KaplanMeier.fitByGroup(time: Self.doubles(c["time"]), event: Self.ints(c["status"]).map { $0 == 1 },
                                                    group: Self.ints(c["arm"]).map { Int32($0) }, groupCount: 2,
                                                    options: KaplanMeier.Options(confidenceLevel: level))
            let r = try #require(RestrictedMeanComparison.compare(reference: curves[0], group: curves[1],
                                                                  horizon: refDouble(c["tau"])!, confidenceLevel: level))
            let pairs: [(Double, String)] = [
                (r.reference.estimate, "rmst0"), (r.reference.standardError, "se0"), (r.group.estimate, "rmst1"),
                (r.group.standardError, "se1"), (r.difference, "diff"), (r.differenceStandardError, "diff_se"),
                (r.differenceLower, "diff_lower"), (r.differenceUpper, "diff_upper"), (r.differenceP, "diff_p"),
                (r.ratio, "ratio"), (r.ratioLower, "ratio_lower"), (r.ratioUpper, "ratio_upper"), (r.ratioP, "ratio_p"),
            ]
            for (mine, key) in pairs { expectClose(mine, refDouble(c[key]), rel: 1e-9, "\(id) \(key)") }
        }
    }

    @Test func restrictedMeanBeyondLastFollowUpIsNil() throws {
        let curves = try KaplanMeier.fitByGroup(time: [1, 2, 3, 4, 10], event: [true, false, true, true, false], group: [0, 0, 1, 1, 0])
        #expect(RestrictedMeanComparison.compare(reference: curves[0], group: curves[1], horizon: 5) == nil)
        #expect(RestrictedMeanComparison.compare(reference: curves[0], group: curves[1], horizon: 4) != nil)
    }

    @Test func powerClosedForms() {
        let cases = Self.cases("power")
        #expect(cases.count == 18)
        for c in cases {
            let hr = refDouble(c["hr"])!, k = refDouble(c["ratio"])!, alpha = refDouble(c["alpha"])!
            let d = refDouble(c["events"])!, target = refDouble(c["target"])!
            let what = "hr \(hr) K \(k) alpha \(alpha)"
            expectClose(SurvivalPower.events(hazardRatio: hr, power: target, alpha: alpha, ratio: k, method: .schoenfeld),
                        refDouble(c["schoenfeld_events"]), rel: 1e-12, "\(what) Schoenfeld events")
            expectClose(SurvivalPower.power(hazardRatio: hr, events: d, alpha: alpha, ratio: k, method: .schoenfeld),
                        refDouble(c["schoenfeld_power"]), rel: 1e-12, "\(what) Schoenfeld power")
            expectClose(SurvivalPower.events(hazardRatio: hr, power: target, alpha: alpha, ratio: k, method: .freedman),
                        refDouble(c["freedman_events"]), rel: 1e-12, "\(what) Freedman events")
            expectClose(SurvivalPower.power(hazardRatio: hr, events: d, alpha: alpha, ratio: k, method: .freedman),
                        refDouble(c["freedman_power"]), rel: 1e-12, "\(what) Freedman power")
        }
        #expect(SurvivalPower.events(hazardRatio: 1, power: 0.8) == nil)
        #expect(SurvivalPower.power(hazardRatio: 1.5, events: 10, alpha: 0) == nil)
    }

    @Test func medianFollowUpByReverseKaplanMeier() throws {
        let f = try #require(Self.root["followup"] as? [String: Any])
        let time = Self.doubles(f["time"]), died = Self.ints(f["status"]).map { $0 == 1 }, group = Self.ints(f["group"]).map { Int32($0) }
        let all = try KaplanMeier.fit(time: time, event: died.map { !$0 }).median
        let ref = f["all"] as? [String: Any] ?? [:]
        expectClose(all.time, refDouble(ref["median"]), rel: 1e-12, "all median")
        expectClose(all.lower, refDouble(ref["lower"]), rel: 1e-12, "all lower")
        expectClose(all.upper, refDouble(ref["upper"]), rel: 1e-12, "all upper")
        let curves = try KaplanMeier.fitByGroup(time: time, event: died.map { !$0 }, group: group)
        for (k, g) in (f["by_group"] as? [[String: Any]] ?? []).enumerated() {
            expectClose(curves[k].median.time, refDouble(g["median"]), rel: 1e-12, "group \(k) median")
            expectClose(curves[k].median.lower, refDouble(g["lower"]), rel: 1e-12, "group \(k) lower")
            expectClose(curves[k].median.upper, refDouble(g["upper"]), rel: 1e-12, "group \(k) upper")
        }
    }
}
