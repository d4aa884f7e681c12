import Foundation
import Testing

/// Reference results from R (survival 3.5-3, MatchIt 4.5.1), copied from
/// ../shared/reference/reference.json into Fixtures/ so `swift test` needs no R.
/// `Fixtures/make_reference.R` regenerates them.
enum Reference {
    /// All results keyed by id (`lung_km_sex`, `lung_cox_sex`, ...).
    nonisolated(unsafe) static let results: [String: [String: Any]] = {
        guard let url = Bundle.module.url(forResource: "reference", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["results"] as? [[String: Any]]
        else { return [:] }
        var out: [String: [String: Any]] = [:]
        for r in list { if let id = r["id"] as? String { out[id] = r } }
        return out
    }()

    /// The `values` object of one result.
    static func values(_ id: String) -> [String: Any] {
        (results[id]?["values"] as? [String: Any]) ?? [:]
    }

    /// Path of a file in Fixtures/.
    static func fixtureURL(_ name: String) -> URL? {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        return Bundle.module.url(forResource: parts[0], withExtension: parts.count > 1 ? parts[1] : nil, subdirectory: "Fixtures")
    }
}

/// Reads a number from reference JSON: numbers, `null` (NA) as nil, "Inf"/"-Inf" as infinities.
func refDouble(_ v: Any?) -> Double? {
    switch v {
    // JSONSerialization on Linux hands 17-digit numbers over as NSDecimalNumber, whose
    // doubleValue can be off by an ulp; its decimal text converts exactly.
    case let n as NSDecimalNumber: return Double(n.stringValue)
    case let d as Double: return d
    case let i as Int: return Double(i)
    case let n as NSNumber: return n.doubleValue
    case let s as String where s == "Inf": return .infinity
    case let s as String where s == "-Inf": return -.infinity
    case let s as String where s == "NaN": return .nan
    default: return nil
    }
}

/// Reads an array of numbers (null entries as nil). A scalar becomes a one-element array.
func refDoubles(_ v: Any?) -> [Double?] {
    if let a = v as? [Any] { return a.map(refDouble) }
    if let d = refDouble(v) { return [d] }
    return []
}

/// True when `a` and `b` agree to relative tolerance `rel` (absolute `abs` near zero).
/// Both nil, both NaN, or equal infinities count as agreeing.
func isClose(_ a: Double?, _ b: Double?, rel: Double = 1e-6, abs absTol: Double = 1e-12) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (x?, y?):
        if x.isNaN && y.isNaN { return true }
        if x.isInfinite || y.isInfinite { return x == y }
        return Swift.abs(x - y) <= Swift.max(absTol, rel * Swift.max(Swift.abs(x), Swift.abs(y)))
    default: return false
    }
}

/// Records a test failure with context when two numbers disagree.
func expectClose(
    _ actual: Double?, _ expected: Double?, rel: Double = 1e-6, abs absTol: Double = 1e-12,
    _ what: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(isClose(actual, expected, rel: rel, abs: absTol),
            "\(what()): got \(String(describing: actual)), expected \(String(describing: expected))",
            sourceLocation: sourceLocation)
}
