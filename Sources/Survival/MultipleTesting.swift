/// Adjustments of p-values for multiple comparisons, as R's `p.adjust`.
public enum MultipleTesting {
    /// Benjamini–Hochberg false-discovery-rate adjustment, `p.adjust(p, method = "BH")`:
    /// with the m non-missing p-values sorted decreasingly, p_(i) ↦ min(1, min_{j ≥ i} m/j · p_(j)).
    ///
    /// Missing entries (nil) stay missing and do not count: as in R, m is the number of non-missing
    /// values. With m ≤ 1 the values are returned unchanged. Values are not range-checked (R stops
    /// on p outside [0, 1]; here such input gives meaningless but finite output, never a trap).
    public static func benjaminiHochberg(_ pValues: [Double?]) -> [Double?] {
        let present = pValues.indices.filter { pValues[$0] != nil && !pValues[$0]!.isNaN }
        let m = present.count
        if m <= 1 { return pValues }
        // Decreasing order of p; ties keep input order (R's order is stable), which does not
        // change the result since tied values receive the same adjusted value.
        let order = present.sorted { pValues[$0]! > pValues[$1]! }
        var adjusted = pValues
        var running = Double.infinity
        for (position, index) in order.enumerated() {
            let rank = Double(m - position) // i = m, m−1, …, 1
            running = min(running, Double(m) / rank * pValues[index]!)
            adjusted[index] = min(1, running)
        }
        return adjusted
    }

    /// `benjaminiHochberg` for p-values with NaN marking missing entries (returned as NaN).
    public static func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
        benjaminiHochberg(pValues.map { $0.isNaN ? nil : $0 }).map { $0 ?? .nan }
    }
}
