/// "Did you mean" suggestions by edit distance, shared by the parser (keywords), the checker
/// (cohort names, options) and the runtime (columns, genes).
public enum Suggestions {
    /// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions),
    /// compared case-insensitively.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev2 = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { v = min(v, prev2[j - 2] + 1) }
                cur[j] = v
            }
            prev2 = prev
            prev = cur
        }
        return prev[y.count]
    }

    /// The candidates close enough to `word` to suggest, best first (at most `limit`).
    /// "Close enough" is an edit distance of at most a third of the word's length (at least 1),
    /// or a case-insensitive prefix match of at least 3 characters.
    public static func closest(to word: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let w = word.lowercased()
        let maxDistance = max(1, w.count / 3)
        var scored: [(String, Int)] = []
        var seen = Set<String>()
        for c in candidates {
            let lc = c.lowercased()
            if lc == w || seen.contains(lc) { continue }
            let d = distance(w, lc)
            if d <= maxDistance {
                scored.append((c, d)); seen.insert(lc)
            } else if w.count >= 3, lc.hasPrefix(w) || w.hasPrefix(lc) && lc.count >= 3 {
                scored.append((c, maxDistance + 1)); seen.insert(lc)
            }
        }
        scored.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        return scored.prefix(limit).map(\.0)
    }

    /// `; did you mean 'x'?` or `; did you mean 'x' or 'y'?`, or "" when nothing is close.
    public static func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String {
        let c = closest(to: word, in: candidates, limit: 2)
        switch c.count {
        case 0: return ""
        case 1: return "; did you mean '\(c[0])'?"
        default: return "; did you mean '\(c[0])' or '\(c[1])'?"
        }
    }
}
