/// A numeric column's cells, read as doubles (`.nan` when missing).
///
/// A column whose every present value is an integer that a narrow type holds exactly is stored
/// in that type (1, 2 or 4 bytes a row instead of 8), with the type's minimum marking a missing
/// cell; other columns are stored as doubles. The storage is invisible to a reader: every cell
/// reads back as the very double it was made from (-0 is never narrowed, so even its sign
/// survives), so results and printed numbers do not depend on it.
///
/// Loops over a whole column should use the bulk readers (`doubles`, `gather`, `missingMask`),
/// which switch on the storage once, rather than the subscript. (The subscript and `count` are
/// `@inlinable` so that a loop in another module that does use them needs no call a cell.)
public struct NumericCells: RandomAccessCollection, Sendable {
    /// The stored form.
    @usableFromInline
    enum Storage: Sendable {
        case doubles([Double])
        case int8([Int8])
        case int16([Int16])
        case int32([Int32])
    }

    @usableFromInline
    let storage: Storage

    /// Cells stored as the doubles given.
    public init(_ values: [Double]) { storage = .doubles(values) }

    init(storage: Storage) { self.storage = storage }

    @inlinable
    public var startIndex: Int { 0 }
    @inlinable
    public var endIndex: Int { count }

    @inlinable
    public var count: Int {
        switch storage {
        case let .doubles(v): return v.count
        case let .int8(v): return v.count
        case let .int16(v): return v.count
        case let .int32(v): return v.count
        }
    }

    /// The cell at `i` (which must be in range), `.nan` when missing.
    @inlinable
    public subscript(i: Int) -> Double {
        switch storage {
        case let .doubles(v): return v[i]
        case let .int8(v): return NumericCells.double(v[i])
        case let .int16(v): return NumericCells.double(v[i])
        case let .int32(v): return NumericCells.double(v[i])
        }
    }

    /// Bytes per cell as stored (8 for doubles).
    public var bytesPerCell: Int {
        switch storage {
        case .doubles: return 8
        case .int8: return 1
        case .int16: return 2
        case .int32: return 4
        }
    }

    /// A narrow cell as a double (the type's minimum is missing).
    @inlinable @inline(__always)
    static func double<T: FixedWidthInteger & SignedInteger>(_ x: T) -> Double {
        x == T.min ? .nan : Double(x)
    }

    /// Every cell as a double: the stored array itself for doubles (shared, not copied), a new
    /// array for narrow storage.
    public var doubles: [Double] {
        switch storage {
        case let .doubles(v): return v
        case let .int8(v): return NumericCells.widen(v)
        case let .int16(v): return NumericCells.widen(v)
        case let .int32(v): return NumericCells.widen(v)
        }
    }

    /// The stored array when the cells are whole numbers stored narrow (the type's minimum is
    /// missing), for readers that widen them where they use them; nil for the other widths.
    public var int8Cells: [Int8]? { if case let .int8(v) = storage { return v }; return nil }
    public var int16Cells: [Int16]? { if case let .int16(v) = storage { return v }; return nil }
    public var int32Cells: [Int32]? { if case let .int32(v) = storage { return v }; return nil }

    private static func widen<T: FixedWidthInteger & SignedInteger>(_ v: [T]) -> [Double] {
        [Double](unsafeUninitializedCapacity: v.count) { out, initialized in
            v.withUnsafeBufferPointer { src in
                for i in 0..<src.count { out[i] = double(src[i]) }
            }
            initialized = v.count
        }
    }

    /// The cells at `rows` (positions, in that order) as doubles; positions out of range read
    /// as missing.
    public func gather(_ rows: [Int32]) -> [Double] {
        rows.withUnsafeBufferPointer { gather($0) }
    }

    /// The cells at `rows` (positions, in that order) as doubles; positions out of range read
    /// as missing.
    public func gather(_ rows: [Int]) -> [Double] {
        rows.withUnsafeBufferPointer { gather($0) }
    }

    private func gather<I: BinaryInteger>(_ rows: UnsafeBufferPointer<I>) -> [Double] {
        switch storage {
        case let .doubles(v): return NumericCells.gather(v, rows) { $0 }
        case let .int8(v): return NumericCells.gather(v, rows) { NumericCells.double($0) }
        case let .int16(v): return NumericCells.gather(v, rows) { NumericCells.double($0) }
        case let .int32(v): return NumericCells.gather(v, rows) { NumericCells.double($0) }
        }
    }

    @inline(__always)
    private static func gather<T, I: BinaryInteger>(_ v: [T], _ rows: UnsafeBufferPointer<I>,
                                                    _ read: (T) -> Double) -> [Double] {
        [Double](unsafeUninitializedCapacity: rows.count) { out, initialized in
            v.withUnsafeBufferPointer { src in
                for i in 0..<rows.count {
                    let r = Int(truncatingIfNeeded: rows[i])
                    out[i] = r >= 0 && r < src.count ? read(src[r]) : .nan
                }
            }
            initialized = rows.count
        }
    }

