import Foundation
import Testing
@testable import Survival

/// Kaplan–Meier curves, medians, quantiles, summaries and restricted means against R
/// (survival 3.5-3, reference.json).
@Suite struct KaplanMeierTests {
    static let lung = KaplanMeierFixtureTable("lung.tsv")
    static let veteran = KaplanMeierFixtureTable("veteran.tsv")
    static let lungLT = KaplanMeierFixtureTable("lung_lefttrunc.tsv")

    static func lungData() -> (time: [Double], event: [Bool], sex: [Int32]) {
        (lung.numbers("time").map { $0! }, lung.numbers("status").map { $0! == 2 },
         lung.numbers("sex").map { Int32($0!) - 1 })
    }

    static let celltypeLevels = ["squamous", "smallcell", "adeno", "large"]

    func check(_ id: String, _ curves: [KaplanMeierCurve], sourceLocation: SourceLocation = #_sourceLocation) {
        let groups = referenceGroups(id)
        #expect(groups.count == curves.count, "\(id): group count", sourceLocation: sourceLocation)
        let horizon = KaplanMeier.commonHorizon(curves)
        for (curve, g) in zip(curves, groups) {
            expectCurve(curve, matches: g.values, horizon: horizon, "\(id) \(g.name)", sourceLocation: sourceLocation)
        }
    }

    @Test func lungBySex() throws {
        let d = Self.lungData()
        #expect(d.time.count == 228)
        check("lung_km_sex", try KaplanMeier.fitByGroup(time: d.time, event: d.event, group: d.sex))
    }

    @Test func lungBySexLogLog() throws {
        let d = Self.lungData()
        let options = KaplanMeier.Options(confidenceType: .logLog)
        check("lung_km_sex_loglog", try KaplanMeier.fitByGroup(time: d.time, event: d.event, group: d.sex, options: options))
        #expect(Reference.values("lung_km_sex_loglog")["conf_type"] as? String == KaplanMeier.ConfidenceType.logLog.rawValue)
    }

    @Test func lungAll() throws {
        let d = Self.lungData()
        check("lung_km_all", [try KaplanMeier.fit(time: d.time, event: d.event)])
    }

    @Test func lungDelayedEntryBySex() throws {
        let t = Self.lungLT
        let curves = try KaplanMeier.fitByGroup(
            time: t.numbers("time").map { $0! }, event: t.numbers("status").map { $0! == 2 },
            group: t.numbers("sex").map { Int32($0!) - 1 }, entry: t.numbers("entry").map { $0! })
        #expect(curves.allSatisfy { $0.isDelayedEntry })
        check("lungLT_km_sex", curves)
        // n.risk(t_j) = n.risk(t_{j-1}) - events - censored at t_{j-1} + entered since.
        for c in curves {
            for j in 1..<c.time.count {
                expectClose(c.nRisk[j], c.nRisk[j - 1] - c.nEvent[j - 1] - c.nCensor[j - 1] + c.nEnter[j], "n.enter balance")
            }
            expectClose(c.nEnter[0], c.nRisk[0], "n.enter first")
        }
    }

    @Test func veteranByTreatment() throws {
        let v = Self.veteran
        let curves = try KaplanMeier.fitByGroup(
            time: v.numbers("time").map { $0! }, event: v.numbers("status").map { $0! == 1 },
            group: v.numbers("trt").map { Int32($0!) - 1 })
        check("veteran_km_trt", curves)
    }

    @Test func veteranByCellType() throws {
        let v = Self.veteran
        let codes = v.strings("celltype").map { Int32(Self.celltypeLevels.firstIndex(of: $0)!) }
        let curves = try KaplanMeier.fitByGroup(
            time: v.numbers("time").map { $0! }, event: v.numbers("status").map { $0! == 1 }, group: codes)
        check("veteran_km_celltype", curves)
    }

    @Test(arguments: ["edge_km_exact_half_then_drop", "edge_km_exact_half_flat_to_end",
                      "edge_km_exact_half_censor_then_drop", "edge_km_never_below_half", "edge_km_tied_event_times"])
    func medianRuleEdgeCases(id: String) throws {
        let data = try #require(Reference.values(id)["data"] as? [String: Any])
        let time = refDoubles(data["time"]).map { $0! }
        let status = refDoubles(data["status"]).map { $0! == 1 }
        check(id, [try KaplanMeier.fit(time: time, event: status)])
    }

    @Test func printAndQuantileRulesDifferWhenCurveEndsFlatAtHalf() throws {
        let c = try KaplanMeier.fit(time: [1, 2, 3, 4], event: [true, true, false, false])
        #expect(c.median.time == 2)
        #expect(c.quantile(0.5, rule: .findq).time == 3)
    }

    @Test func summaryWithoutExtendDropsTimesBeyondLastFollowUp() throws {
        let c = try KaplanMeier.fit(time: [1, 2, 3, 4], event: [true, true, false, true])
        let rows = c.summary(at: [0.5, 2, 10])
        #expect(rows.map(\.time) == [0.5, 2])
        #expect(rows[0].survival == 1 && rows[0].nRisk == 4 && rows[0].nEvent == 0)
        expectClose(rows[1].survival, 0.5)
        #expect(rows[1].nEvent == 2)
        #expect(c.value(at: 10) == nil)
        #expect(c.value(at: 10, extend: true)?.nRisk == 0)
        #expect(c.value(at: .nan) == nil)
    }

    @Test func confidenceLevelAndPlainBands() throws {
        let d = Self.lungData()
        let c = try KaplanMeier.fit(time: d.time, event: d.event,
                                    options: .init(confidenceLevel: 0.9, confidenceType: .plain))
        let z = Normal.quantile(0.95)
        for j in c.time.indices {
            let s = c.survival[j], se = c.stdErrLogSurvival[j] * s
            expectClose(c.lower[j], max(s - z * se, 0), rel: 1e-14, "plain lower")
            expectClose(c.upper[j], min(s + z * se, 1), rel: 1e-14, "plain upper")
        }
        let again = try #require(c.withConfidence(level: 0.95, type: .log))
        let ref = try KaplanMeier.fit(time: d.time, event: d.event)
        #expect(again == ref)
    }
}
