import Foundation
import Testing
@testable import Survival

/// MatchIt::lalonde read from Fixtures/lalonde.tsv.
struct Lalonde {
    var units: [String] = []
    var treat: [Bool] = []
    var numeric: [String: [Double]] = [:]
    var race: [String] = []

    static let shared: Lalonde = {
        var d = Lalonde()
        guard let url = Reference.fixtureURL("lalonde.tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return d }
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return d }
        for row in lines.dropFirst() where row.count == header.count {
            for (name, v) in zip(header, row) {
                switch name {
                case "unit": d.units.append(v)
                case "treat": d.treat.append(v == "1")
                case "race": d.race.append(v)
                default: d.numeric[name, default: []].append(Double(v) ?? .nan)
                }
            }
        }
        return d
    }()

    func column(_ name: String) -> DesignMatrix.Covariate {
        name == "race" ? .categorical(name: "race", strings: race) : .numeric(name: name, values: numeric[name] ?? [])
    }

    /// `treat ~ age + educ + race + married + nodegree + re74 + re75`
    var covariates: [DesignMatrix.Covariate] {
        ["age", "educ", "race", "married", "nodegree", "re74", "re75"].map(column)
    }
}

/// Reads a `{dimnames, rows}` matrix from reference JSON.
func refMatrix(_ v: Any?) -> (rows: [String], cols: [String], values: [[Double?]]) {
    guard let m = v as? [String: Any], let dn = m["dimnames"] as? [Any], let rows = m["rows"] as? [Any] else { return ([], [], []) }
    let rn = (dn.first as? [String]) ?? []
    let cn = (dn.count > 1 ? dn[1] as? [String] : nil) ?? []
    return (rn, cn, rows.map { refDoubles($0) })
}

/// Compares a computed balance table with `summary(m)$sum.all` / `sum.matched`.
func checkBalance(_ rows: [MatchBalance.Row], _ ref: Any?, matched: Bool, _ label: String,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    let r = refMatrix(ref)
    #expect(rows.map(\.name) == r.rows, "\(label): row names", sourceLocation: sourceLocation)
    guard rows.count == r.values.count else { return }
    for (row, want) in zip(rows, r.values) {
        let got: [Double?] = [row.meanTreated, row.meanControl, row.standardizedMeanDifference, row.varianceRatio,
                              row.eCDFMean, row.eCDFMax, matched ? row.standardizedPairDistance : nil]
        let cols = ["Means Treated", "Means Control", "Std. Mean Diff.", "Var. Ratio", "eCDF Mean", "eCDF Max", "Std. Pair Dist."]
        for k in 0..<7 {
            expectClose(got[k], want[k], rel: 1e-6, abs: 1e-10, "\(label) \(row.name) \(cols[k])", sourceLocation: sourceLocation)
        }
    }
}

@Suite("MatchIt reference (reference.json)")
struct MatchingReferenceTests {
    let data = Lalonde.shared

    func run(_ matcher: NearestNeighborMatcher, scale: NearestNeighborMatcher.DistanceScale = .probability,
             exact: [DesignMatrix.Covariate] = []) -> NearestNeighborMatcher.PropensityMatch {
        matcher.matchOnPropensity(treated: data.treat, covariates: data.covariates, exact: exact, scale: scale)
    }

