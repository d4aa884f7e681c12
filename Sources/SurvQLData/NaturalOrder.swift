/// Numeric-aware ("natural") string ordering: runs of ASCII digits compare by their numeric
/// value, everything else byte by byte, so `Stage 2` sorts before `Stage 10` and `IIA` before `IIB`.
///
/// Ties between strings that differ only in leading zeros are broken byte-wise so the order is total.
public enum NaturalOrder {
    /// Whether `a` sorts before `b`.
    public static func less(_ a: String, _ b: String) -> Bool {
        compare(Array(a.utf8), Array(b.utf8)) < 0
    }

    /// Three-way comparison of two UTF-8 byte strings: negative, zero or positive.
    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let ca = a[i], cb = b[j]
            if isDigit(ca), isDigit(cb) {
                // Compare digit runs by value: skip leading zeros, then longer run is bigger.
                var si = i, sj = j
                while si < a.count, a[si] == 0x30 { si += 1 }
                while sj < b.count, b[sj] == 0x30 { sj += 1 }
                var ei = si, ej = sj
                while ei < a.count, isDigit(a[ei]) { ei += 1 }
                while ej < b.count, isDigit(b[ej]) { ej += 1 }
                if ei - si != ej - sj { return (ei - si) - (ej - sj) }
                var k = 0
                while k < ei - si {
                    if a[si + k] != b[sj + k] { return Int(a[si + k]) - Int(b[sj + k]) }
                    k += 1
                }
                i = ei
                j = ej
                continue
            }
            if ca != cb { return Int(ca) - Int(cb) }
            i += 1
            j += 1
        }
        if (a.count - i) != (b.count - j) { return (a.count - i) - (b.count - j) }
        // Equal under the natural order (e.g. "01" and "1"): fall back to bytes for a total order.
        return a.lexicographicallyPrecedes(b) ? -1 : (a == b ? 0 : 1)
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Sorts `levels` in natural order and rewrites `codes` to match.
    static func sortLevels(codes: [Int32], levels: [String]) -> ([Int32], [String]) {
        let (remap, sorted) = order(levels)
        var out = codes
        for i in out.indices where out[i] >= 0 { out[i] = remap[Int(out[i])] }
        return (out, sorted)
    }

    /// `levels` in natural order, and each old index's new one.
    static func order(_ levels: [String]) -> (remap: [Int32], sorted: [String]) {
        let bytes = levels.map { Array($0.utf8) }
        let order = levels.indices.sorted { compare(bytes[$0], bytes[$1]) < 0 }
        var remap = [Int32](repeating: -1, count: levels.count)
        for (newIndex, old) in order.enumerated() { remap[old] = Int32(newIndex) }
        return (remap, order.map { levels[$0] })
    }
}
