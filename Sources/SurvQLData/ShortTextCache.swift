/// A small direct-mapped cache from a short text cell (at most eight bytes) to its code in a
/// column's `ByteInterner`, for columns with few distinct values (sex, arm, stage): a hit costs one
/// unaligned load and two compares instead of the missing-marker check, a hash, a probe and a byte
/// comparison.
///
/// It only ever holds codes the interner gave for non-missing cells, so a column's codes come out
/// exactly as interning every cell would give them.
struct ShortTextCache {
    /// Per slot: the key of the cell (see `key`), and its length above its code (length 0: empty).
    private var slots: [UInt64]
    /// Slots in the table (a power of two).
    private static let size = 64
    /// The interner size up to which a column uses the cache: beyond it, slots would collide.
    static let maxLevels = 32

    /// The empty table every cache starts with, shared until its first insert copies it (a file
    /// may have thousands of columns, most never using their cache).
    private static let empty = [UInt64](repeating: 0, count: 2 * ShortTextCache.size)

    init() { slots = ShortTextCache.empty }

    /// The key of the `n` bytes (1...8) ending at `end`: the eight bytes ending there with those
    /// before the cell zeroed. The eight bytes before `end` must be readable.
    @inline(__always)
    static func key(end: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        let word = UInt64(littleEndian: UnsafeRawPointer(end - 8).loadUnaligned(as: UInt64.self))
        return word & (~0 << UInt64(8 * (8 - n)))
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ n: Int) -> Int {
        Int(truncatingIfNeeded: ((key ^ UInt64(n)) &* 0x9E37_79B9_7F4A_7C15) >> 58) * 2
    }

    /// The code of the cell with this key and length (1...8), when cached.
    @inline(__always)
    func code(_ key: UInt64, _ n: Int) -> Int32? {
        let s = ShortTextCache.slot(key, n)
        return slots.withUnsafeBufferPointer { b in
            b[s] == key && b[s + 1] >> 32 == UInt64(n) ? Int32(truncatingIfNeeded: b[s + 1]) : nil
        }
    }

    /// Caches the code (from the interner) of a non-missing cell with this key and length (1...8).
    @inline(__always)
    mutating func insert(_ key: UInt64, _ n: Int, code: Int32) {
        let s = ShortTextCache.slot(key, n)
        slots[s] = key
        slots[s + 1] = UInt64(n) << 32 | UInt64(UInt32(bitPattern: code))
    }
}