    func check(_ id: String, _ m: NearestNeighborMatcher.PropensityMatch, sourceLocation: SourceLocation = #_sourceLocation) {
        let ref = Reference.values(id)
        #expect(!ref.isEmpty, "missing reference \(id)", sourceLocation: sourceLocation)
        let ps = refDoubles(ref["ps"])
        #expect(ps.count == m.distance.count, sourceLocation: sourceLocation)
        var worst = 0.0
        for (a, b) in zip(m.distance, ps) { if let b { worst = max(worst, abs(a - b) / max(abs(b), 1e-300)) } }
        #expect(worst < 1e-8, "\(id): distance max relative error \(worst)", sourceLocation: sourceLocation)

        // Match matrix: identical control sets (and order) per treated unit.
        let mm = ref["match_matrix"] as? [String: Any] ?? [:]
        let treatedNames = (mm["treated"] as? [String]) ?? []
        let controls = (mm["controls"] as? [[Any]]) ?? []
        #expect(treatedNames == m.result.treatedRows.map { data.units[$0] }, sourceLocation: sourceLocation)
        var mismatches = 0
        for (i, row) in controls.enumerated() where i < m.result.matchedControls.count {
            let want = row.compactMap { $0 as? String }
            let got = m.result.matchedControls[i].map { data.units[$0] }
            if want != got { mismatches += 1 }
        }
        #expect(mismatches == 0, "\(id): \(mismatches) treated units with different matched controls", sourceLocation: sourceLocation)

        let w = refDoubles(ref["weights"])
        #expect(w.count == m.result.weights.count, sourceLocation: sourceLocation)
        for (i, (a, b)) in zip(m.result.weights, w).enumerated() where !isClose(a, b, rel: 1e-12) {
            Issue.record("\(id): weight of \(data.units[i]) \(a) vs \(String(describing: b))", sourceLocation: sourceLocation)
            break
        }
        if let cal = refDoubles(ref["caliper_raw"]).first {
            expectClose(m.result.caliperWidth, cal, rel: 1e-8, "\(id) caliper", sourceLocation: sourceLocation)
        } else {
            #expect(m.result.caliperWidth == nil, sourceLocation: sourceLocation)
        }
        let nn = refMatrix(ref["nn"]).values
        if nn.count == 6, let b = m.balance {
            let s = b.sampleSizes
            expectClose(Double(s.allControl), nn[1][0], "All control", sourceLocation: sourceLocation)
            expectClose(Double(s.allTreated), nn[1][1], "All treated", sourceLocation: sourceLocation)
            expectClose(s.matchedControlESS, nn[2][0], rel: 1e-10, "ESS control", sourceLocation: sourceLocation)
            expectClose(s.matchedTreatedESS, nn[2][1], rel: 1e-10, "ESS treated", sourceLocation: sourceLocation)
            expectClose(Double(s.matchedControl), nn[3][0], "Matched control", sourceLocation: sourceLocation)
            expectClose(Double(s.matchedTreated), nn[3][1], "Matched treated", sourceLocation: sourceLocation)
            expectClose(Double(s.unmatchedControl), nn[4][0], "Unmatched control", sourceLocation: sourceLocation)
            expectClose(Double(s.unmatchedTreated), nn[4][1], "Unmatched treated", sourceLocation: sourceLocation)
            #expect(m.result.counts.matchedControls == s.matchedControl, sourceLocation: sourceLocation)
            #expect(m.result.counts.matchedTreated == s.matchedTreated, sourceLocation: sourceLocation)
        }
        #expect(m.balance != nil, sourceLocation: sourceLocation)
        if let b = m.balance {
            checkBalance(b.all, ref["balance_all"], matched: false, "\(id) all", sourceLocation: sourceLocation)
            checkBalance(b.matched, ref["balance_matched"], matched: true, "\(id) matched", sourceLocation: sourceLocation)
        }
    }

    @Test func defaultMatch() {
        let m = run(NearestNeighborMatcher())
        check("lalonde_matchit_default", m)
        #expect(m.model.converged)
        #expect(m.model.warnings.isEmpty)
        #expect(m.result.diagnostics.isEmpty)
    }

    @Test func ratioTwoExactMarriedCaliper() {
        let m = run(NearestNeighborMatcher(ratio: 2, caliper: 0.25), exact: [data.column("married")])
        check("lalonde_matchit_r2_exact_caliper", m)
        #expect(m.result.diagnostics.contains(.notAllTreatedGetRatio(2)))
    }

    @Test func linearLogitCaliper() {
        let m = run(NearestNeighborMatcher(caliper: 0.2), scale: .logit)
        check("lalonde_matchit_linlogit_caliper", m)
        let short = m.result.shortfallReasons.compactMap { $0 }
        #expect(short.count == 54)
        #expect(short.allSatisfy { $0 == .noControlWithinCaliper })
    }
}
