extension KaplanMeierCurve {
    /// One row of `summary(fit, times =)`.
    public struct TimePoint: Sendable, Equatable {
        /// The requested time.
        public var time: Double
        /// Weighted number at risk at the first curve time >= `time` (0 beyond the last).
        public var nRisk: Double
        /// Weighted events in (previous requested time, `time`] (first row: since the origin).
        public var nEvent: Double
        /// Weighted censorings over the same interval as `nEvent`.
        public var nCensor: Double
        /// S at the last curve time <= `time` (1 before the first).
        public var survival: Double
        /// Standard error of S (not of log S): `S * std.err` (NaN where S = 0 and std.err = ∞).
        public var stdErr: Double
        /// Lower confidence limit (NaN = NA).
        public var lower: Double
        /// Upper confidence limit (NaN = NA).
        public var upper: Double
    }

    /// The curve at given times, as R's `summary(fit, times = times, extend = extend)`.
    ///
    /// Times are sorted ascending and non-finite ones dropped. Each value is read from the
    /// right-continuous step at the last curve time <= t (R's `findInterval`), with the origin
    /// point (S = 1) before the first time. With `extend == false` (R's default) times beyond the
    /// last curve time give no row; with `extend == true` they repeat the last values with
    /// `nRisk = 0`. An empty curve gives no rows.
    public func summary(at times: [Double], extend: Bool = false) -> [TimePoint] {
        guard !time.isEmpty else { return [] }
        let pre = prependsOrigin
        let count = time.count + (pre ? 1 : 0)
        // Columns of R's survfit0(fit), addressed by 0-based index j in 0..<count.
        func t(_ j: Int) -> Double { pre ? (j == 0 ? origin : time[j - 1]) : time[j] }
        func src(_ j: Int) -> Int? { pre ? (j == 0 ? nil : j - 1) : j }
        var cumEvent = [Double](repeating: 0, count: count + 1)
        var cumCensor = [Double](repeating: 0, count: count + 1)
        for j in 0..<count {
            let s = src(j)
            cumEvent[j + 1] = cumEvent[j] + (s.map { nEvent[$0] } ?? 0)
            cumCensor[j + 1] = cumCensor[j] + (s.map { nCensor[$0] } ?? 0)
        }
        let maxTime = t(count - 1)
        // countAtMost(x): number of j with t(j) <= x; countBelow: t(j) < x.
        func countWhere(_ pred: (Double) -> Bool) -> Int {
            var lo = 0, hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                if pred(t(mid)) { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        var rows: [TimePoint] = []
        var previous = 0
        for x in times.filter({ $0.isFinite }).sorted() {
            if !extend && x > maxTime { continue }
            let index1 = countWhere { $0 <= x }
            let index2 = countWhere { $0 < x } + 1
            let at = max(index1, 1) - 1
            let s: Double, se: Double, lo: Double, up: Double
            if let k = src(at) {
                s = survival[k]; se = stdErrLogSurvival[k] * survival[k]; lo = lower[k]; up = upper[k]
            } else {
                s = 1; se = 0; lo = 1; up = 1
            }
            let risk: Double
            if index2 <= count { risk = src(index2 - 1).map { nRisk[$0] } ?? nRisk[0] } else { risk = 0 }
            rows.append(TimePoint(
                time: x, nRisk: risk,
                nEvent: cumEvent[index1] - cumEvent[previous],
                nCensor: cumCensor[index1] - cumCensor[previous],
                survival: s, stdErr: se, lower: lo, upper: up))
            previous = index1
        }
        return rows
    }

    /// The curve at one time (`summary(fit, times = t)`); nil beyond the last curve time unless
    /// `extend`, for an empty curve, or for a non-finite time.
    public func value(at t: Double, extend: Bool = false) -> TimePoint? {
        summary(at: [t], extend: extend).first
    }
}
