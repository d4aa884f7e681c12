/// Greedy nearest-neighbour matching on a scalar distance, reproducing MatchIt's
/// `matchit(..., method = "nearest", estimand = "ATT")` with a propensity-score distance
/// (`matchit2nearest()` and the C++ routine `nn_matchC_vec()`): release 4.5.1 as described below
/// (``GapRule/matchIt451``, the library default), or the current 4.7.2 (``GapRule/matchIt472``,
/// SurvQL's default `match_rule`; see `NearestNeighborMatcher+MatchIt472.swift`).
///
/// Definition (R's rules, in order):
/// - Units are sorted by distance ascending, ties in data order (R's stable `sort.list`).
/// - Treated units are visited in `order`: `.largest` distance first (MatchIt's default for
///   ATT), `.smallest`, `.data` (row order) or `.random`. Ties keep data order (stable `order()`).
///   With replacement MatchIt switches to data order; the result does not depend on it.
/// - `ratio` = k gives k passes: in pass r every treated unit (in order) takes the nearest
///   *available* control to its left and to its right in the sorted list; the closer one wins and a
///   tie in |difference| goes to the left (lower distance). Without replacement a used control
///   leaves the pool, so every treated unit gets its first control before any gets a second.
///   With replacement the pool never shrinks. From pass 2 on, MatchIt 4.5.1 skips the unit that
///   *follows* each earlier match of this treated unit in data order (an off-by-one in its repeat
///   check), so with replacement a treated unit takes the same control in every pass; reproduced
///   under ``GapRule/matchIt451``.
/// - Exact cells: matching runs separately within each cell (distance from the global model).
/// - Gaps: see ``GapRule`` — MatchIt 4.5.1 compares integer-truncated gaps, reproduced by default.
/// - Caliper: with `standardizedCaliper` (MatchIt's `std.caliper = TRUE`) the width is
///   `caliper * sd(distance)` over all units, treated and control pooled, n - 1 denominator, on the
///   distance scale given (probability or logit). A candidate farther than the width is rejected.
///   As in `process.caliper()`, a caliper is ignored when the distance has fewer than 2 distinct
///   values, and its absolute value is used.
/// - Weights (ATT, `weights_matrixC`): each treated unit with at least one control gets 1; each
///   control gets the sum over the treated units it serves of 1 / (that unit's number of controls);
///   control weights are then rescaled to sum to the number of controls with positive weight.
/// - Set ids (`subclass`, without replacement only): one id per treated unit with a match, numbered
///   1, 2, ... in the order of R's factor levels, i.e. the treated units' 1-based row numbers
///   sorted *as strings* ("1" < "10" < "100" < "2").
///
/// Random order uses SplitMix64 seeded by the caller and a Fisher-Yates shuffle; R's
/// Mersenne-Twister `sample.int()` is not reproduced, so random-order matches differ from R's.
///
/// Each nearest search is O(1) amortised: controls of a cell are kept in a sorted array and removed
/// controls are skipped through union-find links with path compression, so matching costs
/// O(n log n) for the sort plus about O(k * n1) for the passes, not a scan.
///
/// Degenerate input never traps: no treated or no controls, no common exact cell, NaN distances or
/// mismatched lengths give an empty result with a ``Diagnostic``; too few controls in a cell gives
/// the best matches possible, R's warning, and a reason on each short treated unit.
public struct NearestNeighborMatcher: Sendable, Equatable {
    /// The order in which treated units choose (`m.order`).
    public enum Order: Sendable, Equatable {
        case largest
        case smallest
        case data
        /// A reproducible shuffle from `seed` (SplitMix64 + Fisher-Yates), not R's RNG.
        case random(seed: UInt64)
    }

    /// Controls per treated unit (`ratio`), at least 1.
    public var ratio: Int
    /// Match with replacement (`replace`).
    public var replace: Bool
    /// Caliper width (`caliper`); `nil` for none.
    public var caliper: Double?
    /// Width in standard deviations of the distance (`std.caliper`, default true).
    public var standardizedCaliper: Bool
    /// Matching order (`m.order`); MatchIt's default for ATT is `.largest`.
    public var order: Order
    /// How distance gaps are compared; `.matchIt451` (default) reproduces the released binary.
    public var gapRule: GapRule
    /// Polled every 256 treated units (and between the propensity fit and the matching); when it
    /// returns true the matching stops and the result has `cancelled` set.
    public var isCancelled: (@Sendable () -> Bool)? = nil
    /// Threads the propensity fit may use (1 or more); results do not depend on it.
    public var threads = 1

