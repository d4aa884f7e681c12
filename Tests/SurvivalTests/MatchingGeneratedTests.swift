import Foundation
import Testing
@testable import Survival

/// Results of Fixtures/make_matching.R (MatchIt 4.5.1, R 4.2.2), stored in matching.json.
enum MatchingFixture {
    nonisolated(unsafe) static let results = load("matching.json")

    /// The results of a fixture file written by make_matching.R, by id (those whose id starts
    /// with `prefix`).
    static func load(_ file: String, prefix: String = "") -> [String: [String: Any]] {
        guard let url = Reference.fixtureURL(file),
              let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["results"] as? [[String: Any]]
        else { return [:] }
        var out: [String: [String: Any]] = [:]
        for r in list { if let id = r["id"] as? String, id.hasPrefix(prefix) { out[id] = r } }
        return out
    }

    static func values(_ id: String) -> [String: Any] { (results[id]?["values"] as? [String: Any]) ?? [:] }

    static let matchIDs = [
        "match_r1", "match_r1_exact_married", "match_r1_exact_race",
        "match_r1_cal02", "match_r1_cal02_exact_married", "match_r1_cal02_exact_race",
        "match_r3", "match_r3_exact_married", "match_r3_exact_race",
        "match_r3_cal02", "match_r3_cal02_exact_married", "match_r3_cal02_exact_race",
        "match_r3_cal005", "match_r2_replace", "match_r2_replace_cal01_exact_race", "match_r1_smallest",
        "match_r2_data_linlogit_cal03", "match_r1_linlogit_cal15_raw_exact_nodegree_married",
        "match_r3_linlogit_exact_race_replace",
    ]
}

@Suite("MatchIt generated cases (matching.json)")
struct MatchingGeneratedTests {
    let data = Lalonde.shared

    @Test func allCasesPresent() {
        #expect(MatchingFixture.results.count == 24)
        for id in MatchingFixture.matchIDs { #expect(MatchingFixture.results[id] != nil, "\(id)") }
    }

    @Test(arguments: MatchingFixture.matchIDs)
    func identicalMatches(id: String) {
        let v = MatchingFixture.values(id)
        guard let p = v["params"] as? [String: Any] else { Issue.record("no params for \(id)"); return }
        let order: NearestNeighborMatcher.Order = switch p["m_order"] as? String {
        case "smallest": .smallest
        case "data": .data
        default: .largest
        }
        let matcher = NearestNeighborMatcher(
            ratio: (p["ratio"] as? Int) ?? 1, replace: (p["replace"] as? Bool) ?? false,
            caliper: refDouble(p["caliper"]), standardizedCaliper: (p["std_caliper"] as? Bool) ?? true, order: order)
        let exact = ((p["exact"] as? [String]) ?? []).map(data.column)
        let scale: NearestNeighborMatcher.DistanceScale = (p["link"] as? String) == "linear.logit" ? .logit : .probability
        let m = matcher.matchOnPropensity(treated: data.treat, covariates: data.covariates, exact: exact, scale: scale)

        let ps = refDoubles(v["ps"])
        #expect(ps.count == m.distance.count)
        for (a, b) in zip(m.distance, ps) where !isClose(a, b, rel: 1e-8) {
            Issue.record("\(id): distance \(a) vs \(String(describing: b))"); break
        }
        // Identical matched sets, in R's column order; rows are 1-based in the fixture.
        let treatedRows = refDoubles(v["treated_rows"]).map { Int($0 ?? 0) - 1 }
        #expect(treatedRows == m.result.treatedRows, "\(id): treated rows")
        let want = ((v["match_rows"] as? [Any]) ?? []).map { refDoubles($0).compactMap { $0.map { Int($0) - 1 } } }
        #expect(want.count == m.result.matchedControls.count)
        var differing: [Int] = []
        for (i, (w, g)) in zip(want, m.result.matchedControls).enumerated() where w != g { differing.append(i) }
        #expect(differing.isEmpty, "\(id): \(differing.count) treated units differ, first \(differing.first.map { data.units[treatedRows[$0]] } ?? "")")

        let w = refDoubles(v["weights"])
        var badWeights = 0
        for (a, b) in zip(m.result.weights, w) where !isClose(a, b, rel: 1e-12) { badWeights += 1 }
        #expect(badWeights == 0 && w.count == m.result.weights.count, "\(id): \(badWeights) weights differ")

        if let sub = v["subclass"], !(sub is NSNull) {
            let s = refDoubles(sub).map { $0.map { Int($0) } }
            #expect(s == m.result.setIds, "\(id): set ids")
        } else {
            #expect(m.result.setIds.allSatisfy { $0 == nil }, "\(id): no subclass with replacement")
        }
        if let cal = refDoubles(v["caliper_raw"]).first {
            expectClose(m.result.caliperWidth, cal, rel: 1e-8, "\(id) caliper")
        }
        // R's warnings appear as diagnostics with the same text.
        let rWarnings = (v["warnings"] as? [String]) ?? []
        #expect(rWarnings == m.result.diagnostics.map(\.message), "\(id): warnings")

        let nn = refMatrix(v["nn"]).values
        if let b = m.balance, nn.count == 6 {
            expectClose(b.sampleSizes.matchedControlESS, nn[2][0], rel: 1e-10, "\(id) ESS control")
            expectClose(Double(b.sampleSizes.matchedControl), nn[3][0], "\(id) matched control")
            expectClose(Double(b.sampleSizes.matchedTreated), nn[3][1], "\(id) matched treated")
        }
        #expect(m.balance != nil)
        if let b = m.balance {
            checkBalance(b.all, v["balance_all"], matched: false, "\(id) all")
            checkBalance(b.matched, v["balance_matched"], matched: true, "\(id) matched")
        }
    }
}
