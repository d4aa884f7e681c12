/// Interns byte strings: each distinct byte sequence gets a dense code (0, 1, 2, ... in order of
/// first appearance) without allocating a `String` per cell.
///
/// Open addressing with linear probing over a power-of-two slot table, grown at half load;
/// the distinct byte strings live back to back in one pool.
struct ByteInterner {
    private var pool: [UInt8] = []
    private var offsets: [Int] = [0]
    /// Slot: 0 when empty, else the high 32 bits of the hash (a tag that spares most byte
    /// comparisons and a second cache miss) above `code + 1`.
    private var slots: [UInt64] = [UInt64](repeating: 0, count: 64)
    private(set) var count = 0

    /// The code of the bytes, adding them when new.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
        intern(p, n, hash: ByteInterner.hash(p, n))
    }

    /// The slot word where a string with hash `h` is looked up first. A caller with many strings
    /// to intern reads these for all of them before interning any: the table's cache misses then
    /// overlap instead of coming one at a time.
    @inline(__always)
    func firstSlot(hash h: UInt64) -> UInt64 {
        slots.withUnsafeBufferPointer { $0[Int(truncatingIfNeeded: h) & ($0.count - 1)] }
    }

    /// The code of the bytes, whose `hash(p, n)` is `h`, adding them when new.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64) -> Int32 {
        let tag = h & 0xFFFF_FFFF_0000_0000
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[s]
            if slot == 0 { break }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let c = Int(slot & 0xFFFF_FFFF) - 1
                if offsets[c + 1] - offsets[c] == n, equal(c, p, n) { return Int32(c) }
            }
            s = (s + 1) & mask
        }
        let code = count
        count += 1
        pool.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        offsets.append(pool.count)
        slots[s] = tag | UInt64(code + 1)
        if count * 2 > slots.count { grow(to: slots.count * 2) }
        return Int32(truncatingIfNeeded: code)
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

    /// Makes room for `n` distinct strings without further rehashing.
    mutating func reserve(_ n: Int) {
        var size = slots.count
        while n * 2 > size { size *= 2 }
        if size > slots.count { grow(to: size) }
    }

    /// Rebuilds the slot table at `size` (a power of two), rehashing every string from the pool.
    private mutating func grow(to size: Int) {
        var fresh = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        pool.withUnsafeBufferPointer { b in
            let base = b.baseAddress ?? UnsafePointer(bitPattern: 1)!
            for c in 0..<count {
                let h = ByteInterner.hash(base + offsets[c], offsets[c + 1] - offsets[c])
                var s = Int(truncatingIfNeeded: h) & mask
                while fresh[s] != 0 { s = (s + 1) & mask }
                fresh[s] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(c + 1)
            }
        }
        slots = fresh
    }

    /// Calls `body` with the bytes of `code`.
    func withBytes<R>(of code: Int, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        pool.withUnsafeBufferPointer { b in
            let start = offsets[code]
            let base = b.baseAddress ?? UnsafePointer(bitPattern: 1)!
            return body(base + start, offsets[code + 1] - start)
        }
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
            if n >= 8 {
                // the last eight bytes, overlapping the previous word
                w = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            } else {
                var shift: UInt64 = 0
                while i < n { w |= UInt64(p[i]) << shift; shift += 8; i += 1 }
            }
            h = (h ^ w) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 29
        }
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }
}
