/// Up to `capacity` simple records (see `RecordTokenizer.nextSimpleRecord`) tokenized ahead, so
/// that their cells can be added one column at a time: each column's loop then keeps its mode
/// and its interner in cache, and a large interner can look up a whole batch's slots at once.
struct RecordBatch: ~Copyable {
    let base: UnsafePointer<UInt8>
    let fieldCount: Int
    let capacity: Int
    /// Records in the batch.
    private(set) var count = 0
    /// Byte offset of each record.
    let starts: UnsafeMutablePointer<Int>
    /// One-based line number of each record.
    let lines: UnsafeMutablePointer<Int>
    /// `ends[i * fieldCount + k]`: offset one past field `k` of record `i`.
    private let ends: UnsafeMutablePointer<Int>

    init(base: UnsafePointer<UInt8>, fieldCount: Int, capacity: Int = 64) {
        self.base = base
        self.fieldCount = fieldCount
        self.capacity = capacity
        starts = .allocate(capacity: capacity)
        lines = .allocate(capacity: capacity)
        ends = .allocate(capacity: capacity * max(1, fieldCount))
    }

    deinit {
        starts.deallocate()
        lines.deallocate()
        ends.deallocate()
    }

    /// Empties the batch.
    mutating func clear() { count = 0 }

    /// Tokenizes simple records into the batch until it is full or the next record is not
    /// simple (or there is none).
    mutating func fill(from tok: inout RecordTokenizer) {
        while count < capacity {
            let line = tok.line
            guard let start = tok.nextSimpleRecord(fieldCount: fieldCount, ends: ends + count * fieldCount) else { return }
            starts[count] = start
            lines[count] = line
            count += 1
        }
    }

    /// The bytes of field `k` of record `i`, without surrounding spaces.
    @inline(__always)
    func cell(_ i: Int, _ k: Int) -> (UnsafePointer<UInt8>, Int) {
        let row = ends + i * fieldCount
        var s = k == 0 ? starts[i] : row[k - 1] + 1
        var e = row[k]
        while s < e, base[s] == 0x20 { s += 1 }
        while e > s, base[e - 1] == 0x20 { e -= 1 }
        return (base + s, e - s)
    }
}

/// One thread's scratch space for adding a batch's cells one column at a time: the column's
/// hashes, values and codes (each thread has its own; two threads may read one batch at once).
struct BatchScratch: ~Copyable {
    let hashes: UnsafeMutablePointer<UInt64>
    let values: UnsafeMutablePointer<Double>
    let codes: UnsafeMutablePointer<Int32>

    /// Room for batches of up to `capacity` records.
    init(capacity: Int) {
        hashes = .allocate(capacity: capacity)
        values = .allocate(capacity: capacity)
        codes = .allocate(capacity: capacity)
    }

    deinit {
        hashes.deallocate()
        values.deallocate()
        codes.deallocate()
    }
}
