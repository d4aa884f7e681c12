import Foundation
import Testing
@testable import Survival

/// Log-rank and G^rho tests against R's `survdiff` (survival 3.5-3, reference.json).
@Suite struct LogRankTests {
    func check(_ id: String, _ test: LogRankTest, rel: Double = 1e-10, sourceLocation: SourceLocation = #_sourceLocation) {
        let v = Reference.values(id)
        let n = refDoubles(v["n"])
        #expect(test.n.map(Double.init) == n.map { $0! }, "\(id) n", sourceLocation: sourceLocation)
        for (name, mine) in [("observed_total", test.observed), ("expected_total", test.expected)] {
            let theirs = refDoubles(v[name])
            #expect(mine.count == theirs.count, "\(id) \(name) length", sourceLocation: sourceLocation)
            for (a, b) in zip(mine, theirs) { expectClose(a, b, rel: rel, "\(id) \(name)", sourceLocation: sourceLocation) }
        }
        let rows = ((v["var"] as? [String: Any])?["rows"] as? [Any]) ?? []
        #expect(rows.count == test.variance.count, "\(id) var rows", sourceLocation: sourceLocation)
        for (r, row) in rows.enumerated() {
            for (c, b) in refDoubles(row).enumerated() {
                expectClose(test.variance[r][c], b, rel: rel, "\(id) var[\(r),\(c)]", sourceLocation: sourceLocation)
            }
        }
        expectClose(test.chiSquare, refDouble(v["chisq"]), rel: rel, "\(id) chisq", sourceLocation: sourceLocation)
        expectClose(Double(test.degreesOfFreedom), refDouble(v["df"]), "\(id) df", sourceLocation: sourceLocation)
        expectClose(test.pValue, refDouble(v["p"]), rel: 1e-9, "\(id) p", sourceLocation: sourceLocation)
        #expect(!test.isVarianceSingular, sourceLocation: sourceLocation)
    }

    @Test func lungBySex() throws {
        let d = KaplanMeierTests.lungData()
        check("lung_logrank_sex", try LogRankTest.test(time: d.time, event: d.event, group: d.sex))
    }

    @Test func lungPetoPetoRhoOne() throws {
        let d = KaplanMeierTests.lungData()
        let t = try LogRankTest.test(time: d.time, event: d.event, group: d.sex, rho: 1)
        #expect(t.rho == 1)
        check("lung_peto_sex_rho1", t)
    }

    @Test func lungBySexStratifiedByInstitution() throws {
        let lung = KaplanMeierTests.lung
        let inst = lung.numbers("inst")
        let keep = inst.indices.filter { inst[$0] != nil }
        #expect(keep.count == 227)
        let d = KaplanMeierTests.lungData()
        let t = try LogRankTest.test(
            time: keep.map { d.time[$0] }, event: keep.map { d.event[$0] }, group: keep.map { d.sex[$0] },
            strata: keep.map { Int32(inst[$0]!) })
        check("lung_logrank_sex_strata_inst", t)
        // Per-stratum observed/expected: R's matrices have one column per institution, ascending.
        let v = Reference.values("lung_logrank_sex_strata_inst")
        for (name, mine) in [("observed", t.observedByStratum), ("expected", t.expectedByStratum)] {
            let rows = ((v[name] as? [String: Any])?["rows"] as? [Any]) ?? []
            #expect(rows.count == 2)
            for (g, row) in rows.enumerated() {
                let theirs = refDoubles(row)
                #expect(theirs.count == t.strataCodes.count)
                for (s, b) in theirs.enumerated() { expectClose(mine[g][s], b, rel: 1e-10, "\(name)[\(g),\(s)]") }
            }
        }
    }

    @Test func veteranByTreatment() throws {
        let v = KaplanMeierTests.veteran
        let t = try LogRankTest.test(
            time: v.numbers("time").map { $0! }, event: v.numbers("status").map { $0! == 1 },
            group: v.numbers("trt").map { Int32($0!) - 1 })
        check("veteran_logrank_trt", t)
    }

    @Test func veteranByCellType() throws {
        let v = KaplanMeierTests.veteran
        let codes = v.strings("celltype").map { Int32(KaplanMeierTests.celltypeLevels.firstIndex(of: $0)!) }
        let t = try LogRankTest.test(
            time: v.numbers("time").map { $0! }, event: v.numbers("status").map { $0! == 1 }, group: codes)
        #expect(t.degreesOfFreedom == 3)
        check("veteran_logrank_celltype", t)
    }

    @Test func delayedEntryIsRejected() {
        #expect(throws: TimeToEventInputError.delayedEntryNotSupported) {
            try LogRankTest.test(time: [2, 3, 4, 5], event: [true, true, false, true], group: [0, 0, 1, 1],
                                 entry: [0, 1, 0, 0])
        }
        // All-zero entry times are ordinary right-censored data.
        #expect(throws: Never.self) {
            try LogRankTest.test(time: [2, 3, 4, 5], event: [true, true, false, true], group: [0, 0, 1, 1],
                                 entry: [0, 0, 0, 0])
        }
    }
}