    /// Per cell: whether it is missing.
    public var missingMask: [Bool] {
        switch storage {
        case let .doubles(v): return v.map(\.isNaN)
        case let .int8(v): return v.map { $0 == .min }
        case let .int16(v): return v.map { $0 == .min }
        case let .int32(v): return v.map { $0 == .min }
        }
    }

    /// The number of missing cells.
    public var missingCount: Int {
        switch storage {
        case let .doubles(v): return v.reduce(0) { $0 &+ ($1.isNaN ? 1 : 0) }
        case let .int8(v): return NumericCells.countMin(v)
        case let .int16(v): return NumericCells.countMin(v)
        case let .int32(v): return NumericCells.countMin(v)
        }
    }

    private static func countMin<T: FixedWidthInteger>(_ v: [T]) -> Int {
        v.withUnsafeBufferPointer { p in
            var n = 0
            for x in p { n &+= x == T.min ? 1 : 0 }
            return n
        }
    }

    /// The cells at `rows` (positions, in that order), stored the same way; positions out of
    /// range give missing cells.
    public func selecting(_ rows: [Int32]) -> NumericCells {
        switch storage {
        case let .doubles(v): return NumericCells(storage: .doubles(v.selecting(rows, missing: .nan)))
        case let .int8(v): return NumericCells(storage: .int8(v.selecting(rows, missing: .min)))
        case let .int16(v): return NumericCells(storage: .int16(v.selecting(rows, missing: .min)))
        case let .int32(v): return NumericCells(storage: .int32(v.selecting(rows, missing: .min)))
        }
    }

    /// For status columns: per cell 1 where the value is 1, 0 where it is 0, -1 otherwise; and
    /// how many cells are neither 0, 1 nor missing.
    func statusCodes() -> (codes: [Int8], other: Int) {
        switch storage {
        case let .doubles(v):
            return NumericCells.status(v) { x in (x == 1 ? 1 : (x == 0 ? 0 : -1), x.isNaN) }
        case let .int8(v): return NumericCells.status(v) { x in (x == 1 ? 1 : (x == 0 ? 0 : -1), x == .min) }
        case let .int16(v): return NumericCells.status(v) { x in (x == 1 ? 1 : (x == 0 ? 0 : -1), x == .min) }
        case let .int32(v): return NumericCells.status(v) { x in (x == 1 ? 1 : (x == 0 ? 0 : -1), x == .min) }
        }
    }

    @inline(__always)
    private static func status<T>(_ v: [T], _ read: (T) -> (Int8, Bool)) -> (codes: [Int8], other: Int) {
        var notStatus = 0, missing = 0
        // Counts and selects rather than branches on the (unpredictable) status.
        let codes = [Int8](unsafeUninitializedCapacity: v.count) { out, initialized in
            v.withUnsafeBufferPointer { src in
                for i in 0..<src.count {
                    let (e, m) = read(src[i])
                    out[i] = e
                    notStatus &+= e < 0 ? 1 : 0
                    missing &+= m ? 1 : 0
                }
            }
            initialized = v.count
        }
        return (codes, notStatus - missing)
    }
}

/// Collects a numeric column's cells while a file is read, in the narrowest storage that holds
/// every value so far exactly: it starts with one byte a cell and widens (copying the cells
/// once each time) to two, four, then eight when a value needs it, so a column of small
/// integers never takes eight bytes a row, even while loading.
struct NumericAccumulator {
    private enum Width: Int { case int8, int16, int32, doubles }

    private var width = Width.int8
    private var i8: [Int8] = []
    private var i16: [Int16] = []
    private var i32: [Int32] = []
    private var f64: [Double] = []
    /// The capacity asked for, kept for the array a widening moves to.
    private var capacity = 0

    /// The number of cells.
    var count: Int {
        switch width {
        case .int8: return i8.count
        case .int16: return i16.count
        case .int32: return i32.count
        case .doubles: return f64.count
        }
    }

    mutating func reserveCapacity(_ n: Int) {
        capacity = n
        switch width {
        case .int8: i8.reserveCapacity(n)
        case .int16: i16.reserveCapacity(n)
        case .int32: i32.reserveCapacity(n)
        case .doubles: f64.reserveCapacity(n)
        }
    }

    /// The narrowest width holding `v` exactly (missing fits every width).
    @inline(__always)
    private static func width(of v: Double) -> Width {
        if v.isNaN { return .int8 }
        // In range of Int32 (excluding its minimum, the missing marker), integral, and not -0.
        guard v >= -2_147_483_647, v <= 2_147_483_647 else { return .doubles }
        let i = Int32(v)
        guard Double(i).bitPattern == v.bitPattern else { return .doubles }
        if i >= -127 && i <= 127 { return .int8 }
        if i >= -32767 && i <= 32767 { return .int16 }
        return .int32
    }