    /// How |d_t - d_c| is measured when choosing between the left and right candidates and when
    /// testing the caliper.
    ///
    /// MatchIt 4.5.1's `nn_matchC_vec.cpp` calls the unqualified C `abs()` on a `double`, which
    /// resolves to `int abs(int)`: the difference is truncated toward zero to an integer first.
    /// Observed with the installed R (4.2.2, MatchIt 4.5.1, g++ 12): on the probability scale every
    /// gap becomes 0, so the *left* (lower-score) candidate always wins and a caliper below 1 never
    /// rejects anyone (caliper = 0.01 still matches all 185 lalonde treated units); on the logit
    /// scale a pair is rejected only when the truncated gap exceeds the width (a caliper of 0.36
    /// accepts gaps up to 0.9995). reference.json's three MatchIt results agree only under this
    /// rule, so it is the default.
    public enum GapRule: Sendable, Equatable {
        /// Integer-truncated gaps, bit-for-bit MatchIt 4.5.1 behaviour.
        case matchIt451
        /// The current MatchIt (4.7.2): exact gaps, its search order and tie-breaking, exact cells
        /// as a constraint (see `NearestNeighborMatcher+MatchIt472.swift`).
        case matchIt472
        /// True absolute differences: the algorithm as documented (nearest neighbour, real caliper).
        case exact
    }

    public init(ratio: Int = 1, replace: Bool = false, caliper: Double? = nil,
                standardizedCaliper: Bool = true, order: Order = .largest, gapRule: GapRule = .matchIt451) {
        self.ratio = ratio
        self.replace = replace
        self.caliper = caliper
        self.standardizedCaliper = standardizedCaliper
        self.order = order
        self.gapRule = gapRule
    }

    /// Matchers are equal when they match alike (the cancellation check is not compared).
    public static func == (a: NearestNeighborMatcher, b: NearestNeighborMatcher) -> Bool {
        a.ratio == b.ratio && a.replace == b.replace && a.caliper == b.caliper
            && a.standardizedCaliper == b.standardizedCaliper && a.order == b.order && a.gapRule == b.gapRule
    }

    /// The gap between two distances under ``gapRule``.
    @inline(__always)
    func gap(_ a: Double, _ b: Double) -> Double {
        let d = a - b
        switch gapRule {
        case .exact, .matchIt472: return Swift.abs(d)
        case .matchIt451:
            // C's (int) conversion truncates toward zero; clamp instead of trapping out of range.
            let t = Swift.max(Swift.min(d, 2_147_483_647), -2_147_483_647)
            return Double(Swift.abs(Int(t)))
        }
    }

