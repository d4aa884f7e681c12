/// A text column's codes: per row the index of its level, -1 when missing.
///
/// Stored in the narrowest form for the number of levels: one byte a row for up to 255 levels,
/// two for up to 65,535 (the type's maximum marking a missing cell), four otherwise; and nothing
/// at all when row `i` has code `i` (distinct identifiers in row order, none missing). Reading is
/// the same in every form.
public struct Codes: RandomAccessCollection, Sendable {
    @usableFromInline
    enum Storage: Sendable {
        /// Code `i` at row `i`, for `count` rows.
        case identity(Int)
        case uint8([UInt8])
        case uint16([UInt16])
        case int32([Int32])
    }

    @usableFromInline
    let storage: Storage

    init(storage: Storage) { self.storage = storage }

    /// The codes given (each -1 or a valid level index), stored in the narrowest form for
    /// `levelCount` levels.
    public init(_ codes: [Int32], levelCount: Int) {
        if levelCount <= 255 {
            storage = .uint8(codes.map { $0 < 0 ? UInt8.max : UInt8(truncatingIfNeeded: $0) })
        } else if levelCount <= 65535 {
            storage = .uint16(codes.map { $0 < 0 ? UInt16.max : UInt16(truncatingIfNeeded: $0) })
        } else {
            storage = .int32(codes)
        }
    }

    /// Codes 0, 1, ..., `count - 1`.
    public static func identity(_ count: Int) -> Codes { Codes(storage: .identity(Swift.max(0, count))) }

    @inlinable
    public var startIndex: Int { 0 }
    @inlinable
    public var endIndex: Int { count }

    @inlinable
    public var count: Int {
        switch storage {
        case let .identity(n): return n
        case let .uint8(c): return c.count
        case let .uint16(c): return c.count
        case let .int32(c): return c.count
        }
    }

    /// The code at row `i` (in range), -1 when missing.
    @inlinable
    public subscript(i: Int) -> Int32 {
        switch storage {
        case .identity: return Int32(truncatingIfNeeded: i)
        case let .uint8(c): return c[i] == .max ? -1 : Int32(c[i])
        case let .uint16(c): return c[i] == .max ? -1 : Int32(c[i])
        case let .int32(c): return c[i]
        }
    }

    /// Whether row `i` has code `i` for every row.
    public var isIdentity: Bool {
        switch storage {
        case .identity: return true
        case let .uint8(c): return Codes.isIdentity(c)
        case let .uint16(c): return Codes.isIdentity(c)
        case let .int32(c): return Codes.isIdentity(c)
        }
    }

    private static func isIdentity<T: FixedWidthInteger>(_ codes: [T]) -> Bool {
        codes.withUnsafeBufferPointer { c in
            var mismatch: UInt64 = 0
            for i in 0..<c.count { mismatch |= UInt64(truncatingIfNeeded: c[i]) ^ UInt64(i) }
            return mismatch == 0 && (c.count <= Int(T.max))
        }
    }

    /// The codes as stored in one byte a row (`UInt8.max` missing), when they are (up to 255
    /// levels); nil otherwise.
    public var bytes: [UInt8]? {
        if case let .uint8(c) = storage { return c }
        return nil
    }

    /// Every code as an `Int32` (a new array).
    public var array: [Int32] {
        switch storage {
        case let .int32(c): return c
        default: return Array(self)
        }
    }

    /// The number of missing cells.
    public var missingCount: Int {
        switch storage {
        case .identity: return 0
        case let .uint8(c): return c.reduce(0) { $0 &+ ($1 == .max ? 1 : 0) }
        case let .uint16(c): return c.reduce(0) { $0 &+ ($1 == .max ? 1 : 0) }
        case let .int32(c): return c.reduce(0) { $0 &+ ($1 < 0 ? 1 : 0) }
        }
    }

    /// The codes at `rows` (in that order), stored the same way; rows out of range are missing.
    public func selecting(_ rows: [Int32]) -> Codes {
        switch storage {
        case let .identity(n):
            return Codes(storage: .int32(rows.map { $0 >= 0 && Int($0) < n ? $0 : -1 }))
        case let .uint8(c): return Codes(storage: .uint8(c.selecting(rows, missing: .max)))
        case let .uint16(c): return Codes(storage: .uint16(c.selecting(rows, missing: .max)))
        case let .int32(c): return Codes(storage: .int32(c.selecting(rows, missing: -1)))
        }
    }

