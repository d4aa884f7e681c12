/// The changed runs of lines between two texts, so a formatting answer is a few small edits
/// (the cursor and unchanged lines stay put) and a range-formatting answer keeps only the runs
/// that touch the range. Lines keep their terminators.
struct LineDiff {
    /// Old lines `old` are replaced by new lines `new`.
    struct Hunk: Equatable {
        var old: Range<Int>
        var new: Range<Int>
    }

    /// The hunks turning `a` into `b`: a longest-common-subsequence diff when the sizes allow
    /// (up to 4 million cell comparisons), else one hunk between the common prefix and suffix.
    static func hunks(_ a: [Substring], _ b: [Substring]) -> [Hunk] {
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let a0 = Array(a[prefix..<(a.count - suffix)]), b0 = Array(b[prefix..<(b.count - suffix)])
        if a0.isEmpty && b0.isEmpty { return [] }
        let n = a0.count, m = b0.count
        guard n > 0, m > 0, n * m <= 4_000_000 else {
            return [Hunk(old: prefix..<(prefix + n), new: prefix..<(prefix + m))]
        }
        // lcs[i][j]: length of the LCS of a0[i...] and b0[j...], in one flat array.
        var lcs = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i * (m + 1) + j] = a0[i] == b0[j] ? lcs[(i + 1) * (m + 1) + j + 1] + 1 : max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1])
            }
        }
        var hunks: [Hunk] = []
        var i = 0, j = 0, startI = 0, startJ = 0
        func close() {
            guard startI < i || startJ < j else { return }
            if i - startI == j - startJ {
                // As many lines out as in: pair them, one hunk per changed line.
                for k in 0..<(i - startI) where a0[startI + k] != b0[startJ + k] {
                    hunks.append(Hunk(old: (prefix + startI + k)..<(prefix + startI + k + 1), new: (prefix + startJ + k)..<(prefix + startJ + k + 1)))
                }
            } else {
                hunks.append(Hunk(old: (prefix + startI)..<(prefix + i), new: (prefix + startJ)..<(prefix + j)))
            }
        }
        while i < n || j < m {
            if i < n && j < m && a0[i] == b0[j] {
                close()
                i += 1; j += 1
                startI = i; startJ = j
            } else if j < m && (i == n || lcs[i * (m + 1) + j + 1] >= lcs[(i + 1) * (m + 1) + j]) {
                j += 1
            } else {
                i += 1
            }
        }
        close()
        return hunks
    }

    /// `text` split into lines that keep their `\n`.
    static func lines(_ text: Substring) -> [Substring] {
        var out: [Substring] = []
        var start = text.startIndex
        for i in text.indices where text[i] == "\n" {
            out.append(text[start...i])
            start = text.index(after: i)
        }
        if start < text.endIndex { out.append(text[start...]) }
        return out
    }
}
