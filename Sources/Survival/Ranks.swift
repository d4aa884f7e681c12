/// Ranks with ties averaged, as R's `rank(x)` (ties.method = "average"), and the sizes of the tie
/// groups, as `table(x)` counts them — the inputs of the rank tests' tie corrections.
///
/// Values are compared with `==` semantics through sorting, exactly as R compares doubles. NaN
/// values should be removed by the caller (the tests drop them as R's `complete.cases` /
/// `is.finite` filters do); any left are ranked last, each in a group of its own.
public enum Ranks {
    /// The 1-based average rank of every element, in input order.
    public static func average(_ values: [Double]) -> [Double] {
        // NaN sorts last (a strict weak order even then), so stray NaN cannot upset the sort.
        let order = values.indices.sorted { precedes(values[$0], values[$1]) }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            // Positions start...end (0-based) share the mean of ranks start+1 ... end+1.
            let rank = Double(start + end + 2) / 2
            for k in start...end { ranks[order[k]] = rank }
            start = end + 1
        }
        return ranks
    }

    /// The sizes of the groups of equal values (1 for an untied value), in increasing value order.
    public static func tieGroupSizes(_ values: [Double]) -> [Int] {
        let sorted = values.sorted(by: precedes)
        var sizes: [Int] = []
        var start = 0
        while start < sorted.count {
            var end = start
            while end + 1 < sorted.count && sorted[end + 1] == sorted[start] { end += 1 }
            sizes.append(end - start + 1)
            start = end + 1
        }
        return sizes
    }

    private static func precedes(_ a: Double, _ b: Double) -> Bool {
        a < b || (!a.isNaN && b.isNaN)
    }

    /// Σ (t³ − t) over tie groups, the correction term of the Wilcoxon and Kruskal–Wallis variances.
    static func tieCorrection(_ values: [Double]) -> Double {
        tieGroupSizes(values).reduce(0.0) { sum, t in
            let size = Double(t)
            return sum + (size * size * size - size)
        }
    }
}