    /// Per row: `map[code]`, or `missing` for a missing cell (codes must index `map`).
    public func mapped(through map: [Int32], missing: Int32) -> [Int32] {
        switch storage {
        case let .identity(n): return (0..<n).map { map[$0] }
        case let .uint8(c): return c.map { $0 == .max ? missing : map[Int($0)] }
        case let .uint16(c): return c.map { $0 == .max ? missing : map[Int($0)] }
        case let .int32(c): return c.map { $0 < 0 ? missing : map[Int($0)] }
        }
    }
}

extension Codes {
    /// The codes rewritten through `remap` (old code → new code; missing stays missing), in the
    /// same width when the new codes fit it.
    func remapped(_ remap: [Int32]) -> Codes {
        if remap.indices.allSatisfy({ remap[$0] == Int32(truncatingIfNeeded: $0) }) { return self }
        switch storage {
        case let .uint8(c) where remap.count <= 255:
            return Codes(storage: .uint8(c.map { $0 == .max ? .max : UInt8(truncatingIfNeeded: remap[Int($0)]) }))
        case let .uint16(c) where remap.count <= 65535:
            return Codes(storage: .uint16(c.map { $0 == .max ? .max : UInt16(truncatingIfNeeded: remap[Int($0)]) }))
        default:
            return Codes(map { $0 < 0 ? -1 : remap[Int($0)] }, levelCount: remap.count)
        }
    }
}

/// Collects a text column's codes while a file is read, in the narrowest width holding every
/// code so far (one byte a row while the codes stay below 255, then two, then four; -1, missing,
/// becomes the width's maximum), so a column of few levels never takes four bytes a row.
struct CodeAccumulator {
    private var width = 0  // 0: UInt8, 1: UInt16, 2: Int32
    private var u8: [UInt8] = []
    private var u16: [UInt16] = []
    private var i32: [Int32] = []
    /// The capacity asked for, kept for the array a widening moves to.
    private var capacity = 0

    var count: Int { width == 0 ? u8.count : (width == 1 ? u16.count : i32.count) }

    mutating func reserveCapacity(_ n: Int) {
        capacity = n
        switch width {
        case 0: u8.reserveCapacity(n)
        case 1: u16.reserveCapacity(n)
        default: i32.reserveCapacity(n)
        }
    }

    /// The width a code needs.
    @inline(__always)
    private static func width(of code: Int32) -> Int { code < 255 ? 0 : (code < 65535 ? 1 : 2) }

    /// Adds a code (-1 for a missing cell).
    @inline(__always)
    mutating func append(_ code: Int32) {
        let w = CodeAccumulator.width(of: code)
        if w > width { widen(to: w) }
        switch width {
        case 0: u8.append(UInt8(truncatingIfNeeded: code))
        case 1: u16.append(UInt16(truncatingIfNeeded: code))
        default: i32.append(code)
        }
    }

    /// Adds a batch of codes (-1 for a missing cell).
    mutating func append(contentsOf codes: UnsafeBufferPointer<Int32>) {
        guard let base = codes.baseAddress, !codes.isEmpty else { return }
        var top: Int32 = -1
        for c in codes { top = Swift.max(top, c) }
        let w = CodeAccumulator.width(of: top)
        if w > width { widen(to: w) }
        switch width {
        case 0: u8.append(truncating: base, count: codes.count)
        case 1: u16.append(truncating: base, count: codes.count)
        default: i32.append(contentsOf: codes)
        }
    }

    /// Moves the codes to a wider array (with room for the capacity asked for).
    private mutating func widen(to w: Int) {
        let n = Swift.max(capacity, count)
        if w == 1 {
            u16.reserveCapacity(n)
            for c in u8 { u16.append(c == .max ? .max : UInt16(c)) }
        } else {
            i32.reserveCapacity(n)
            if width == 0 { for c in u8 { i32.append(c == .max ? -1 : Int32(c)) } }
            if width == 1 { for c in u16 { i32.append(c == .max ? -1 : Int32(c)) } }
        }
        u8 = []
        if w == 2 { u16 = [] }
        width = w
    }

    /// The codes collected.
    func finish() -> Codes {
        switch width {
        case 0: return Codes(storage: .uint8(u8))
        case 1: return Codes(storage: .uint16(u16))
        default: return Codes(storage: .int32(i32))
        }
    }
}
