import Foundation

/// How numbers are printed in tables: fixed, sensible precision (golden files depend on it;
/// JSON carries full precision).
public enum NumberFormat {
    /// `%.Nf`, with "-0.00" printed as "0.00".
    public static func fixed(_ x: Double?, _ digits: Int) -> String {
        guard let x else { return "NA" }
        if x.isNaN { return "NA" }
        if x.isInfinite { return x > 0 ? "Inf" : "-Inf" }
        let s = String(format: "%.\(digits)f", x)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(s.dropFirst()) }
        return s
    }

    /// A p-value: `<0.0001` below 1e-4, otherwise four decimals (`0.0539`).
    public static func pValue(_ p: Double?) -> String {
        guard let p, p.isFinite else { return "NA" }
        if p < 0.0001 { return "<0.0001" }
        return fixed(p, 4)
    }

    /// Three significant digits for ratios and statistics that vary in scale (HR 0.588, 1.60, 12.3).
    public static func significant(_ x: Double?, _ digits: Int = 3) -> String {
        guard let x, x.isFinite else { return x.map { $0.isNaN ? "NA" : ($0 > 0 ? "Inf" : "-Inf") } ?? "NA" }
        if x == x.rounded(), abs(x) < 1e9 { return String(Int(x)) }
        let magnitude = Int(floor(log10(abs(x))))
        let decimals = max(0, digits - 1 - magnitude)
        if decimals > 8 { return String(format: "%.\(digits - 1)e", x) }
        return fixed(x, decimals)
    }

    /// A count with no decimals; non-integers keep two decimals (weighted counts).
    public static func count(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "NA" }
        if x == x.rounded() { return String(Int(x)) }
        return fixed(x, 2)
    }

    /// An interval `(lo, hi)` with NA for an unreached bound.
    public static func interval(_ lo: Double?, _ hi: Double?, _ f: (Double?) -> String) -> String {
        "\(f(lo))–\(f(hi))"
    }
}
