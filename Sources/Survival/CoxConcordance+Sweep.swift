extension CoxConcordance {
    /// The pair counts, in `concordancefit`'s order: concordant, discordant, tied on x, tied on
    /// time, tied on both.
    struct PairCounts {
        var values = [Double](repeating: 0, count: 5)
    }

    /// One stratum's sweep, as `concordance3.c` / `concordance4.c` do it: the rows are visited
    /// from the last time to the first (`sortStop`); a censored row, and each death after its
    /// tied deaths, asks how much weight of the deaths already seen lies above, below and at its
    /// rank (subtracted from its influence) and joins the rows at risk; each death asks the same
    /// of the rows at risk (added to the counts and its influence) and joins the deaths. With
    /// entry times, rows leave the risk set (`sortStart`) and ask the deaths once more. At the
    /// end each row still at risk asks the finished death weights (added).
    ///
    /// With up to 65,536 ranks two Fenwick trees over the ranks answer the questions in one pass
    /// (`directSweep`). With a million ranks such trees cost several cache misses per question,
    /// so the ranks are cut into blocks of 4096 (`blockedSweep`): a first pass in sweep order
    /// answers for the blocks below each rank from two small trees over blocks and files the
    /// question under its rank's block; a second pass answers, block by block, for the ranks
    /// within the block from two small trees that stay in cache, writing by the row's position
    /// in `byX` (the rows of a block are contiguous there). The answers are sums of the same
    /// weights, so they are the same (exactly so with integer weights, where no sum rounds).
    ///
    /// - Parameters:
    ///   - byX: the stratum's rows by ascending x (rank); `rank[row]` the rank of a row; ranks
    ///     are 1...ranks.
    ///   - influence: per row, interleaved (concordant, discordant, tied on x); added to.
    ///   - position: scratch, one entry per row; allocated by the first blocked sweep.
    ///   - threads: above 1, a direct sweep of at least `parallelRows` rows runs as two halves
    ///     side by side (`directSweepInTwo`) in rounds of about `roundRows` rows, with the same
    ///     result to the bit.
    static func sweep(range: Range<Int>, byX: [Int32], ranks: Int, rank: [Int32],
                      sortStop: [Int32], sortStart: [Int32]?, stop: [Double], start: [Double]?, event: [Bool],
                      weight: RowWeights, influence: inout [Double], counts: inout PairCounts, position: inout [Int32],
                      blockBits: Int? = nil, threads: Int = 1, parallelRows: Int = parallelSweepRows,
                      roundRows: Int = sweepRoundRows) {
        if blockBits == nil && ranks <= 1 << 16 {
            let input = SweepInput(range: range, ranks: ranks, rank: rank, sortStop: sortStop, sortStart: sortStart,
                                   stop: stop, start: start, event: event, weight: weight)
            if threads > 1 && range.count >= max(1, parallelRows) {
                directSweepInTwo(input, influence: &influence, counts: &counts, roundRows: roundRows)
            } else {
                directSweep(input, influence: &influence, counts: &counts)
            }
        } else {
            blockedSweep(range: range, byX: byX, ranks: ranks, rank: rank, sortStop: sortStop,
                         sortStart: sortStart, stop: stop, start: start, event: event, weight: weight,
                         influence: &influence, counts: &counts, position: &position,
                         blockBits: min(blockBits ?? 12, 64 - ranks.leadingZeroBitCount))
        }
    }

    /// Strata with fewer rows are swept on one thread (the second thread would not pay).
    static let parallelSweepRows = 16_384

    /// Rows per round of `directSweepInTwo`: its answer buffers hold one round's deaths (48
    /// bytes each), not the whole stratum's.
    static let sweepRoundRows = 1 << 18

    /// What a direct sweep reads: one stratum's rows (`range`), the ranks of x (1...ranks) by
    /// row, the rows in sweep order (`sortStop`) and, with entry times, in leaving order.
    private struct SweepInput {
        let range: Range<Int>
        let ranks: Int
        let rank: [Int32]
        let sortStop: [Int32]
        let sortStart: [Int32]?
        let stop: [Double]
        let start: [Double]?
        let event: [Bool]
        let weight: RowWeights
    }

    /// Which questions a direct sweep answers: all of them (one thread), or one of the two
    /// halves that `directSweepInTwo` runs side by side.
    private enum SweepPart {
        case both
        /// Only the deaths asking the rows at risk: the pair counts, and each death's answers
        /// written to `answers` (three per death, in sweep order) instead of its influence.
        case atRisk
        /// Only the rows asking the deaths: the influence, except that each death's question on
        /// joining the risk set goes to `answers` (three per death, in sweep order).
        case deaths
    }

    /// A direct sweep's progress, so that it can run in rounds: its trees, its pair counts, and
    /// the next positions in the sweep order and in the leaving order.
    private struct DirectSweep: ~Copyable {
        var trees: RankTrees
        var c: [Double]
        var i = 0
        var i2 = 0

        init(ranks: Int, counts: PairCounts) {
            trees = RankTrees(size: ranks + 1)
            c = counts.values
        }
    }

    /// The sweep on one thread: every question, then the final one.
    private static func directSweep(_ s: SweepInput, influence: inout [Double], counts: inout PairCounts) {
        var state = DirectSweep(ranks: s.ranks, counts: counts)
        // scratch for the answers of the largest run of deaths at one time
        var mostTied = 0
        var run = 0
        let stop = s.stop, event = s.event
        for r in s.range {
            run = event[r] && r > s.range.lowerBound && event[r - 1] && stop[r - 1] == stop[r] ? run + 1 : (event[r] ? 1 : 0)
            mostTied = max(mostTied, run)
        }
        let tied = UnsafeMutablePointer<Double>.allocate(capacity: 3 * max(1, mostTied))
        defer { tied.deallocate() }
        influence.withUnsafeMutableBufferPointer { inf in
            advance(&state, s, until: s.range.count, part: .both, influence: inf, answers: nil, tied: tied)
            finalQuestion(state, s, influence: inf)
        }
        counts.values = state.c
    }

    /// The direct sweep on two threads: one keeps the tree of rows at risk (the pair counts and
    /// the deaths' answers), the other the tree of deaths (every row's questions to the deaths).
    /// Each tree sees the same additions in the same order as in `directSweep`, so every answer
    /// and the pair counts are the same numbers. The two run side by side a round of rows at a
    /// time (a round ends after a whole run of tied deaths), and after each round a death's
    /// influence is put together as `directSweep` adds it: its own answers, then its question
    /// on joining, then the rest, so the influence is bit-identical too (whatever the weights).
    private static func directSweepInTwo(_ s: SweepInput, influence: inout [Double], counts: inout PairCounts,
                                         roundRows: Int) {
        let m = s.range.count
        let sortStop = s.sortStop, stop = s.stop, event = s.event
        var atRisk = DirectSweep(ranks: s.ranks, counts: counts)
        var deaths = DirectSweep(ranks: s.ranks, counts: PairCounts())
        var capacity = 6 * min(m, max(1, roundRows))
        var buffers = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
        defer { buffers.deallocate() }
        influence.withUnsafeMutableBufferPointer { inf in
            var done = 0
            while done < m {
                var limit = min(m, done + max(1, roundRows))
                while limit < m {
                    let a = Int(sortStop[limit - 1]), b = Int(sortStop[limit])
                    if !(event[a] && event[b] && stop[a] == stop[b]) { break }
                    limit += 1
                }
                var roundDeaths = 0
                for i in done..<limit where event[Int(sortStop[i])] { roundDeaths += 1 }
                if 6 * roundDeaths > capacity {
                    buffers.deallocate()
                    capacity = 6 * roundDeaths
                    buffers = .allocate(capacity: capacity)
                }
                let own = buffers, joining = buffers + 3 * roundDeaths
                // The parts write disjoint memory: their own state, their own answers, and (the
                // deaths part only) the influence of rows other than this round's deaths.
                ParallelChunks.run(parts: 2) { part in
                    if part == 0 {
                        advance(&atRisk, s, until: limit, part: .atRisk, influence: inf, answers: own, tied: nil)
                    } else {
                        advance(&deaths, s, until: limit, part: .deaths, influence: inf, answers: joining, tied: nil)
                    }
                }
                // `influence` holds each death's answers on leaving (this round), added to 0.
                var d = 0
                for i in done..<limit {
                    let row = Int(sortStop[i])
                    if !event[row] { continue }
                    for t in 0..<3 {
                        inf[3 * row + t] = ((0 + own[3 * d + t]) + joining[3 * d + t]) + inf[3 * row + t]
                    }
                    d += 1
                }
                done = limit
            }
            finalQuestion(deaths, s, influence: inf)
        }
        counts.values = atRisk.c
    }

    /// Runs a direct sweep on from `state` until the sweep position reaches `limit`, which must
    /// not fall inside a run of tied deaths (`part`: which questions, see `SweepPart`; `answers`
    /// only for the halves, from its start for this call's deaths; `tied` only for `.both`,
    /// room for the largest run of tied deaths).
    private static func advance(_ state: inout DirectSweep, _ s: SweepInput, until limit: Int, part: SweepPart,
                                influence inf: UnsafeMutableBufferPointer<Double>,
                                answers: UnsafeMutablePointer<Double>?, tied: UnsafeMutablePointer<Double>?) {
        let m = s.range.count
        let rank = s.rank, sortStop = s.sortStop, stop = s.stop, event = s.event, weight = s.weight
        let atRisk = part != .deaths, dead = part != .atRisk
        var answered = 0                                    // deaths written to `answers`
        var c = state.c
        /// A question to the deaths, with `sign` -1 (joining the risk set) or +1 (leaving it).
        @inline(__always) func askDead(_ row: Int, _ sign: Double) {
            let r = Int(rank[row])
            let below = state.trees.below(.dead, r), at = state.trees.at(.dead, r)
            inf[3 * row] += sign * below
            inf[3 * row + 1] += sign * (state.trees.deadTotal - below - at)
            inf[3 * row + 2] += sign * at
        }
        var i = state.i
        var i2 = state.i2
        while i < limit {
            let ii = Int(sortStop[i])
            if !event[ii] {
                if dead { askDead(ii, -1) }
                if atRisk { state.trees.add(.all, Int(rank[ii]), weight[ii]) }
                i += 1
                continue
            }
            if let start = s.start, let sortStart = s.sortStart {
                while i2 < m && start[Int(sortStart[i2])] >= stop[ii] {
                    let jj = Int(sortStart[i2])
                    if dead { askDead(jj, 1) }
                    if atRisk { state.trees.add(.all, Int(rank[jj]), -weight[jj]) }
                    i2 += 1
                }
            }
            var dwt = 0.0, dwt2 = 0.0
            var xsave = rank[ii]
            var j = i
            // The tied deaths are the rows first...first + count - 1, visited by rank; their
            // answers go to a small buffer first and then to the rows in order.
            let first = part == .both ? firstTiedDeath(ii, in: s.range, stop: stop, event: event) : 0
            while j < m && stop[Int(sortStop[j])] == stop[ii] && event[Int(sortStop[j])] {
                let jj = Int(sortStop[j])
                let w = weight[jj]
                let r = Int(rank[jj])
                j += 1
                if !atRisk { state.trees.add(.dead, r, w); continue }
                c[3] += w * dwt
                dwt += w
                if rank[jj] != xsave { dwt2 = 0; xsave = rank[jj] }
                c[4] += w * dwt2
                dwt2 += w
                let below = state.trees.below(.all, r), at = state.trees.at(.all, r)
                let above = state.trees.allTotal - below - at
                c[0] += w * above
                c[1] += w * below
                c[2] += w * at
                if let answers, part == .atRisk {
                    answers[3 * answered] = above
                    answers[3 * answered + 1] = below
                    answers[3 * answered + 2] = at
                    answered += 1
                    continue
                }
                let t = 3 * (jj - first)
                tied![t] = above
                tied![t + 1] = below
                tied![t + 2] = at
                state.trees.add(.dead, r, w)
            }
            if part == .both {
                var t = 0
                while t < 3 * (j - i) {
                    inf[3 * first + t] += tied![t]
                    t += 1
                }
            }

            for k in i..<j {
                let jj = Int(sortStop[k])
                if let answers, part == .deaths {
                    // as askDead(jj, -1) would add it
                    let r = Int(rank[jj])
                    let below = state.trees.below(.dead, r), at = state.trees.at(.dead, r)
                    answers[3 * answered] = -1 * below
                    answers[3 * answered + 1] = -1 * (state.trees.deadTotal - below - at)
                    answers[3 * answered + 2] = -1 * at
                    answered += 1
                } else if dead {
                    askDead(jj, -1)
                }
                if atRisk { state.trees.add(.all, Int(rank[jj]), weight[jj]) }
            }
            i = j
        }
        state.c = c
        state.i = i
        state.i2 = i2
    }

    /// The final question to the finished deaths, for each row still at risk: "below" of every
    /// rank as a running sum, then the rows in order (the influence rows in rank order would be
    /// a cache miss each).
    private static func finalQuestion(_ state: borrowing DirectSweep, _ s: SweepInput,
                                      influence inf: UnsafeMutableBufferPointer<Double>) {
        let m = s.range.count
        // With entry times, the rows that have not left; without, every row.
        var stillAtRisk: [Bool]? = nil
        if let sortStart = s.sortStart {
            var left = [Bool](repeating: false, count: m)
            for i2 in state.i2..<m { left[Int(sortStart[i2]) - s.range.lowerBound] = true }
            stillAtRisk = left
        }
        var belowRank = [Double](repeating: 0, count: s.ranks + 1)
        var below = 0.0
        for r in stride(from: 1, through: s.ranks, by: 1) {
            belowRank[r] = below
            below += state.trees.at(.dead, r)
        }
        let rank = s.rank
        for row in s.range where stillAtRisk?[row - s.range.lowerBound] ?? true {
            let r = Int(rank[row])
            let below = belowRank[r], at = state.trees.at(.dead, r)
            inf[3 * row] += below
            inf[3 * row + 1] += state.trees.deadTotal - below - at
            inf[3 * row + 2] += at
        }
    }

    /// The first row of the run of deaths at `row`'s time (rows are sorted by time, deaths first).
    /// (A function of its own: written inline in `directSweep`, Swift 6.3.1's debug build hangs.)
    private static func firstTiedDeath(_ row: Int, in range: Range<Int>, stop: [Double], event: [Bool]) -> Int {
        var first = row
        while first > range.lowerBound && event[first - 1] && stop[first - 1] == stop[row] { first -= 1 }
        return first
    }

    /// The sweep in two passes over blocks of ranks (see `sweep`).
    private static func blockedSweep(range: Range<Int>, byX: [Int32], ranks: Int, rank: [Int32],
                                     sortStop: [Int32], sortStart: [Int32]?, stop: [Double], start: [Double]?, event: [Bool],
                                     weight: RowWeights, influence: inout [Double], counts: inout PairCounts,
                                     position: inout [Int32], blockBits: Int) {
        let m = range.count
        if position.count < stop.count { position = [Int32](repeating: 0, count: stop.count) }
        for (k, r) in byX.enumerated() { position[Int(r)] = Int32(truncatingIfNeeded: k) }
        let rankX = byX.map { rank[Int($0)] }               // the rank at each position of byX
        let blockCount = (ranks >> blockBits) + 1
        let blockSize = 1 << blockBits
        let counting = start != nil

        // Questions, filed by block in sweep order: byX position << 2 | kind.
        let censoredKind = 0, deathKind = 1, removalKind = 2
        var fill = [Int](repeating: 0, count: blockCount + 1)
        for r in range {
            fill[(Int(rank[r]) >> blockBits) + 1] += 1 + (event[r] ? 1 : 0) + (counting ? 1 : 0)
        }
        for b in 0..<blockCount { fill[b + 1] += fill[b] }
        let firstOfBlock = fill
        var questions = [Int](repeating: 0, count: fill[blockCount])
        var removed = [Bool](repeating: false, count: counting ? m : 0)
        // Two Fenwick trees over blocks (rows at risk, deaths).
        let blockTrees = UnsafeMutablePointer<Double>.allocate(capacity: 2 * (blockCount + 1))
        blockTrees.initialize(repeating: 0, count: 2 * (blockCount + 1))
        defer { blockTrees.deallocate() }
        let allBlocks = blockTrees, deadBlocks = blockTrees + (blockCount + 1)
        var allTotal = 0.0, deadTotal = 0.0
        @inline(__always) func addBlock(_ tree: UnsafeMutablePointer<Double>, _ b: Int, _ w: Double) {
            var i = b + 1
            while i <= blockCount { tree[i] += w; i += i & (-i) }
        }
        @inline(__always) func blocksBelow(_ tree: UnsafeMutablePointer<Double>, _ b: Int) -> Double {
            var s = 0.0
            var i = b
            while i > 0 { s += tree[i]; i &= i - 1 }
            return s
        }

        // Pass 1: the blocks below each rank.
        var c = counts.values
        influence.withUnsafeMutableBufferPointer { inf in
        questions.withUnsafeMutableBufferPointer { questions in
        fill.withUnsafeMutableBufferPointer { fill in
        removed.withUnsafeMutableBufferPointer { removed in
        rank.withUnsafeBufferPointer { rank in
        position.withUnsafeBufferPointer { position in
        event.withUnsafeBufferPointer { event in
        stop.withUnsafeBufferPointer { stop in
        sortStop.withUnsafeBufferPointer { sortStop in
            /// A question to the deaths, with `sign` -1 (joining the risk set) or +1 (leaving it).
            @inline(__always) func askDead(_ row: Int, _ sign: Double, _ kind: Int) {
                let b = Int(rank[row]) &>> blockBits
                let below = blocksBelow(deadBlocks, b)
                inf[3 * row] += sign * below
                inf[3 * row + 1] += sign * (deadTotal - below)
                questions[fill[b]] = Int(position[row]) &<< 2 | kind
                fill[b] += 1
            }
            var i = 0
            var i2 = 0
            while i < m {
                let ii = Int(sortStop[i])
                if !event[ii] {
                    askDead(ii, -1, censoredKind)
                    addBlock(allBlocks, Int(rank[ii]) &>> blockBits, weight[ii])
                    allTotal += weight[ii]
                    i += 1
                    continue
                }
                if let start, let sortStart {
                    while i2 < m && start[Int(sortStart[i2])] >= stop[ii] {
                        let jj = Int(sortStart[i2])
                        askDead(jj, 1, removalKind)
                        removed[Int(position[jj])] = true
                        addBlock(allBlocks, Int(rank[jj]) &>> blockBits, -weight[jj])
                        allTotal -= weight[jj]
                        i2 += 1
                    }
                }
                var dwt = 0.0, dwt2 = 0.0
                var xsave = rank[ii]
                var j = i
                while j < m && stop[Int(sortStop[j])] == stop[ii] && event[Int(sortStop[j])] {
                    let jj = Int(sortStop[j])
                    let w = weight[jj]
                    c[3] += w * dwt
                    dwt += w
                    if rank[jj] != xsave { dwt2 = 0; xsave = rank[jj] }
                    c[4] += w * dwt2
                    dwt2 += w
                    let b = Int(rank[jj]) &>> blockBits
                    let below = blocksBelow(allBlocks, b)
                    let above = allTotal - below
                    c[0] += w * above
                    c[1] += w * below
                    inf[3 * jj] += above
                    inf[3 * jj + 1] += below
                    questions[fill[b]] = Int(position[jj]) &<< 2 | deathKind
                    fill[b] += 1
                    addBlock(deadBlocks, b, w)
                    deadTotal += w
                    j += 1
                }
                for k in i..<j {
                    let jj = Int(sortStop[k])
                    askDead(jj, -1, censoredKind)
                    addBlock(allBlocks, Int(rank[jj]) &>> blockBits, weight[jj])
                    allTotal += weight[jj]
                }
                i = j
            }
        }}}}}}}}}

        // Pass 2: within each block, by position in byX.
        let weightX = byX.map { weight[Int($0)] }
        var byPosition = [Double](repeating: 0, count: 3 * m)
        var trees = RankTrees(size: blockSize)
        var deadBelowBlock = 0.0
        var k = 0                                           // the next position for the final question
        byPosition.withUnsafeMutableBufferPointer { inf in
        questions.withUnsafeBufferPointer { questions in
        rankX.withUnsafeBufferPointer { rankX in
        weightX.withUnsafeBufferPointer { weightX in
            for b in 0..<blockCount {
                trees.clear()
                let firstRank = b &<< blockBits
                for qi in firstOfBlock[b]..<fill[b] {   // (with entry times not every row leaves)
                    let q = questions[qi]
                    let pos = q &>> 2
                    let local = Int(rankX[pos]) - firstRank
                    let w = weightX[pos]
                    switch q & 3 {
                    case censoredKind:
                        let below = trees.below(.dead, local), at = trees.at(.dead, local)
                        inf[3 * pos] -= below
                        inf[3 * pos + 1] += below + at
                        inf[3 * pos + 2] -= at
                        trees.add(.all, local, w)
                    case deathKind:
                        let below = trees.below(.all, local), at = trees.at(.all, local)
                        c[0] -= w * (below + at)
                        c[1] += w * below
                        c[2] += w * at
                        inf[3 * pos] -= below + at
                        inf[3 * pos + 1] += below
                        inf[3 * pos + 2] += at
                        trees.add(.dead, local, w)
                    default:
                        let below = trees.below(.dead, local), at = trees.at(.dead, local)
                        inf[3 * pos] += below
                        inf[3 * pos + 1] -= below + at
                        inf[3 * pos + 2] += at
                        trees.add(.all, local, -w)
                    }
                }
                // The final question to the finished deaths, for the rows still at risk.
                var below = 0.0
                var belowLocal = 0
                while k < m && Int(rankX[k]) &>> blockBits == b {
                    let local = Int(rankX[k]) - firstRank
                    while belowLocal < local { below += trees.at(.dead, belowLocal); belowLocal += 1 }
                    if !counting || !removed[k] {
                        let at = trees.at(.dead, local)
                        inf[3 * k] += deadBelowBlock + below
                        inf[3 * k + 1] += deadTotal - (deadBelowBlock + below) - at
                        inf[3 * k + 2] += at
                    }
                    k += 1
                }
                deadBelowBlock += trees.deadTotal
            }
        }}}}
        influence.withUnsafeMutableBufferPointer { inf in
            byPosition.withUnsafeBufferPointer { byPosition in
                for (pos, r) in byX.enumerated() {
                    let row = Int(r)
                    inf[3 * row] += byPosition[3 * pos]
                    inf[3 * row + 1] += byPosition[3 * pos + 1]
                    inf[3 * row + 2] += byPosition[3 * pos + 2]
                }
            }
        }
        counts.values = c
    }

    /// Two Fenwick trees of weights over indices 0..<size, the rows at risk and the deaths, each
    /// with the weight at every index: "how much weight lies below, and at, this index".
    ///
    /// `below` remembers its answer per index until the next `add` to that tree: the sweep asks
    /// the same question for many rows in a row (rows of one time with equal ranks, while the
    /// other tree changes), and the remembered answer is the same sum.
    private struct RankTrees: ~Copyable {
        enum Tree { case all, dead }

        private let size: Int
        /// [all tree | dead tree | all at | dead at], the trees 1-based.
        private let storage: UnsafeMutablePointer<Double>
        /// Remembered `below` answers: [all | dead], with the tree's version they were made at.
        private let memo: UnsafeMutablePointer<Double>
        private let memoVersion: UnsafeMutablePointer<Int>
        /// Bumped by every change of the tree (0 never matches: the memo starts at -1).
        private var allVersion = 0
        private var deadVersion = 0
        private(set) var allTotal = 0.0
        private(set) var deadTotal = 0.0

        init(size: Int) {
            self.size = size
            storage = .allocate(capacity: 4 * (size + 1))
            storage.initialize(repeating: 0, count: 4 * (size + 1))
            memo = .allocate(capacity: 2 * (size + 1))
            memo.initialize(repeating: 0, count: 2 * (size + 1))
            memoVersion = .allocate(capacity: 2 * (size + 1))
            memoVersion.initialize(repeating: -1, count: 2 * (size + 1))
        }

        deinit {
            storage.deallocate()
            memo.deallocate()
            memoVersion.deallocate()
        }

        mutating func clear() {
            storage.update(repeating: 0, count: 4 * (size + 1))
            allTotal = 0
            deadTotal = 0
            allVersion += 1
            deadVersion += 1
        }

        @inline(__always)
        mutating func add(_ tree: Tree, _ index: Int, _ w: Double) {
            let t = tree == .all ? storage : storage + (size + 1)
            let at = tree == .all ? storage + 2 * (size + 1) : storage + 3 * (size + 1)
            at[index] += w
            if tree == .all { allTotal += w; allVersion += 1 } else { deadTotal += w; deadVersion += 1 }
            var i = index + 1
            while i <= size { t[i] += w; i += i & (-i) }
        }

        /// The weight at indices below `index`.
        @inline(__always)
        func below(_ tree: Tree, _ index: Int) -> Double {
            let slot = tree == .all ? index : size + 1 + index
            let version = tree == .all ? allVersion : deadVersion
            if memoVersion[slot] == version { return memo[slot] }
            let t = tree == .all ? storage : storage + (size + 1)
            var s = 0.0
            var i = index
            while i > 0 { s += t[i]; i &= i - 1 }
            memo[slot] = s
            memoVersion[slot] = version
            return s
        }

        @inline(__always)
        func at(_ tree: Tree, _ index: Int) -> Double {
            (tree == .all ? storage + 2 * (size + 1) : storage + 3 * (size + 1))[index]
        }
    }
}
