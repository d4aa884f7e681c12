extension NearestNeighborMatcher {
    /// Why a treated unit received fewer controls than `ratio`.
    public enum UnmatchedReason: Sendable, Equatable {
        /// No control was left in its exact cell (or in the whole sample without exact matching).
        case noControlAvailable
        /// Controls were left, but the nearest on each side lay outside the caliper.
        case noControlWithinCaliper

        public var message: String {
            switch self {
            case .noControlAvailable: return "no control left in its exact cell"
            case .noControlWithinCaliper: return "no control within the caliper"
            }
        }
    }

    /// Conditions reported with the result; the R texts are MatchIt's warnings and errors.
    public enum Diagnostic: Sendable, Equatable {
        case invalidInput(String)
        case noTreated
        case noControls
        /// R: `stop("No matches were found.")` — no exact cell holds both groups.
        case noCommonExactCell
        case fewerControlsInSomeCells
        case fewerControlsThanTreated
        case notAllTreatedGetRatio(Int)
        /// The distance has fewer than 2 distinct values, so the caliper was dropped.
        case caliperIgnored
        /// R: `stop("No units were matched.")`.
        case noUnitsMatched

        /// True for conditions under which R stops with an error instead of returning a match.
        public var isError: Bool {
            switch self {
            case .invalidInput, .noTreated, .noControls, .noCommonExactCell, .noUnitsMatched: return true
            default: return false
            }
        }

        public var message: String {
            switch self {
            case let .invalidInput(s): return s
            case .noTreated: return "there are no treated units to match"
            case .noControls: return "there are no control units to match"
            case .noCommonExactCell: return "No matches were found."
            case .fewerControlsInSomeCells:
                return "Fewer control units than treated units in some 'exact' strata; not all treated units will get a match."
            case .fewerControlsThanTreated:
                return "Fewer control units than treated units; not all treated units will get a match."
            case let .notAllTreatedGetRatio(k): return "Not all treated units will get \(k) matches."
            case .caliperIgnored: return "the distance takes fewer than 2 distinct values; the caliper was ignored"
            case .noUnitsMatched: return "No units were matched."
            }
        }
    }

    /// Unit counts, as the "All" and "Matched" rows of `summary(m)$nn`.
    public struct Counts: Sendable, Equatable {
        public var treated: Int
        public var controls: Int
        public var matchedTreated: Int
        public var matchedControls: Int
    }

    /// The outcome of a match. Unit indices are 0-based row numbers of the input.
    public struct Result: Sendable {
        /// Treated rows in data order (the rows of R's `match.matrix`).
        public var treatedRows: [Int]
        /// For each entry of ``treatedRows``, its matched control rows in the order chosen
        /// (column order of `match.matrix`); empty when unmatched.
        public var matchedControls: [[Int]]
        /// For each entry of ``treatedRows``: why it has fewer than `ratio` controls, or nil.
        public var shortfallReasons: [UnmatchedReason?]
        /// ATT matching weight of every unit (`m$weights`); 0 for unmatched units.
        public var weights: [Double]
        /// Matched set of every unit (`m$subclass`), 1-based; nil for unmatched units and always
        /// nil with replacement (R's `subclass` is NULL then). Built on each call from
        /// ``setId(of:)``'s storage: one unit's set is best read with that.
        public var setIds: [Int?] { setNumbers.map { $0 == 0 ? nil : Int($0) } }
        /// ``setIds`` as stored: the set of each unit, 0 for none (a quarter of the memory of
        /// `[Int?]`; at most one set per treated unit, so the numbers fit as units do).
        private var setNumbers: [Int32]
        /// Caliper width on the distance scale, when a caliper was applied.
        public var caliperWidth: Double?
        public var counts: Counts
        public var diagnostics: [Diagnostic]
        /// True when `isCancelled` stopped the matching; the rest of the result is then incomplete.
        public var cancelled = false
        /// The stable ascending order of the distance when the matcher sorted all units by it
        /// (`MatchBalance.stableOrder` of its sortable bits), for the balance table to reuse.
        var distanceOrder: [Int32]? = nil

        /// The matched set of `unit` (`m$subclass`), 1-based; nil when it has none.
        public func setId(of unit: Int) -> Int? {
            let s = setNumbers[unit]
            return s == 0 ? nil : Int(s)
        }

        /// True when R would have stopped with an error rather than returned a match.
        public var failed: Bool { diagnostics.contains { $0.isError } }

        init(unitCount n: Int, treated: [Bool]) {
            treatedRows = treated.indices.filter { treated[$0] }
            matchedControls = Array(repeating: [], count: treatedRows.count)
            shortfallReasons = Array(repeating: nil, count: treatedRows.count)
            weights = [Double](repeating: 0, count: n)
            setNumbers = [Int32](repeating: 0, count: n)
            caliperWidth = nil
            counts = Counts(treated: treatedRows.count, controls: treated.count - treatedRows.count,
                            matchedTreated: 0, matchedControls: 0)
            diagnostics = []
        }

        /// Drops the per-unit weights and set numbers (all zero until ``finish(treatedMatches:treatedReasons:treated:replace:)``,
        /// which makes them again), so that a search that ends in `finish` does not hold them.
        mutating func deferUnitArrays() {
            weights = []
            setNumbers = []
        }

        /// Fills weights, set ids and counts from the per-row matches (`weights_matrixC`,
        /// `mm2subclass`).
        mutating func finish(matches: [[Int]], reasons: [UnmatchedReason?], treated: [Bool], replace: Bool) {
            finish(treatedMatches: treatedRows.map { matches[$0] }, treatedReasons: treatedRows.map { reasons[$0] },
                   treated: treated, replace: replace)
        }

        /// ``finish(matches:reasons:treated:replace:)`` given the matches and reasons of each
        /// entry of ``treatedRows`` (rather than of each row).
        mutating func finish(treatedMatches: [[Int]], treatedReasons: [UnmatchedReason?], treated: [Bool], replace: Bool) {
            matchedControls = treatedMatches
            shortfallReasons = treatedReasons
            if setNumbers.count != treated.count { setNumbers = [Int32](repeating: 0, count: treated.count) }
            // The weights' storage (zeros until now) is reused rather than a second array made.
            var w = weights
            weights = []
            if w.count == treated.count { for i in w.indices { w[i] = 0 } } else { w = [Double](repeating: 0, count: treated.count) }
            for (t, cs) in zip(treatedRows, matchedControls) where !cs.isEmpty {
                let share = 1.0 / Double(cs.count)
                for c in cs { w[c] += share }
                w[t] += 1
            }
            var controlSum = 0.0
            var controlPositive = 0
            for i in w.indices where !treated[i] && w[i] > 0 {
                controlSum += w[i]
                controlPositive += 1
            }
            if controlSum > 0 {
                let scale = Double(controlPositive) / controlSum
                for i in w.indices where !treated[i] { w[i] *= scale }
            }
            weights = w
            counts.matchedTreated = treatedRows.filter { w[$0] > 0 }.count
            counts.matchedControls = controlPositive
            if counts.matchedTreated == 0 { diagnostics.append(.noUnitsMatched) }

            if !replace {
                // R numbers subclasses by factor levels of the treated row numbers as strings.
                let matchedTreated = zip(treatedRows, matchedControls).filter { !$0.1.isEmpty }
                let ordered = NearestNeighborMatcher.decimalStringOrder(matchedTreated.map { $0.0 + 1 }).map { matchedTreated[$0] }
                for (id, pair) in ordered.enumerated() {
                    let number = Int32(id + 1)
                    setNumbers[pair.0] = number
                    for c in pair.1 { setNumbers[c] = number }
                }
            }
        }
    }
}
