/// The rows of a study's patient or sample identifiers, found by their text.
///
/// A cBioPortal study joins its files by identifier: every sample row names its patient, every
/// fusion, mutation and copy-number row names its sample. A `[String: Int32]` spends most of a
/// large study's load in `Hasher` (SipHash) and in growing; this index hashes the UTF-8 bytes with
/// `ByteInterner.hash`, reserves its table up front and keeps only one 8-byte slot per identifier
/// (a hash tag above `row + 1`), comparing against `ids` only when the tags agree.
///
/// Rows are positions in `ids`: `append` adds an identifier at row `ids.count`. When an
/// identifier is added twice, lookups give the later row, as assigning into a dictionary would.
struct IdentifierIndex {
    /// The identifiers by row.
    private(set) var ids: [String]
    /// Open addressing with linear probing over a power of two; 0 is empty, else the high 32 bits
    /// of the hash above `row + 1`.
    private var slots: [UInt64]
    /// How many slots hold a row (at most `ids.count`: a repeated identifier reuses its slot).
    private var used = 0

    /// Indexes `ids`, row `i` for `ids[i]`, with room for `reserve` identifiers in all.
    init(_ ids: [String], reserve: Int = 0) {
        self.ids = []
        self.ids.reserveCapacity(max(ids.count, reserve))
        slots = [UInt64](repeating: 0, count: IdentifierIndex.tableSize(for: max(ids.count, reserve)))
        for id in ids { append(id) }
    }

    /// The row of `id`, nil when it is not indexed.
    subscript(id: String) -> Int32? {
        let h = IdentifierIndex.hash(id)
        let tag = h & 0xFFFF_FFFF_0000_0000
        return slots.withUnsafeBufferPointer { s in
            let mask = s.count - 1
            var k = Int(truncatingIfNeeded: h) & mask
            while s[k] != 0 {
                if s[k] & 0xFFFF_FFFF_0000_0000 == tag {
                    let row = Int(s[k] & 0xFFFF_FFFF) - 1
                    if ids[row] == id { return Int32(truncatingIfNeeded: row) }
                }
                k = (k + 1) & mask
            }
            return nil
        }
    }

    /// Adds `id` at row `ids.count` and returns that row.
    @discardableResult
    mutating func append(_ id: String) -> Int32 {
        let row = ids.count
        ids.append(id)
        let h = IdentifierIndex.hash(id)
        let tag = h & 0xFFFF_FFFF_0000_0000
        let mask = slots.count - 1
        var k = Int(truncatingIfNeeded: h) & mask
        while slots[k] != 0 {
            let r = Int(slots[k] & 0xFFFF_FFFF) - 1
            if slots[k] & 0xFFFF_FFFF_0000_0000 == tag, ids[r] == id { break }
            k = (k + 1) & mask
        }
        if slots[k] == 0 { used += 1 }
        slots[k] = tag | UInt64(row + 1)
        if used * 10 > slots.count * 7 { rebuild(size: slots.count * 2) }
        return Int32(truncatingIfNeeded: row)
    }

    /// Rehashes every slot into a table of `size` slots (a power of two).
    private mutating func rebuild(size: Int) {
        var fresh = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        for slot in slots where slot != 0 {
            let row = Int(slot & 0xFFFF_FFFF) - 1
            var k = Int(truncatingIfNeeded: IdentifierIndex.hash(ids[row])) & mask
            while fresh[k] != 0 { k = (k + 1) & mask }
            fresh[k] = slot
        }
        slots = fresh
    }

    /// The smallest power of two that holds `n` identifiers below 70% load (at least 16).
    private static func tableSize(for n: Int) -> Int {
        var size = 16
        while n * 10 > size * 7 { size *= 2 }
        return size
    }

    /// `ByteInterner.hash` of the identifier's UTF-8 bytes.
    @inline(__always)
    private static func hash(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { b in
            guard let base = b.baseAddress else { return ByteInterner.hash(UnsafePointer(bitPattern: 1)!, 0) }
            return ByteInterner.hash(base, b.count)
        }
    }
}