    /// `v` in a narrow type `T` wide enough for it (`T.min` when missing). (Through `Int32`,
    /// one instruction, rather than the generic conversion from a double.)
    @inline(__always)
    private static func narrow<T: FixedWidthInteger>(_ v: Double) -> T {
        let x = T(truncatingIfNeeded: Int32(v.isNaN ? 0 : v))
        return v.isNaN ? T.min : x
    }

    @inline(__always)
    mutating func append(_ v: Double) {
        let w = NumericAccumulator.width(of: v)
        if w.rawValue > width.rawValue { widen(to: w) }
        switch width {
        case .int8: i8.append(NumericAccumulator.narrow(v))
        case .int16: i16.append(NumericAccumulator.narrow(v))
        case .int32: i32.append(NumericAccumulator.narrow(v))
        case .doubles: f64.append(v)
        }
    }

    /// What appending a batch of cells needs to know of them beforehand: the smallest and largest
    /// value and whether all are integers in `Int32`'s range (a missing or out-of-range value
    /// counts as 0 here). Gathered by whoever makes the cells, as it makes them, so that the
    /// append needs no pass of its own over them.
    struct BatchRange {
        private(set) var lo: Int32 = 0
        private(set) var hi: Int32 = 0
        private(set) var exact = true

        /// Notes a cell (without branches on its value).
        @inline(__always)
        mutating func add(_ v: Double) {
            let inRange = v >= -2_147_483_647 && v <= 2_147_483_647
            let i = Int32(inRange ? v : 0)
            exact = exact && (v.isNaN || (inRange && Double(i).bitPattern == v.bitPattern))
            lo = Swift.min(lo, i)
            hi = Swift.max(hi, i)
        }

        /// Notes a cell whose value is the integer `i` (above `Int32.min`, the missing marker).
        @inline(__always)
        mutating func add(integer i: Int32) {
            lo = Swift.min(lo, i)
            hi = Swift.max(hi, i)
        }
    }

    /// Appends a batch of cells.
    mutating func append(contentsOf values: UnsafeBufferPointer<Double>) {
        var range = BatchRange()
        for v in values { range.add(v) }
        append(contentsOf: values, range: range)
    }

    /// Appends a batch of cells, `range` having noted each of them.
    mutating func append(contentsOf values: UnsafeBufferPointer<Double>, range: BatchRange) {
        guard let base = values.baseAddress, !values.isEmpty else { return }
        let low = NumericAccumulator.width(of: Double(range.lo)), high = NumericAccumulator.width(of: Double(range.hi))
        let needed = !range.exact ? .doubles : (low.rawValue > high.rawValue ? low : high)
        if needed.rawValue > width.rawValue { widen(to: needed) }
        switch width {
        case .int8: NumericAccumulator.append(base, values.count, to: &i8)
        case .int16: NumericAccumulator.append(base, values.count, to: &i16)
        case .int32: NumericAccumulator.append(base, values.count, to: &i32)
        case .doubles: f64.append(contentsOf: values)
        }
    }

    private static func append<T: FixedWidthInteger>(_ values: UnsafePointer<Double>, _ count: Int, to a: inout [T]) {
        let start = a.count
        a.append(contentsOf: repeatElement(0, count: count))
        a.withUnsafeMutableBufferPointer { out in
            for i in 0..<count { out[start + i] = narrow(values[i]) }
        }
    }

    /// Moves the cells to a wider storage (copying them straight into it, with room for the
    /// capacity asked for).
    private mutating func widen(to w: Width) {
        let n = max(capacity, count)
        switch (width, w) {
        case (.int8, .int16): i16 = NumericAccumulator.convert(i8, capacity: n)
        case (.int8, .int32): i32 = NumericAccumulator.convert(i8, capacity: n)
        case (.int16, .int32): i32 = NumericAccumulator.convert(i16, capacity: n)
        case (.int8, .doubles): f64 = NumericAccumulator.convert(i8, capacity: n)
        case (.int16, .doubles): f64 = NumericAccumulator.convert(i16, capacity: n)
        case (.int32, .doubles): f64 = NumericAccumulator.convert(i32, capacity: n)
        default: return
        }
        if width == .int8 { i8 = [] }
        if width == .int16 { i16 = [] }
        if width == .int32 { i32 = [] }
        width = w
    }

    private static func convert<S: FixedWidthInteger & SignedInteger, T: FixedWidthInteger>(_ a: [S], capacity: Int) -> [T] {
        var out: [T] = []
        out.reserveCapacity(capacity)
        for x in a { out.append(x == S.min ? T.min : T(x)) }
        return out
    }

    private static func convert<S: FixedWidthInteger & SignedInteger>(_ a: [S], capacity: Int) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(capacity)
        for x in a { out.append(NumericCells.double(x)) }
        return out
    }

    /// The cells collected.
    func finish() -> NumericCells {
        switch width {
        case .int8: return NumericCells(storage: .int8(i8))
        case .int16: return NumericCells(storage: .int16(i16))
        case .int32: return NumericCells(storage: .int32(i32))
        case .doubles: return NumericCells(storage: .doubles(f64))
        }
    }
}
