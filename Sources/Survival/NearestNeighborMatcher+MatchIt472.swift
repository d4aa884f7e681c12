/// MatchIt 4.7.2's nearest-neighbour matching on a distance vector (`nn_matchC_vec` and
/// `find_control_vec` in `src/nn_matchC_vec.cpp` and `src/internal.cpp`), for
/// ``NearestNeighborMatcher/GapRule/matchIt472``.
///
/// What differs from MatchIt 4.5.1 (``GapRule/matchIt451``):
/// - Gaps are true absolute differences; a caliper rejects pairs wider than
///   `caliper * sd(distance)` (or `caliper` with `standardizedCaliper == false`).
/// - One pass over the whole sample: exact cells are a constraint on each candidate, and units
///   of cells that lack treated or controls are discarded.
/// - Ties: from the treated unit's place in the distance order (ascending, ties in data order)
///   the search steps alternately left and right, one position at a time, skipping units that
///   are treated, used, or in another exact cell, and collects candidates per side; among equally
///   close candidates the one found first wins (`std::partial_sort` as libstdc++ does it).
/// - Without replacement: `ratio` rounds; in round r each treated unit (in `m.order`) takes one
///   control, searching outward from the span of its earlier matches and never closer than the
///   farthest of them. A treated unit that finds none is not visited again.
/// - With replacement (`reuse.max` = ∞, which forces data order): each treated unit takes its
///   `ratio` nearest distinct controls at once, so it never gets the same control twice.
extension NearestNeighborMatcher {
    func matchIt472(distance: [Double], treated: [Bool], exactCells: consuming [Int32]?, width: Double?,
                    ratio k: Int, result: inout Result) {
        let n = distance.count
        // The result's per-unit arrays are made again by `finish`, after the search's are gone.
        result.deferUnitArrays()
        // Units, slots and links are stored as 32-bit numbers (half the memory of the search);
        // `match` refuses more units than they hold.
        // Discard units of exact cells without both groups (`discarded[!ex %in% levels(ex)[cc]]`).
        var eligible = [Bool](repeating: true, count: n)
        // Dense cell numbers 0..<cellCount (one cell without exact matching).
        var cellOfUnit = [Int32](repeating: 0, count: n)
        var cellCount = 1
        if let cells = exactCells {
            let lowest = Int(cells.min() ?? 0), highest = Int(cells.max() ?? 0)
            let width = highest - lowest                   // at most 2^32, no overflow in Int
            if width < 4 * n + 64 {
                var dense = [Int32](repeating: -1, count: width + 1)
                cellCount = 0
                for i in 0..<n {
                    let k = Int(cells[i]) - lowest
                    if dense[k] < 0 { dense[k] = Int32(truncatingIfNeeded: cellCount); cellCount += 1 }   // < n < Int32.max
                    cellOfUnit[i] = dense[k]
                }
            } else {
                var dense: [Int32: Int32] = [:]
                for i in 0..<n {
                    if let c = dense[cells[i]] { cellOfUnit[i] = c } else {
                        let c = Int32(truncatingIfNeeded: dense.count)                                 // < n < Int32.max
                        dense[cells[i]] = c
                        cellOfUnit[i] = c
                    }
                }
                cellCount = Swift.max(dense.count, 1)
            }
            var hasT = [Bool](repeating: false, count: cellCount), hasC = [Bool](repeating: false, count: cellCount)
            for i in 0..<n { if treated[i] { hasT[Int(cellOfUnit[i])] = true } else { hasC[Int(cellOfUnit[i])] = true } }
            for i in 0..<n where !(hasT[Int(cellOfUnit[i])] && hasC[Int(cellOfUnit[i])]) { eligible[i] = false }
        }
        exactCells = nil                                              // numbered in cellOfUnit now
        let treatedRows = (0..<n).filter { treated[$0] }
        let nf = treatedRows.count
        var nEligibleControls = (0..<n).filter { !treated[$0] && eligible[$0] }.count
        // R's order(distance): ascending, ties in data order.
        // The unit at each place of the order (`match` keeps n below Int32.max).
        let order32: [Int32] = MatchBalance.stableOrder(of: distance)
        result.distanceOrder = n > 1 ? order32 : nil
        let caliperDist = width ?? ((distance.max() ?? 0) - (distance.min() ?? 0) + 1)

        // m.order (replacement forces data order, as `reuse.max >= n1` does in R).
        var visit: [Int]   // indices into treatedRows
        switch replace ? .data : order {
        case .largest:
            visit = NearestNeighborMatcher.ascendingOrder(treatedRows.map { -distance[$0] })
        case .smallest:
            visit = NearestNeighborMatcher.ascendingOrder(treatedRows.map { distance[$0] })
        case .data:
            visit = (0..<nf).filter { eligible[treatedRows[$0]] }
        case let .random(seed):
            visit = (0..<nf).filter { eligible[treatedRows[$0]] }
            var rng = SplitMix64(seed: seed)
            rng.shuffle(&visit)
        }

        // The eligible controls of each exact cell in distance order ("slots", one run of slots per
        // cell), with union-find links that jump over used ones; a control leaves when it is used up
        // (never with replacement). Searching a treated unit's own cell only is the same as MatchIt's
        // walk over all units that passes over other cells' controls: a control of another cell can
        // only end a side's walk (past the caliper, or no closer than `want` found ones), and then
        // the next control of the unit's own cell on that side, being farther, would end it too.
        // Matches are kept as slots; a slot knows its distance and place in the order (and so its
        // control, the unit at that place), so no per-unit array is needed once the slots are built.
        var cellStart = [Int](repeating: 0, count: cellCount + 1)
        for i in 0..<n where !treated[i] && eligible[i] { cellStart[Int(cellOfUnit[i]) + 1] += 1 }
        for c in 0..<cellCount { cellStart[c + 1] += cellStart[c] }
        var fill = Array(cellStart.prefix(cellCount))
        let slotCount = cellStart[cellCount]
        var slotPosition = [Int32](repeating: 0, count: slotCount)
        var slotDistance = [Double](repeating: 0, count: slotCount)   // and its distance
        let treatedCell = treatedRows.map { Int(cellOfUnit[$0]) }
        // What the walk in distance order needs of each unit, in one array so that it reads one
        // value per unit: the cell of an eligible control, -2 - (index in treatedRows) for an
        // eligible treated unit, -1 for a discarded unit.
        var role = cellOfUnit
        cellOfUnit = []                                               // role now owns the storage
        do {
            var ti = 0
            for i in 0..<n {
                if treated[i] { role[i] = eligible[i] ? Int32(-2 - ti) : -1; ti += 1 } else if !eligible[i] { role[i] = -1 }
            }
        }
        var treatedPosition = [Int](repeating: 0, count: nf)          // its place in the distance order
        var leftSlots = [Int](repeating: 0, count: nf)                // its count of own-cell controls before it
        func place(_ pos: Int, _ i: Int) {
            let c = Int(role[i])
            if c >= 0 {
                slotPosition[fill[c]] = Int32(pos)
                slotDistance[fill[c]] = distance[i]
                fill[c] += 1
            } else if c <= -2 {
                let ti = -2 - c
                treatedPosition[ti] = pos
                leftSlots[ti] = fill[treatedCell[ti]] - cellStart[treatedCell[ti]]
            }
        }
        for pos in 0..<n { place(pos, Int(order32[pos])) }
        role = []
        var active = treatedRows.map { eligible[$0] }                 // treated units still searching
        eligible = []
        var available = [Bool](repeating: true, count: slotCount)
        var leftLink = (-1..<(slotCount - 1)).map { Int32($0) }
        var rightLink = (1..<(slotCount + 1)).map { Int32($0) }
        /// The nearest available slot at or left of `s` within the run starting at `low`; low - 1 if none.
        func nextLeft(_ s: Int, low: Int) -> Int {
            var root = s
            while root >= low && !available[root] { root = Int(leftLink[root]) }
            var c = s
            while c >= low && c != root && !available[c] { let next = Int(leftLink[c]); leftLink[c] = Int32(root); c = next }
            return root
        }
        /// The nearest available slot at or right of `s` within the run ending before `high`; `high` if none.
        func nextRight(_ s: Int, high: Int) -> Int {
            var root = s
            while root < high && !available[root] { root = Int(rightLink[root]) }
            var c = s
            while c < high && c != root && !available[c] { let next = Int(rightLink[c]); rightLink[c] = Int32(root); c = next }
            return root
        }
        var matches = [[Int]](repeating: [], count: nf)               // slots, per treated index
        var reasons = [UnmatchedReason?](repeating: nil, count: nf)

        // Candidates of one search, kept between calls to save allocations.
        var ids: [Int] = [], dists: [Double] = []
        /// `find_control_vec`: up to `want` control slots for treated unit `ti` in round `r`.
        func find(_ ti: Int, r: Int, want: Int) -> [Int] {
            let t = treatedRows[ti]
            let ii = treatedPosition[ti]
            // The span of the unit and its earlier matches in the distance order, and the matches at
            // its ends (-1 where the end is the unit itself).
            var iil = ii, iir = ii, lEnd = -1, rEnd = -1
            var minDist = 0.0
            if r > 1 && !matches[ti].isEmpty {
                for slot in matches[ti] {
                    let pos = Int(slotPosition[slot])
                    if pos < iil { iil = pos; lEnd = slot }
                    if pos > iir { iir = pos; rEnd = slot }
                }
                if iil == ii { minDist = abs(distance[t] - slotDistance[rEnd]) }
                else if iir == ii { minDist = abs(distance[t] - slotDistance[lEnd]) }
                else { minDist = max(abs(distance[t] - slotDistance[lEnd]), abs(distance[t] - slotDistance[rEnd])) }
            }
            let di = distance[t]
            // MatchIt steps left and right alternately, one position per iteration, left first: the
            // left side's k-th step is iteration 2k - 1, the right side's 2k. Positions without an
            // eligible control of the cell are steps that find nothing, so they are jumped over
            // (`nextLeft`, `nextRight` over the cell's slots) and the two sides' next finds are taken
            // in iteration order.
            let l0 = iil, r0 = iir
            let low = cellStart[treatedCell[ti]], high = cellStart[treatedCell[ti] + 1]
            // The slots just outside the span: left of its leftmost unit, right of its rightmost.
            let leftEdge = lEnd < 0 ? low + leftSlots[ti] - 1 : lEnd - 1
            let rightEdge = rEnd < 0 ? low + leftSlots[ti] : rEnd + 1
            var ls = nextLeft(leftEdge, low: low)
            var rs = nextRight(rightEdge, high: high)
            var lStop = false, rStop = false
            ids.removeAll(keepingCapacity: true)
            dists.removeAll(keepingCapacity: true)
            var nl = 0, nr = 0
            while !lStop || !rStop {
                let left: Bool
                if lStop { left = false } else if rStop { left = true } else {
                    let tl = ls >= low ? 2 * (l0 - Int(slotPosition[ls])) - 1 : Int.max
                    let tr = rs < high ? 2 * (Int(slotPosition[rs]) - r0) : Int.max
                    left = tl < tr
                }
                let slot: Int
                if left {
                    if ls < low || nl == want { lStop = true; continue }
                    slot = ls
                    ls = nextLeft(ls - 1, low: low)
                } else {
                    if rs >= high || nr == want { rStop = true; continue }
                    slot = rs
                    rs = nextRight(rs + 1, high: high)
                }
                if r > 1 && matches[ti].contains(slot) { continue }
                let d = abs(di - slotDistance[slot])
                if d > caliperDist { if left { lStop = true } else { rStop = true }; continue }
                if d < minDist { continue }
                if ids.count >= want {
                    var closer = 0
                    for x in dists where x < d { closer += 1; if closer == want { break } }
                    if closer >= want { if left { lStop = true } else { rStop = true }; continue }
                }
                ids.append(slot)
                dists.append(d)
                if left { nl += 1; if nl == want { lStop = true } } else { nr += 1; if nr == want { rStop = true } }
            }
            if ids.count <= 1 { return ids }
            if ids.count <= want && zip(dists, dists.dropFirst()).allSatisfy({ $0 <= $1 }) { return ids }
            var ind = Array(0..<ids.count)
            if ids.count > want {
                LibstdcxxHeap.partialSort(&ind, middle: want) { dists[$0] < dists[$1] }
                return ind.prefix(want).map { ids[$0] }
            }
            ind.sort { dists[$0] < dists[$1] }  // every candidate is returned; the order does not matter
            return ind.map { ids[$0] }
        }

        if !replace && nf > 1 {
            // reuse.max = 1 < n1 (with replacement reuse.max is unlimited): a control is used once;
            // `ratio` rounds.
            for r in 1...k {
                for ti in visit {
                    if nEligibleControls == 0 { break }
                    if !active[ti] { continue }
                    let found = find(ti, r: r, want: 1)
                    guard let slot = found.first else {
                        active[ti] = false
                        if reasons[ti] == nil { reasons[ti] = nEligibleControls == 0 ? .noControlAvailable : .noControlWithinCaliper }
                        continue
                    }
                    matches[ti].append(slot)
                    available[slot] = false
                    nEligibleControls -= 1
                    if matches[ti].count >= k { active[ti] = false }
                }
            }
        } else {
            for ti in visit {
                if !active[ti] { continue }
                let found = find(ti, r: 1, want: k)
                if found.isEmpty {
                    reasons[ti] = nEligibleControls == 0 ? .noControlAvailable : .noControlWithinCaliper
                    continue
                }
                matches[ti] = found
            }
        }
        for ti in 0..<nf where matches[ti].count < k && reasons[ti] == nil { reasons[ti] = .noControlAvailable }
        // A slot's control is the unit at its place in the distance order.
        let treatedMatches = matches.map { $0.map { Int(order32[Int(slotPosition[$0])]) } }
        // The search's arrays go before the result's are made.
        matches = []
        slotPosition = []
        slotDistance = []
        leftLink = []
        rightLink = []
        available = []
        result.finish(treatedMatches: treatedMatches, treatedReasons: reasons, treated: treated, replace: replace)
    }
}

