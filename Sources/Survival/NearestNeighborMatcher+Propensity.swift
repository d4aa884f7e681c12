extension NearestNeighborMatcher {
    /// The scale of the propensity-score distance (MatchIt's `link`).
    public enum DistanceScale: Sendable, Equatable {
        /// Fitted probability (`link = "logit"`, the default).
        case probability
        /// Linear predictor, the logit (`link = "linear.logit"`).
        case logit
    }

    /// A propensity model, the match on it, and the balance summary.
    public struct PropensityMatch: Sendable {
        /// The logistic propensity model `treat ~ covariates`.
        public var model: LogisticRegression
        /// The distance used for matching (`m$distance`).
        public var distance: [Double]
        public var result: Result
        /// Balance of the covariates (and exact variables not among them); nil when matching failed.
        public var balance: MatchBalance?
    }

    /// `matchit(treat ~ covariates, method = "nearest", distance = "glm", exact = ~exact, ...)`
    /// followed by `summary()`: fits the logistic propensity score with treatment contrasts,
    /// matches on it (probability or logit scale), and tabulates balance. Exact variables that
    /// are not covariates are appended to the balance table, as MatchIt does.
    public func matchOnPropensity(treated: [Bool], covariates: [DesignMatrix.Covariate],
                                  exact: [DesignMatrix.Covariate] = [],
                                  scale: DistanceScale = .probability) -> PropensityMatch {
        let n = treated.count
        let model = LogisticRegression(binaryResponse: treated, design: DesignMatrix(modelColumnsFor: covariates),
                                       threads: threads, isCancelled: isCancelled, keepsLinearPredictor: scale == .logit)
        let distance = scale == .probability ? model.fittedProbabilities : model.linearPredictor
        if let problem = model.inputProblem {
            var r = Result(unitCount: n, treated: treated)
            r.diagnostics.append(.invalidInput("propensity model: " + problem.message))
            return PropensityMatch(model: model, distance: distance, result: r, balance: nil)
        }
        if isCancelled?() == true {
            var r = Result(unitCount: n, treated: treated)
            r.cancelled = true
            return PropensityMatch(model: model, distance: distance, result: r, balance: nil)
        }
        let names = Set(covariates.map(\.name))
        let balanceCovariates = covariates + exact.filter { !names.contains($0.name) }
        // The cell codes are needed only while matching.
        var cells = exact.isEmpty ? nil : NearestNeighborMatcher.exactCells(exact, count: n)
        var result: Result
        var prepared: MatchBalance.Prepared? = nil
        if MatchBalance.usesSecondThread(units: n, threads: threads) {
            // The search runs on one thread; the balance table's work that does not depend on the
            // match (orders and unmatched rows of the numeric covariates, at most 2^22 units of
            // orders) runs meanwhile on another.
            result = Result(unitCount: 0, treated: [])       // made by part 0
            ParallelChunks.run(parts: 2) { part in
                if part == 0 {
                    result = match(distance: distance, treated: treated, exactCells: cells.take())
                } else {
                    prepared = MatchBalance.Prepared(balanceCovariates: balanceCovariates, treated: treated,
                                                     unitBudget: 1 << 22)
                }
            }
        } else {
            result = match(distance: distance, treated: treated, exactCells: cells.take())
        }
        // The distance's order goes to the balance table, which drops it after its first rows.
        let distanceOrder = result.distanceOrder
        result.distanceOrder = nil
        if result.cancelled || isCancelled?() == true {
            var r = result
            r.cancelled = true
            return PropensityMatch(model: model, distance: distance, result: r, balance: nil)
        }
        let balance = result.failed ? nil : MatchBalance(balanceCovariates: balanceCovariates,
                                                         distance: distance, treated: treated, match: result,
                                                         threads: threads, distanceOrder: consume distanceOrder,
                                                         prepared: consume prepared)
        return PropensityMatch(model: model, distance: distance, result: result, balance: balance)
    }

    /// One integer cell code per unit for the joint levels of the exact variables (numeric
    /// variables by distinct value). Codes are dense, in order of first appearance; a row with a
    /// missing value (NaN or an invalid code) gets its own cell per distinct pattern. Empty when
    /// `n` is beyond what 32-bit codes number (which ``match(distance:treated:exactCells:)``
    /// reports).
    public static func exactCells(_ variables: [DesignMatrix.Covariate], count n: Int) -> [Int32] {
        guard n < Int(Int32.max) else { return [] }
        // Each variable's value as a small id (0 for missing), combined into one integer per row
        // (mixed radix); numbering the combined keys by first appearance gives the same cells as
        // numbering the tuples, since the combination is one-to-one. The keys are numbered in
        // place, so the cells take one 32-bit array.
        var combined = [Int32](repeating: 0, count: n)
        var span = 1
        var fits = true
        for v in variables where fits {
            switch v {
            case let .categorical(_, codes, levels):
                let radix = levels.count + 1
                let (product, overflow) = span.multipliedReportingOverflow(by: radix)
                if overflow || product > Int(Int32.max) { fits = false; break }
                span = product
                let r = Int32(radix)
                for i in 0..<n {
                    let c = i < codes.count ? Int(codes[i]) : -1
                    combined[i] = combined[i] * r + (c >= 0 && c < levels.count ? Int32(c + 1) : 0)
                }
            case .numeric, .integers:
                _ = v.withNumbers { count, value in
                    // Ids by first appearance, then the combination in a second pass.
                    var seen: [Double: Int32] = [:]
                    for i in 0..<min(n, count) where !value(i).isNaN && seen[value(i)] == nil {
                        seen[value(i)] = Int32(truncatingIfNeeded: seen.count + 1)    // at most n < Int32.max
                    }
                    let (product, overflow) = span.multipliedReportingOverflow(by: seen.count + 1)
                    if overflow || product > Int(Int32.max) { fits = false; return }
                    span = product
                    let r = Int32(seen.count + 1)
                    for i in 0..<n {
                        let x = i < count ? value(i) : .nan
                        combined[i] = combined[i] * r + (x.isNaN ? 0 : seen[x]!)
                    }
                }
            }
        }
        if fits {
            var cells: Int32 = 0
            if span <= 4 * n + 64 {
                var cellOf = [Int32](repeating: -1, count: span)
                for i in 0..<n {
                    let key = Int(combined[i])
                    if cellOf[key] < 0 { cellOf[key] = cells; cells += 1 }
                    combined[i] = cellOf[key]
                }
            } else {
                var cellOf: [Int32: Int32] = [:]
                for i in 0..<n {
                    if let c = cellOf[combined[i]] { combined[i] = c } else { cellOf[combined[i]] = cells; combined[i] = cells; cells += 1 }
                }
            }
            return combined
        }
        combined = []
        var keys = [[Int]](repeating: [], count: n)
        for v in variables {
            switch v {
            case let .categorical(_, codes, levels):
                for i in 0..<n {
                    let c = i < codes.count ? Int(codes[i]) : -1
                    keys[i].append(c >= 0 && c < levels.count ? c : -1)
                }
            case .numeric, .integers:
                _ = v.withNumbers { count, value in
                    var ids: [Double: Int] = [:]
                    for i in 0..<n {
                        let x = i < count ? value(i) : .nan
                        if x.isNaN { keys[i].append(-1); continue }
                        if ids[x] == nil { ids[x] = ids.count }
                        keys[i].append(ids[x]!)
                    }
                }
            }
        }
        var cellOf: [[Int]: Int32] = [:]
        return keys.map { key in
            if let c = cellOf[key] { return c }
            let c = Int32(truncatingIfNeeded: cellOf.count)     // at most n < Int32.max cells
            cellOf[key] = c
            return c
        }
    }
}
