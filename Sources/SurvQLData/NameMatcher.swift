import SurvQLSyntax

/// "Did you mean" suggestions: case-insensitive Levenshtein distance between names.
public enum NameMatcher {
    /// The edit distance between `a` and `b`: Levenshtein's insertions, deletions and
    /// substitutions plus transpositions of adjacent characters (the optimal-string-alignment
    /// variant, so the typo `ecgo` is one edit from `ecog`), compared case-insensitively by
    /// Unicode scalar.
    public static func distance(_ a: String, _ b: String) -> Int {
        // One implementation for the whole project: the syntax module's.
        Suggestions.distance(a, b)
    }

    /// The candidates nearest to `name`, best first, at most `limit` of them.
    ///
    /// A candidate qualifies when its distance is at most `maxDistance`, or by default at most
    /// a third of the longer name's length (at least 1), so short typos match and unrelated
    /// names do not. An exact case-insensitive match is never suggested. Ties keep candidate order.
    public static func nearest(to name: String, in candidates: [String], limit: Int = 3,
                               maxDistance: Int? = nil) -> [String] {
        let lowered = name.lowercased()
        var scored: [(distance: Int, index: Int)] = []
        for (i, c) in candidates.enumerated() {
            let cl = c.lowercased()
            if cl == lowered { continue }
            let d = distance(lowered, cl)
            let bound = maxDistance ?? max(1, max(lowered.count, cl.count) / 3)
            if d <= bound { scored.append((d, i)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.index < $1.index }
        var seen = Set<String>()
        var out: [String] = []
        for s in scored where out.count < max(0, limit) {
            if seen.insert(candidates[s.index]).inserted { out.append(candidates[s.index]) }
        }
        return out
    }
}