    /// Matches treated to control units.
    /// - Parameters:
    ///   - distance: one value per unit (propensity score or its logit).
    ///   - treated: treatment indicator per unit.
    ///   - exactCells: optional cell code per unit; units match only within the same code. Taken
    ///     over (`consuming`), so that the matcher can drop it once it has numbered the cells.
    public func match(distance: [Double], treated: [Bool], exactCells: consuming [Int32]? = nil) -> Result {
        let n = distance.count
        var result = Result(unitCount: n, treated: treated.count == n ? treated : [])
        if treated.count != n || (exactCells.map { $0.count != n } ?? false) {
            result.diagnostics.append(.invalidInput("distance, treatment and exact cells differ in length"))
            return result
        }
        if n >= Int(Int32.max) {
            // Set numbers and the MatchIt 4.7.2 search store units as 32-bit numbers.
            result.diagnostics.append(.invalidInput("matching handles at most \(Int32.max - 1) units"))
            return result
        }
        if distance.contains(where: { !$0.isFinite }) {
            result.diagnostics.append(.invalidInput("the distance has missing or non-finite values"))
            return result
        }
        let n1 = result.treatedRows.count
        let n0 = n - n1
        if n1 == 0 { result.diagnostics.append(.noTreated); return result }
        if n0 == 0 { result.diagnostics.append(.noControls); return result }
        let k = Swift.max(ratio, 1)
        if ratio < 1 { result.diagnostics.append(.invalidInput("ratio must be at least 1; 1 used")) }

        // Caliper on the distance scale (process.caliper).
        var width: Double? = nil
        if let c = caliper, c.isFinite {
            if Set(distance).count < 2 {
                result.diagnostics.append(.caliperIgnored)
            } else {
                width = Swift.abs(standardizedCaliper ? c * NearestNeighborMatcher.standardDeviation(distance) : c)
            }
        }
        result.caliperWidth = width

        // Cells in ascending code order; a single cell without exact matching.
        var cellRows: [[Int]] = []
        if let cells = exactCells {
            // Rank of each unit's cell among the distinct codes in ascending order, and counts.
            let (rank, cellCount) = NearestNeighborMatcher.codeRanks(cells)
            var size = [Int](repeating: 0, count: cellCount), nTreated = [Int](repeating: 0, count: cellCount)
            for i in 0..<n {
                size[Int(rank[i])] += 1
                if treated[i] { nTreated[Int(rank[i])] += 1 }
            }
            let hasCommon = (0..<cellCount).contains { nTreated[$0] > 0 && nTreated[$0] < size[$0] }
            if !hasCommon { result.diagnostics.append(.noCommonExactCell); return result }
            if gapRule != .matchIt472 {
                cellRows = size.map { c in var rows: [Int] = []; rows.reserveCapacity(c); return rows }
                for i in 0..<n { cellRows[Int(rank[i])].append(i) }
            }
            if !replace {
                var ratios: [Double] = []
                for c in 0..<cellCount {
                    let t = nTreated[c]
                    guard t > 0 else { continue }
                    ratios.append(Double(size[c] - t) / Double(t))
                }
                if ratios.contains(where: { $0 < 1 }) { result.diagnostics.append(.fewerControlsInSomeCells) }
                if k > 1 && ratios.contains(where: { $0 < Double(k) }) { result.diagnostics.append(.notAllTreatedGetRatio(k)) }
            }
        } else {
            cellRows = [Array(0..<n)]
            if !replace {
                let e = Double(n0) / Double(n1)
                if e < 1 { result.diagnostics.append(.fewerControlsThanTreated) }
                else if e < Double(k) { result.diagnostics.append(.notAllTreatedGetRatio(k)) }
            }
        }

        if gapRule == .matchIt472 {
            matchIt472(distance: distance, treated: treated, exactCells: consume exactCells, width: width, ratio: k, result: &result)
            return result
        }
        var rng = SplitMix64(seed: { if case let .random(seed) = order { return seed } else { return 0 } }())
        var matches = [[Int]](repeating: [], count: n)       // indexed by treated row
        var reasons = [UnmatchedReason?](repeating: nil, count: n)
        var scratch = CellScratch(leftSlot: [Int](repeating: -1, count: n), position: [Int](repeating: -2, count: n))
        for rows in cellRows {
            if isCancelled?() == true { result.cancelled = true; return result }
            matchCell(rows: rows, distance: distance, treated: treated, ratio: k, width: width,
                      rng: &rng, matches: &matches, reasons: &reasons, scratch: &scratch)
        }
        if isCancelled?() == true { result.cancelled = true; return result }
        result.finish(matches: matches, reasons: reasons, treated: treated, replace: replace)
        return result
    }

