/// The byte offset of each record of a file, in 4 bytes each when the file is under 4 GiB (8
/// otherwise): a parser keeps one per row for its diagnostics, 40 MB less at ten million rows.
struct RowOffsets {
    private var narrow: [UInt32] = []
    private var wide: [Int] = []
    private let isWide: Bool

    /// Offsets into a file of `fileSize` bytes, with room for `capacity` rows.
    init(fileSize: Int, capacity: Int = 0) {
        isWide = fileSize > Int(UInt32.max)
        if isWide { wide.reserveCapacity(capacity) } else { narrow.reserveCapacity(capacity) }
    }

    /// The number of rows.
    var count: Int { isWide ? wide.count : narrow.count }

    /// The last row's offset.
    var last: Int? { count == 0 ? nil : self[count - 1] }

    /// The offset of row `i`.
    @inline(__always)
    subscript(i: Int) -> Int { isWide ? wide[i] : Int(narrow[i]) }

    /// Adds a row at `offset` (within the file, so it fits).
    @inline(__always)
    mutating func append(_ offset: Int) {
        if isWide { wide.append(offset) } else { narrow.append(UInt32(truncatingIfNeeded: offset)) }
    }

    /// Adds rows at the `count` offsets at `offsets` (a batch's records), in one append.
    mutating func append(_ offsets: UnsafePointer<Int>, count: Int) {
        if isWide {
            wide.append(contentsOf: UnsafeBufferPointer(start: offsets, count: count))
        } else {
            narrow.append(truncating: offsets, count: count)
        }
    }
}
