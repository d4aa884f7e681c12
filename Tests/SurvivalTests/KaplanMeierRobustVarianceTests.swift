import Foundation
import Testing
@testable import Survival

/// Checks `KaplanMeierRobustVariance` against R's default standard errors for non-integer case
/// weights (Fixtures/km_robust.R → km_robust.json): `survfit(y ~ g, weights = w)` with
/// survival 3.5-3, which takes the robust (infinitesimal-jackknife) branch.
@Suite struct KaplanMeierRobustVarianceTests {
    struct Case {
        let id: String
        let time: [Double], status: [Bool], weights: [Double]
        let group: [Int32]?, entry: [Double]?
        let curves: [[String: Any]]
    }

    static func cases() -> [Case] {
        guard let url = Reference.fixtureURL("km_robust.json"),
              let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["cases"] as? [[String: Any]]
        else { return [] }
        return list.compactMap { c in
            guard let id = c["id"] as? String, let d = c["data"] as? [String: Any],
                  let curves = c["curves"] as? [[String: Any]] else { return nil }
            let group = (d["group"] as? [Any]).map { refDoubles($0).map { Int32($0 ?? -1) } }
            let entry = (d["entry"] as? [Any]).map { refDoubles($0).map { $0 ?? .nan } }
            return Case(id: id, time: refDoubles(d["time"]).map { $0 ?? .nan },
                        status: refDoubles(d["status"]).map { ($0 ?? 0) != 0 },
                        weights: refDoubles(d["weights"]).map { $0 ?? .nan },
                        group: group, entry: entry, curves: curves)
        }
    }

    @Test func fixtureIsPresent() {
        #expect(Self.cases().count == 5)
    }

    @Test(arguments: cases().map(\.id))
    func matchesR(_ id: String) throws {
        let c = try #require(Self.cases().first { $0.id == id })
        #expect(KaplanMeierRobustVariance.isDefault(for: c.weights))
        let group = c.group ?? [Int32](repeating: 0, count: c.time.count)
        let k = Int(group.max() ?? 0) + 1
        // The fixtures' times need no merging, so the raw columns are what R fitted.
        let fits = try KaplanMeier.fitByGroup(time: c.time, event: c.status, group: group, groupCount: k,
                                              entry: c.entry, weights: c.weights,
                                              options: .init(timeFix: false))
        let exitParts = SurvivalTimeOrder.partition(SurvivalTimeOrder.ascending(c.time), codes: group, codeCount: k)
        let entryParts = c.entry.map { SurvivalTimeOrder.partition(SurvivalTimeOrder.ascending($0), codes: group, codeCount: k) }
        let z = Normal.quantile(0.975)
        #expect(fits.count == c.curves.count)
        for (g, ref) in c.curves.enumerated() where g < fits.count {
            let fit = fits[g]
            let se = KaplanMeierRobustVariance.stdErrSurvival(
                exitOrder: exitParts.order[exitParts.starts[g]..<exitParts.starts[g + 1]],
                entryOrder: entryParts.map { $0.order[$0.starts[g]..<$0.starts[g + 1]] },
                exit: c.time, entry: c.entry, event: c.status, weights: c.weights,
                time: fit.time, nRisk: fit.nRisk, nEvent: fit.nEvent)
            let rTime = refDoubles(ref["time"]), rSurv = refDoubles(ref["surv"])
            let rSe = refDoubles(ref["se_surv"])
            let rLower = refDoubles(ref["lower"]), rUpper = refDoubles(ref["upper"])
            #expect(se.count == rSe.count, "\(id) group \(g): \(se.count) points, R has \(rSe.count)")
            for j in 0..<min(se.count, rSe.count) {
                expectClose(fit.time[j], rTime[j], rel: 1e-12, "\(id)[\(g)] time[\(j)]")
                expectClose(fit.survival[j], rSurv[j], rel: 1e-12, "\(id)[\(g)] surv[\(j)]")
                expectClose(se[j], rSe[j], rel: 1e-12, abs: 1e-15, "\(id)[\(g)] se[\(j)]")
                // R's survfit_confint(logse = FALSE): se / S on the log scale, 0 where se = 0.
                let s = fit.survival[j]
                let seLog = se[j] == 0 ? 0 : se[j] / s
                let ci = KaplanMeier.confidenceLimits(survival: s, stdErrLog: seLog, z: z, type: .log)
                expectClose(ci.lower.isNaN ? nil : ci.lower, rLower[j], rel: 1e-10, "\(id)[\(g)] lower[\(j)]")
                expectClose(ci.upper.isNaN ? nil : ci.upper, rUpper[j], rel: 1e-10, "\(id)[\(g)] upper[\(j)]")
            }
        }
    }

    @Test func integerWeightsKeepGreenwood() {
        #expect(!KaplanMeierRobustVariance.isDefault(for: nil))
        #expect(!KaplanMeierRobustVariance.isDefault(for: [1, 0, 3, 2]))
        #expect(KaplanMeierRobustVariance.isDefault(for: [1, 0.5]))
    }

    @Test func noEventsAndEmptyCurvesHaveZeroError() {
        let se = KaplanMeierRobustVariance.stdErrSurvival(
            exitOrder: [0, 1][...], entryOrder: nil, exit: [1, 2], entry: nil, event: [false, false],
            weights: [0.5, 1.5], time: [1, 2], nRisk: [2, 1.5], nEvent: [0, 0])
        #expect(se == [0, 0])
        let empty = KaplanMeierRobustVariance.stdErrSurvival(
            exitOrder: [][...], entryOrder: nil, exit: [], entry: nil, event: [], weights: [],
            time: [], nRisk: [], nEvent: [])
        #expect(empty.isEmpty)
    }
}
