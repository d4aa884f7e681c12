import Foundation

/// Tick values for a ratio axis on a log scale: round numbers (…, 0.5, 1, 2, 5, …) that fall
/// in the range, thinned to at most `limit`, always with 1 when it is in range.
enum LogAxis {
    static func ticks(from lo: Double, to hi: Double, limit: Int = 7) -> [Double] {
        var candidates: [Double] = []
        var decade = pow(10, floor(log10(lo)))
        while decade <= hi * 10 && candidates.count < 200 {
            for m in [1.0, 2, 5] { candidates.append(m * decade) }
            decade *= 10
        }
        var inRange = candidates.filter { $0 >= lo * 0.999 && $0 <= hi * 1.001 }
        if inRange.count < 3 {
            // A narrow range: finer round numbers.
            var fine: [Double] = []
            var d = pow(10, floor(log10(lo)))
            while d <= hi * 10 && fine.count < 200 {
                for m in [1.0, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8] { fine.append(m * d) }
                d *= 10
            }
            inRange = fine.filter { $0 >= lo * 0.999 && $0 <= hi * 1.001 }
            while inRange.count > limit { inRange = inRange.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) }
            return inRange
        }
        if inRange.count > limit {
            let powers = inRange.filter { abs(log10($0) - log10($0).rounded()) < 1e-9 }
            inRange = powers.count >= 2 ? powers : inRange.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        }
        return inRange
    }

    /// Evenly spaced round ticks from `lo` to `hi` on a linear axis (at most about 8).
    static func linearTicks(from lo: Double, to hi: Double) -> [Double] {
        let span = hi - lo
        guard span > 0 else { return [lo] }
        let steps: [Double] = [0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 50, 100]
        let step = steps.first { span / $0 <= 8 } ?? span / 8
        var out: [Double] = []
        var t = (lo / step).rounded(.up) * step
        while t <= hi + 1e-9 && out.count < 50 { out.append(t); t += step }
        return out
    }

    /// A tick label: the shortest spelling of a round number (0.1, 0.25, 2).
    static func label(_ v: Double) -> String { String(format: "%g", v) }
}