    /// Matching inside one exact cell (`nn_matchC_vec` on the cell's units).
    private func matchCell(rows: [Int], distance: [Double], treated: [Bool], ratio: Int, width: Double?,
                           rng: inout SplitMix64, matches: inout [[Int]], reasons: inout [UnmatchedReason?],
                           scratch: inout CellScratch) {
        // Stable ascending sort by distance (ties by row, which `rows` is ordered by).
        let sorted = NearestNeighborMatcher.ascendingOrder(rows.map { distance[$0] }).map { rows[$0] }
        var controls: [Int] = []          // control rows in sorted order ("slots")
        controls.reserveCapacity(sorted.count)
        for r in sorted {
            if treated[r] { scratch.leftSlot[r] = controls.count - 1 } else { controls.append(r) }
        }
        let treatedLeftSlot = scratch.leftSlot
        let treatedRows = rows.filter { treated[$0] }
        guard !treatedRows.isEmpty else { return }
        let slotCount = controls.count
        let controlDistance = controls.map { distance[$0] }

        // Visiting order within the cell.
        var visit: [Int]
        switch replace ? .data : order {
        case .largest:
            visit = NearestNeighborMatcher.ascendingOrder(treatedRows.map { -distance[$0] }).map { treatedRows[$0] }
        case .smallest:
            visit = NearestNeighborMatcher.ascendingOrder(treatedRows.map { distance[$0] }).map { treatedRows[$0] }
        case .data:
            visit = treatedRows
        case .random:
            visit = treatedRows
            rng.shuffle(&visit)
        }

        @inline(__always) func reasonFor(noneLeft: Bool) -> UnmatchedReason {
            noneLeft ? .noControlAvailable : .noControlWithinCaliper
        }

        // Position of each unit in the cell's data order, for MatchIt's repeat check (see below).
        for (p, r) in rows.enumerated() { scratch.position[r] = p }
        let cellPosition = scratch.position
        let controlPosition = controls.map { cellPosition[$0] }

        // MatchIt 4.5.1's repeat check (`check_in(d_ord[k], row)` from round 2 on) compares a
        // candidate's 0-based position with the 1-based positions stored for the controls already
        // matched to this treated unit. It therefore skips the unit *following* each earlier match
        // in data order, and not the earlier match itself; with replacement a treated unit takes
        // the same control again. Reproduced under `.matchIt451`; `.exact` skips the match itself.
        let quirk = gapRule == .matchIt451
        @inline(__always) func skipped(_ slot: Int, _ t: Int) -> Bool {
            let taken = matches[t]
            if taken.isEmpty { return false }
            let pos = controlPosition[slot]
            for c in taken {
                let cp = cellPosition[c]
                if quirk ? (pos == cp + 1) : (pos == cp) { return true }
            }
            return false
        }

        // Union-find links over slots: leftLink[s] / rightLink[s] lead from a removed slot towards
        // the nearest slot that may still be available; path compression keeps searches short.
        // With replacement no slot is ever removed.
        var leftLink = Array(0..<slotCount)
        var rightLink = Array(0..<slotCount)
        var available = [Bool](repeating: true, count: slotCount)
        var remaining = slotCount

        func findLeft(_ s: Int) -> Int {
            var root = s
            while root >= 0 && !available[root] { root = leftLink[root] }
            var c = s
            while c >= 0 && c != root && !available[c] { let next = leftLink[c]; leftLink[c] = root; c = next }
            return root
        }
        func findRight(_ s: Int) -> Int {
            var root = s
            while root < slotCount && !available[root] { root = rightLink[root] }
            var c = s
            while c < slotCount && c != root && !available[c] { let next = rightLink[c]; rightLink[c] = root; c = next }
            return root
        }

        let isCancelled = self.isCancelled
        var visited = 0
        for _ in 0..<ratio {
            for t in visit {
                visited += 1
                if visited & 255 == 0, let isCancelled, isCancelled() { return }
                if remaining == 0 {
                    if reasons[t] == nil && matches[t].count < ratio { reasons[t] = .noControlAvailable }
                    continue
                }
                let dt = distance[t]
                let start = treatedLeftSlot[t]
                var l = start >= 0 ? findLeft(start) : -1
                while l >= 0 && skipped(l, t) { l = l > 0 ? findLeft(l - 1) : -1 }
                var r = start + 1 < slotCount ? findRight(start + 1) : slotCount
                while r < slotCount && skipped(r, t) { r = r + 1 < slotCount ? findRight(r + 1) : slotCount }
                var lok = l >= 0
                var rok = r < slotCount
                let noneLeft = !lok && !rok
                if let w = width {
                    if lok && gap(dt, controlDistance[l]) > w { lok = false }
                    if rok && gap(dt, controlDistance[r]) > w { rok = false }
                }
                if lok && rok {
                    if gap(controlDistance[l], dt) <= gap(controlDistance[r], dt) { rok = false } else { lok = false }
                }
                let s: Int
                if lok { s = l } else if rok { s = r } else {
                    if reasons[t] == nil { reasons[t] = reasonFor(noneLeft: noneLeft) }
                    continue
                }
                matches[t].append(controls[s])
                if !replace {
                    available[s] = false
                    leftLink[s] = s - 1
                    rightLink[s] = s + 1
                    remaining -= 1
                }
            }
        }
    }

