import Foundation
import Testing
@testable import Survival

/// Results of `Rscript Fixtures/make_matching.R /opt/R-matchit-4.7.2` (MatchIt 4.7.2, R 4.2.2),
/// stored in matching_4.7.2.json: the default rule, ``NearestNeighborMatcher/GapRule/matchIt472``.
enum MatchingFixture472 {
    nonisolated(unsafe) static let results = MatchingFixture.load("matching_4.7.2.json", prefix: "match_")

    static var matchIDs: [String] { results.keys.sorted() }
    static func values(_ id: String) -> [String: Any] { (results[id]?["values"] as? [String: Any]) ?? [:] }
}

@Suite("MatchIt 4.7.2 cases (matching_4.7.2.json)")
struct MatchingMatchIt472Tests {
    let data = Lalonde.shared

    @Test func casesPresent() {
        // 19 cases shared with the 4.5.1 fixture, 3 per ratio 2, 4...10, one more with replacement.
        #expect(MatchingFixture472.results.count == 19 + 24 + 1)
    }

    @Test(arguments: MatchingFixture472.matchIDs)
    func identicalMatchedSets(id: String) {
        let v = MatchingFixture472.values(id)
        guard let p = v["params"] as? [String: Any] else { Issue.record("no params for \(id)"); return }
        let order: NearestNeighborMatcher.Order = switch p["m_order"] as? String {
        case "smallest": .smallest
        case "data": .data
        default: .largest
        }
        let matcher = NearestNeighborMatcher(
            ratio: (p["ratio"] as? Int) ?? 1, replace: (p["replace"] as? Bool) ?? false,
            caliper: refDouble(p["caliper"]), standardizedCaliper: (p["std_caliper"] as? Bool) ?? true, order: order,
            gapRule: .matchIt472)
        let exact = ((p["exact"] as? [String]) ?? []).map(data.column)
        let scale: NearestNeighborMatcher.DistanceScale = (p["link"] as? String) == "linear.logit" ? .logit : .probability
        let m = matcher.matchOnPropensity(treated: data.treat, covariates: data.covariates, exact: exact, scale: scale)

        let treatedRows = refDoubles(v["treated_rows"]).map { Int($0 ?? 0) - 1 }
        #expect(treatedRows == m.result.treatedRows, "\(id): treated rows")
        // The same controls for every treated unit (as sets: R's column order is the order found).
        let want = ((v["match_rows"] as? [Any]) ?? []).map { refDoubles($0).compactMap { $0.map { Int($0) - 1 } }.sorted() }
        #expect(want.count == m.result.matchedControls.count)
        var differing: [Int] = []
        for (i, (w, g)) in zip(want, m.result.matchedControls).enumerated() where w != g.sorted() { differing.append(i) }
        #expect(differing.isEmpty, "\(id): \(differing.count) treated units differ, first \(differing.first.map { data.units[treatedRows[$0]] } ?? "")")

        let w = refDoubles(v["weights"])
        var badWeights = 0
        for (a, b) in zip(m.result.weights, w) where !isClose(a, b, rel: 1e-12) { badWeights += 1 }
        #expect(badWeights == 0 && w.count == m.result.weights.count, "\(id): \(badWeights) weights differ")
        if let cal = refDoubles(v["caliper_raw"]).first {
            expectClose(m.result.caliperWidth, cal, rel: 1e-8, "\(id) caliper")
        }
        if let b = m.balance {
            checkBalance(b.matched, v["balance_matched"], matched: true, "\(id) matched")
        }
    }

    @Test func tiesGoToTheFirstFoundWalkingLeftThenRight() {
        // Treated at 0.5; equally close controls at 0.4 (left) and 0.6 (right): the left one is
        // examined first. With the left neighbour used, the right one wins over a farther left one.
        let m = NearestNeighborMatcher(gapRule: .matchIt472)
        #expect(m.match(distance: [0.4, 0.5, 0.6], treated: [false, true, false]).matchedControls == [[0]])
        // Two treated with the same score and two tied controls each side: largest first, data order.
        let r = m.match(distance: [0.4, 0.5, 0.5, 0.6], treated: [false, true, true, false])
        #expect(r.matchedControls == [[0], [3]])
    }

    @Test func partialSortKeepsWhatLibstdcxxKeeps() {
        // Five candidates with equal distances, keep 2: libstdc++'s heap select keeps the first two.
        var ind = [0, 1, 2, 3, 4]
        LibstdcxxHeap.partialSort(&ind, middle: 2) { _, _ in false }
        #expect(Set(ind.prefix(2)) == [0, 1])
        var ind2 = [0, 1, 2, 3, 4]
        let d = [3.0, 1.0, 2.0, 0.5, 1.0]
        LibstdcxxHeap.partialSort(&ind2, middle: 3) { d[$0] < d[$1] }
        #expect(ind2.prefix(3).map { d[$0] } == [0.5, 1.0, 1.0])
    }
}
