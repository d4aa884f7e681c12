/// The rows of a study's patient or sample identifiers, found by their text.
///
/// A cBioPortal study joins its files by identifier: every sample row names its patient, every
/// fusion, mutation and copy-number row names its sample. A `[String: Int32]` spent most of a
/// large study's load in `Hasher` (SipHash), in growing, and in cache misses.
///
/// Files are usually written in the same order as the rows they name, so a lookup first tries the
/// row of the previous lookup and the row after it. Only when that fails is a hash table built
/// (once, with room for every identifier): `ByteInterner.hash` over the UTF-8 bytes, one 8-byte
/// slot per identifier (a hash tag above `row + 1`), backed by huge pages where the system has
/// them. A study whose files agree in order is joined without any table.
///
/// The identifiers must be distinct (the loader rejects repeated patient and sample ids before
/// indexing them, and appends only identifiers it did not find).
struct IdentifierIndex {
    /// The identifiers by row.
    private(set) var ids: [String]
    /// Open addressing with linear probing over a power of two; 0 is empty, else the high 32 bits
    /// of the hash above `row + 1`. Empty until a lookup first needs it.
    private var slots: [UInt64] = []
    /// `ids[..<hashed]` are in `slots`.
    private var hashed = 0
    /// The row of the last lookup that found its identifier, or of the last append.
    private var last = -1

    /// Indexes `ids` (distinct), row `i` for `ids[i]`.
    init(_ ids: [String]) {
        self.ids = ids
    }

    /// The row of `id`, nil when it is not indexed.
    mutating func row(of id: String) -> Int32? {
        if last >= 0 {
            if ids[last] == id { return Int32(truncatingIfNeeded: last) }
            if last + 1 < ids.count, ids[last + 1] == id {
                last += 1
                return Int32(truncatingIfNeeded: last)
            }
        } else if let first = ids.first, first == id {
            last = 0
            return 0
        }
        guard let row = find(id) else { return nil }
        last = row
        return Int32(truncatingIfNeeded: row)
    }

    /// Adds `id`, which `row(of:)` did not find, at row `ids.count` and returns that row.
    mutating func append(_ id: String) -> Int32 {
        ids.append(id)
        last = ids.count - 1
        if !slots.isEmpty { hashPending() }
        return Int32(truncatingIfNeeded: last)
    }

    /// Looks `id` up in the hash table, building it first when needed.
    private mutating func find(_ id: String) -> Int? {
        if slots.isEmpty || hashed < ids.count { hashPending() }
        let h = IdentifierIndex.hash(id)
        let tag = h & 0xFFFF_FFFF_0000_0000
        return slots.withUnsafeBufferPointer { s in
            let mask = s.count - 1
            var k = Int(truncatingIfNeeded: h) & mask
            while s[k] != 0 {
                if s[k] & 0xFFFF_FFFF_0000_0000 == tag {
                    let row = Int(s[k] & 0xFFFF_FFFF) - 1
                    if ids[row] == id { return row }
                }
                k = (k + 1) & mask
            }
            return nil
        }
    }

    /// Puts `ids[hashed...]` in the table, making or doubling it when it would pass 70% load.
    private mutating func hashPending() {
        if slots.isEmpty || ids.count * 10 > slots.count * 7 {
            var size = 16
            while ids.count * 10 > size * 7 { size *= 2 }
            slots = IdentifierIndex.emptyTable(size)
            hashed = 0
        }
        let mask = slots.count - 1
        slots.withUnsafeMutableBufferPointer { s in
            for row in hashed..<ids.count {
                let h = IdentifierIndex.hash(ids[row])
                var k = Int(truncatingIfNeeded: h) & mask
                while s[k] != 0 { k = (k + 1) & mask }
                s[k] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(row + 1)
            }
        }
        hashed = ids.count
    }

    /// `size` empty slots. A large table is asked for huge pages before it is touched: random
    /// probes then miss the TLB far less often.
    private static func emptyTable(_ size: Int) -> [UInt64] {
        [UInt64](unsafeUninitializedCapacity: size) { b, n in
            if let base = b.baseAddress { HugePages.advise(base, bytes: size * 8) }
            b.initialize(repeating: 0)
            n = size
        }
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
