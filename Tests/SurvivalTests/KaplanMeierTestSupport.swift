import Foundation
import Testing
@testable import Survival

/// A tab-separated fixture table (header row, "NA" for missing) with typed column access.
struct KaplanMeierFixtureTable {
    var columns: [String: [String]] = [:]
    var rowCount = 0

    init(_ name: String) {
        guard let url = Reference.fixtureURL(name), let text = try? String(contentsOf: url, encoding: .utf8) else { return }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard !lines.isEmpty else { return }
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        for h in header { columns[h] = [] }
        for line in lines {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            for (j, h) in header.enumerated() { columns[h]!.append(j < cells.count ? cells[j] : "NA") }
        }
        rowCount = lines.count
    }

    /// Numeric column; NA as nil.
    func numbers(_ name: String) -> [Double?] { (columns[name] ?? []).map { $0 == "NA" ? nil : Double($0) } }
    func strings(_ name: String) -> [String] { columns[name] ?? [] }
}

/// Compares one fitted curve with a `groups.<name>` object of a reference KM result.
func expectCurve(
    _ curve: KaplanMeierCurve, matches ref: [String: Any], horizon: Double?, rel: Double = 1e-10,
    _ label: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    expectClose(Double(curve.records), refDouble(ref["n"]), rel: rel, "\(label) n", sourceLocation: sourceLocation)
    expectClose(curve.nMax, refDouble(ref["n_max"]), rel: rel, "\(label) n.max", sourceLocation: sourceLocation)
    expectClose(curve.nStart, refDouble(ref["n_start"]), rel: rel, "\(label) n.start", sourceLocation: sourceLocation)
    expectClose(curve.events, refDouble(ref["events"]), rel: rel, "\(label) events", sourceLocation: sourceLocation)
    let med = curve.median
    expectClose(med.time, refDouble(ref["median"]), rel: rel, "\(label) median", sourceLocation: sourceLocation)
    expectClose(med.lower, refDouble(ref["median_lcl"]), rel: rel, "\(label) median LCL", sourceLocation: sourceLocation)
    expectClose(med.upper, refDouble(ref["median_ucl"]), rel: rel, "\(label) median UCL", sourceLocation: sourceLocation)
    let q = curve.quantile(0.5, rule: .findq)
    expectClose(q.time, refDouble(ref["quantile50_findq"]), rel: rel, "\(label) findq", sourceLocation: sourceLocation)
    expectClose(q.lower, refDouble(ref["quantile50_findq_lower"]), rel: rel, "\(label) findq lower", sourceLocation: sourceLocation)
    expectClose(q.upper, refDouble(ref["quantile50_findq_upper"]), rel: rel, "\(label) findq upper", sourceLocation: sourceLocation)
    if let horizon, ref["rmean_common"] != nil {
        let rm = curve.restrictedMean(horizon: horizon)
        expectClose(rm?.estimate, refDouble(ref["rmean_common"]), rel: rel, "\(label) rmean", sourceLocation: sourceLocation)
        expectClose(rm?.standardError, refDouble(ref["se_rmean"]), rel: rel, "\(label) se(rmean)", sourceLocation: sourceLocation)
    }
    if let c = ref["curve"] as? [String: Any] {
        let columns: [(String, [Double])] = [
            ("time", curve.time), ("n_risk", curve.nRisk), ("n_event", curve.nEvent), ("n_censor", curve.nCensor),
            ("surv", curve.survival), ("se_logsurv", curve.stdErrLogSurvival), ("lower", curve.lower), ("upper", curve.upper),
        ]
        for (name, mine) in columns {
            let theirs = refDoubles(c[name])
            #expect(mine.count == theirs.count, "\(label) curve.\(name) length", sourceLocation: sourceLocation)
            for (j, (a, b)) in zip(mine, theirs).enumerated() {
                expectClose(a.isNaN ? nil : a, b, rel: rel, "\(label) curve.\(name)[\(j)]", sourceLocation: sourceLocation)
            }
        }
    }
    if let at = ref["at_times"] as? [String: Any] {
        let times = refDoubles(at["time"]).compactMap { $0 }
        let rows = curve.summary(at: times, extend: true)
        #expect(rows.count == times.count, "\(label) summary rows", sourceLocation: sourceLocation)
        let columns: [(String, (KaplanMeierCurve.TimePoint) -> Double)] = [
            ("time", { $0.time }), ("n_risk", { $0.nRisk }), ("n_event_since_previous", { $0.nEvent }),
            ("surv", { $0.survival }), ("se_surv", { $0.stdErr }), ("lower", { $0.lower }), ("upper", { $0.upper }),
        ]
        for (name, get) in columns {
            let theirs = refDoubles(at[name])
            for (j, (row, b)) in zip(rows, theirs).enumerated() {
                let a = get(row)
                // R writes NA as null and NaN as "NaN"; both are NaN here.
                expectClose(a.isNaN ? (b?.isNaN == true ? Double.nan : nil) : a, b, rel: rel,
                            "\(label) at_times.\(name)[\(j)]", sourceLocation: sourceLocation)
            }
        }
    }
}

/// The ordered group objects of a KM reference result.
func referenceGroups(_ id: String) -> [(name: String, values: [String: Any])] {
    let v = Reference.values(id)
    guard let groups = v["groups"] as? [String: Any] else { return [] }
    // JSONSerialization loses key order; R writes groups in level order, which for these data
    // sets is the order of the keys below.
    let order = ["sex=1", "sex=2", "trt=1", "trt=2", "celltype=squamous", "celltype=smallcell",
                 "celltype=adeno", "celltype=large", "all"]
    return order.compactMap { k in (groups[k] as? [String: Any]).map { (k, $0) } }
}