    /// For each element, the rank of its value among the distinct values in ascending order
    /// (0-based), and the number of distinct values. The ranks are below `codes.count`, which the
    /// caller keeps below `Int32.max`.
    static func codeRanks(_ codes: [Int32]) -> (rank: [Int32], count: Int) {
        let n = codes.count
        guard let lowest = codes.min().map(Int.init), let highest = codes.max().map(Int.init) else { return ([], 0) }
        let width = highest - lowest                       // at most 2^32, no overflow in Int
        var count = 0
        if width < 4 * n + 64 {
            var present = [Int32](repeating: -1, count: width + 1)
            for c in codes { present[Int(c) - lowest] = 0 }
            for k in 0...width where present[k] == 0 { present[k] = Int32(truncatingIfNeeded: count); count += 1 }
            return (codes.map { present[Int($0) - lowest] }, count)
        }
        let distinct = Set(codes).sorted()
        let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32(truncatingIfNeeded: $0)) })
        return (codes.map { index[$0]! }, distinct.count)
    }

    /// Indices of `d` by ascending value, ties in index order (R's `order()`, a stable sort), for
    /// finite values: a radix sort on the values' order-preserving bit patterns.
    static func ascendingOrder(_ d: [Double]) -> [Int] {
        let n = d.count
        guard n > 1, n <= Int(Int32.max) else {
            return (0..<n).sorted { d[$0] < d[$1] || (d[$0] == d[$1] && $0 < $1) }
        }
        return MatchBalance.stableOrder(of: d).map { Int($0) }
    }

    /// Indices of the non-negative `values` ordered by their decimal spellings as strings
    /// ("1" < "10" < "100" < "2"), as R orders factor levels made from numbers. Each value is
    /// padded with zeros on the right to the longest length, ties broken by the shorter spelling
    /// (a prefix sorts first); beyond 17 digits the strings are compared.
    static func decimalStringOrder(_ values: [Int]) -> [Int] {
        func digits(_ v: Int) -> Int { var d = 1, x = v; while x >= 10 { x /= 10; d += 1 }; return d }
        let longest = values.map(digits).max() ?? 0
        guard longest <= 17, values.count <= Int(Int32.max), values.allSatisfy({ $0 >= 0 }) else {
            return values.indices.sorted { String(values[$0]) < String(values[$1]) }
        }
        var power = [UInt64](repeating: 1, count: longest + 1)
        for e in stride(from: 1, through: longest, by: 1) { power[e] = power[e - 1] * 10 }
        var keys = values.map { v -> UInt64 in
            let d = digits(v)
            return (UInt64(v) * power[longest - d]) << 5 | UInt64(d)
        }
        var order = (0..<values.count).map { Int32($0) }
        MatchBalance.radixSort(&keys, carrying: &order)
        return order.map { Int($0) }
    }

    /// Sample standard deviation (n - 1), R's `sd()`; NaN for fewer than 2 values.
    static func standardDeviation(_ x: [Double]) -> Double {
        guard x.count > 1 else { return .nan }
        let mean = x.reduce(0, +) / Double(x.count)
        let ss = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (ss / Double(x.count - 1)).squareRoot()
    }
}

/// Per-row work arrays shared by the cells of one match (indexed by row; each cell writes only
/// its own rows).
struct CellScratch {
    var leftSlot: [Int]
    var position: [Int]
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast, seedable generator used for the
/// random matching order. It is not R's Mersenne-Twister.
struct SplitMix64: Sendable, RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform integer in 0..<bound by rejection (no modulo bias).
    mutating func below(_ bound: Int) -> Int {
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        while true { let v = next(); if v < limit { return Int(v % b) } }
    }
    /// Fisher-Yates shuffle.
    mutating func shuffle(_ a: inout [Int]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, below(i + 1)) }
    }
}
