extension KaplanMeierCurve {
    /// R's tolerance for quantiles, `sqrt(.Machine$double.eps)`.
    static let quantileTolerance = Double.ulpOfOne.squareRoot()

    /// The median survival time with its confidence limits by `print.survfit`'s rule (the values
    /// in `summary(fit)$table`: median, 0.95LCL, 0.95UCL).
    public var median: SurvivalQuantile { quantile(0.5, rule: .minmin) }

    /// The time by which a fraction p in [0, 1] has had the event, with limits from the bands.
    /// Returns all-nil limits for an empty curve or a p outside [0, 1] (R stops with an error).
    public func quantile(_ p: Double, rule: SurvivalQuantile.Rule = .minmin) -> SurvivalQuantile {
        guard p >= 0, p <= 1, !time.isEmpty else {
            return SurvivalQuantile(probability: p, time: nil, lower: nil, upper: nil)
        }
        switch rule {
        case .minmin:
            return SurvivalQuantile(
                probability: p,
                time: minmin(survival, threshold: 1 - p),
                lower: minmin(lower, threshold: 1 - p),
                upper: minmin(upper, threshold: 1 - p))
        case .findq:
            return SurvivalQuantile(
                probability: p,
                time: findq(survival, p: p),
                lower: findq(lower, p: p),
                upper: findq(upper, p: p))
        }
    }

    /// survmean's `minmin(y, x)` on `survfit0(fit)` (origin point with y = 1 first), generalised
    /// from 0.5 to any threshold.
    func minmin(_ y: [Double], threshold: Double) -> Double? {
        let tol = Self.quantileTolerance
        var xs: [Double] = [], ys: [Double] = []
        if prependsOrigin, 1 < threshold + tol { xs.append(origin); ys.append(1) }
        for j in time.indices where !y[j].isNaN && y[j] < threshold + tol {
            xs.append(time[j]); ys.append(y[j])
        }
        guard let y1 = ys.first else { return nil }
        if abs(y1 - threshold) < tol, let next = ys.firstIndex(where: { $0 < y1 }) {
            return (xs[0] + xs[next]) / 2
        }
        return xs[0]
    }

    /// quantile.survfit's `findq(c(0, time), c(0, 1 - y), p, tol)`.
    func findq(_ band: [Double], p: Double) -> Double? {
        let tol = Self.quantileTolerance
        let firstX = 0.0  // quantile.survfit: start.time, else 0
        var x = [firstX] + time
        var y = [0.0] + band.map { 1 - $0 }
        var maxY = -Double.infinity
        for v in y where !v.isNaN { maxY = max(maxY, v) }
        if maxY < p { return nil }
        let xmax = x[x.count - 1]
        // duplicated(y): keep the first occurrence of each value (NaN matches NaN).
        var seen = Set<UInt64>()
        var keepX: [Double] = [], keepY: [Double] = []
        for j in y.indices {
            let bits = y[j].isNaN ? Double.nan.bitPattern : (y[j] == 0 ? 0.0 : y[j]).bitPattern
            if seen.insert(bits).inserted { keepX.append(x[j]); keepY.append(y[j]) }
        }
        x = keepX
        y = keepY
        let n = y.count
        let index1 = Self.approxConstantRight(y.map { $0 + tol }, at: p)
        let index2 = Self.approxConstantRight(y.map { $0 - tol }, at: p)
        // R indexes with a possibly fractional index (ties = mean), truncating it.
        func xAt(_ index: Double?) -> Double? {
            guard let index else { return nil }
            let i = Int(index) - 1
            return i >= 0 && i < n ? x[i] : nil
        }
        // R's order: the general rule, then p == 0, then the last-point rule overrides both.
        if !y[n - 1].isNaN && abs(p - y[n - 1]) < tol {
            guard let a = xAt(index1) else { return nil }
            return (a + xmax) / 2
        }
        if p == 0 { return x[0] }
        guard let a = xAt(index1), let b = xAt(index2) else { return nil }
        return (a + b) / 2
    }

    /// `approx(xv, 1:n, xout, method = "constant", f = 1, rule = 1, ties = mean)$y`: NA pairs
    /// dropped, x sorted with tied x averaged, NA (nil) outside the range.
    static func approxConstantRight(_ xv: [Double], at v: Double) -> Double? {
        var pairs: [(x: Double, y: Double)] = []
        for (i, x) in xv.enumerated() where !x.isNaN { pairs.append((x, Double(i + 1))) }
        if pairs.isEmpty || v.isNaN { return nil }
        var sorted = true
        for i in 1..<max(pairs.count, 1) where pairs[i].x < pairs[i - 1].x { sorted = false; break }
        if !sorted {
            pairs = pairs.enumerated().sorted { a, b in
                a.element.x < b.element.x || (a.element.x == b.element.x && a.offset < b.offset)
            }.map { $0.element }
        }
        var xs: [Double] = [], ys: [Double] = []
        var i = 0
        while i < pairs.count {
            var j = i, sum = 0.0
            while j < pairs.count && pairs[j].x == pairs[i].x { sum += pairs[j].y; j += 1 }
            xs.append(pairs[i].x)
            ys.append(sum / Double(j - i))
            i = j
        }
        var lo = 0, hi = xs.count - 1
        if v < xs[lo] || v > xs[hi] { return nil }
        while lo < hi - 1 {
            let mid = (lo + hi) / 2
            if v < xs[mid] { hi = mid } else { lo = mid }
        }
        if v == xs[hi] { return ys[hi] }
        if v == xs[lo] { return ys[lo] }
        return ys[hi]
    }
}