/// `std::partial_sort` as libstdc++ implements it (`__heap_select` then `__sort_heap`), so that
/// which of several equally close candidates are kept matches MatchIt's compiled code.
enum LibstdcxxHeap {
    static func partialSort(_ a: inout [Int], middle: Int, _ less: (Int, Int) -> Bool) {
        guard middle > 0, middle <= a.count else { return }
        makeHeap(&a, 0, middle, less)
        for i in middle..<a.count where less(a[i], a[0]) {
            popHeap(&a, 0, middle, i, less)
        }
        var last = middle
        while last > 1 {
            last -= 1
            popHeap(&a, 0, last, last, less)
        }
    }

    static func makeHeap(_ a: inout [Int], _ first: Int, _ last: Int, _ less: (Int, Int) -> Bool) {
        let len = last - first
        if len < 2 { return }
        var parent = (len - 2) / 2
        while true {
            let value = a[first + parent]
            adjustHeap(&a, first, parent, len, value, less)
            if parent == 0 { return }
            parent -= 1
        }
    }

    static func popHeap(_ a: inout [Int], _ first: Int, _ last: Int, _ result: Int, _ less: (Int, Int) -> Bool) {
        let value = a[result]
        a[result] = a[first]
        adjustHeap(&a, first, 0, last - first, value, less)
    }

    static func adjustHeap(_ a: inout [Int], _ first: Int, _ hole: Int, _ len: Int, _ value: Int, _ less: (Int, Int) -> Bool) {
        let top = hole
        var holeIndex = hole
        var second = hole
        while second < (len - 1) / 2 {
            second = 2 * (second + 1)
            if less(a[first + second], a[first + second - 1]) { second -= 1 }
            a[first + holeIndex] = a[first + second]
            holeIndex = second
        }
        if len & 1 == 0 && second == (len - 2) / 2 {
            second = 2 * (second + 1)
            a[first + holeIndex] = a[first + second - 1]
            holeIndex = second - 1
        }
        var parent = (holeIndex - 1) / 2
        while holeIndex > top && less(a[first + parent], value) {
            a[first + holeIndex] = a[first + parent]
            holeIndex = parent
            parent = (holeIndex - 1) / 2
        }
        a[first + holeIndex] = value
    }
}
