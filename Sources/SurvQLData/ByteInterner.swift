/// Interns byte strings: each distinct byte sequence gets a dense code (0, 1, 2, ... in order of
/// first appearance) without allocating a `String` per cell.
///
/// Open addressing with linear probing over a power-of-two slot table, grown at half load;
/// the distinct byte strings live back to back in one pool.
struct ByteInterner {
    private var pool: [UInt8] = []
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    private var slots: [Int32] = [Int32](repeating: -1, count: 64)

    /// The number of distinct strings seen.
    var count: Int { hashes.count }

    /// The code of the bytes, adding them when new.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
        let h = ByteInterner.hash(p, n)
        var mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let code = slots[s]
            if code < 0 { break }
            let c = Int(code)
            if hashes[c] == h, offsets[c + 1] - offsets[c] == n, equal(c, p, n) { return code }
            s = (s + 1) & mask
        }
        let code = Int32(hashes.count)
        hashes.append(h)
        pool.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        offsets.append(pool.count)
        slots[s] = code
        if hashes.count * 2 > slots.count {
            grow()
            mask = slots.count - 1
        }
        return code
    }

    /// Convenience for a byte array.
    mutating func intern(_ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBufferPointer { b in
            // An empty array may have no base address; intern a zero-length string at a dummy pointer.
            if let base = b.baseAddress { return intern(base, b.count) }
            var zero: UInt8 = 0
            return withUnsafePointer(to: &zero) { intern($0, 0) }
        }
    }

    private func equal(_ c: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        pool.withUnsafeBufferPointer { b in
            let start = offsets[c]
            var k = 0
            while k < n {
                if b[start + k] != p[k] { return false }
                k += 1
            }
            return true
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [Int32](repeating: -1, count: size)
        let mask = size - 1
        for (c, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h) & mask
            while fresh[s] >= 0 { s = (s + 1) & mask }
            fresh[s] = Int32(c)
        }
        slots = fresh
    }

    /// The interned strings as `String`s, by code (invalid UTF-8 is repaired with U+FFFD).
    func strings() -> [String] {
        pool.withUnsafeBufferPointer { b in
            (0..<count).map { c in
                let s = offsets[c], e = offsets[c + 1]
                return String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
            }
        }
    }

    /// A fast 64-bit hash of a short byte string (word-at-a-time multiply-xorshift).
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { w |= UInt64(p[i]) << shift; shift += 8; i += 1 }
            h = (h ^ w) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 29
        }
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }
}
