/// How a loader wants a column's type decided.
enum ColumnHint: Sendable {
    /// Infer from the values (integer, number, boolean, date, else category or string).
    case infer
    /// A declared number (cBioPortal `NUMBER`): non-numeric cells become missing with a warning,
    /// and a `>` or `<` prefix (`>90`) is dropped.
    case number
    /// A declared text column (cBioPortal `STRING`): no numeric inference.
    case text
}

/// Accumulates one column's cells while a file is parsed, deciding the type as it goes.
///
/// Inference starts undecided; the first non-missing cell picks numeric, boolean or date, and the
/// first cell that does not fit switches the column to text. Switching re-reads the earlier cells'
/// raw bytes (the loader passes them in), so no text is kept for columns that stay numeric.
struct ColumnBuilder {
    enum Mode { case undecided, numeric, boolean, date, text }
    enum AddResult { case ok, needsText, badNumber }

    let hint: ColumnHint
    private(set) var mode: Mode
    /// The cells of a numeric, boolean or date column, stored narrow while they are integers.
    private(set) var values = NumericAccumulator()
    /// The codes of a text column, stored narrow while they are small.
    private(set) var codes = CodeAccumulator()
    private var interner = ByteInterner()
    private var allIntegers = true
    /// The row count the loader expects, for sizing.
    private let expectedRows: Int
    /// Whether the interner was already sized for a column of mostly distinct values.
    private var reservedForDistinct = false
    /// Where the batched slot loads go, so that the optimizer keeps them.
    private var slotSink: UInt64 = 0
    /// A text column of serial identifiers, kept as numbers instead of in `interner`/`codes`.
    private var serial: SerialIdentifiers? = nil
    /// Whether the column was already checked for serial identifiers (once, when it turns out
    /// mostly distinct).
    private var serialChecked = false
    /// Codes of short cells, while the interner holds few strings (see `ShortTextCache`).
    private var shortCodes = ShortTextCache()

    init(hint: ColumnHint, expectedRows: Int) {
        self.hint = hint
        self.expectedRows = expectedRows
        self.mode = hint == .text ? .text : .undecided
        if mode == .text { codes.reserveCapacity(expectedRows) } else { values.reserveCapacity(expectedRows) }
    }

    /// The number of cells added.
    var rows: Int { mode == .text ? (serial?.count ?? codes.count) : values.count }

    /// Adds one trimmed cell; `.needsText` means the caller must call `convertToText` and add
    /// the cell again; `.badNumber` means a declared number could not be read (stored as missing).
    @inline(__always)
    mutating func add(_ p: UnsafePointer<UInt8>, _ n: Int) -> AddResult {
        if mode == .text {
            let missing = CellSyntax.isMissing(p, n)
            if serial != nil {
                if missing { serial!.addMissing(); return .ok }
                if serial!.add(p, n) { return .ok }
                leaveSerial()
            }
            codes.append(missing ? -1 : interner.intern(p, n))
            return .ok
        }
        if CellSyntax.isMissing(p, n) { values.append(.nan); return .ok }
        switch mode {
        case .undecided, .numeric:
            var q = p, m = n
            if hint == .number, n > 1, p[0] == 0x3E || p[0] == 0x3C { // > <
                q = p + 1; m = n - 1
                if m > 1, q[0] == 0x3D { q += 1; m -= 1 } // >= <=
            }
            if let r = FastDecimal.parse(q, m) {
                if r.isInteger {
                    if hint != .number, CellSyntax.hasLeadingZero(q, m) { return .needsText }
                    if abs(r.value) >= 9_007_199_254_740_992 { allIntegers = false }
                } else {
                    allIntegers = false
                }
                values.append(r.value)
                mode = .numeric
                return .ok
            }
            if hint == .number { values.append(.nan); return .badNumber }
            if mode == .numeric { return .needsText }
            if let b = CellSyntax.boolean(p, n) { values.append(b ? 1 : 0); mode = .boolean; return .ok }
            if let d = CellSyntax.date(p, n) { values.append(Double(d)); mode = .date; return .ok }
            return .needsText
        case .boolean:
            if let b = CellSyntax.boolean(p, n) { values.append(b ? 1 : 0); return .ok }
            return .needsText
        case .date:
            if let d = CellSyntax.date(p, n) { values.append(Double(d)); return .ok }
            return .needsText
        case .text:
            return .ok
        }
    }

    /// Adds the cells of column `k` of `batch` from record `first` on, stopping after the first
    /// cell whose result is not `.ok`. Returns the index of that cell and its result, or
    /// `(batch.count, .ok)`. The caller handles a result as for `add(_:_:)` and goes on from the
    /// next cell. `scratch` (the calling thread's) holds room for the batch's hashes, values and codes.
    mutating func add(column k: Int, of batch: borrowing RecordBatch, scratch: borrowing BatchScratch,
                      from first: Int) -> (Int, AddResult) {
        var i = first
        if mode == .text {
            if serial != nil {
                while i < batch.count {
                    let (p, n) = batch.cell(i, k)
                    if CellSyntax.isMissing(p, n) {
                        serial!.addMissing()
                    } else if !serial!.add(p, n, readableFrom: batch.base) {
                        break
                    }
                    i += 1
                }
                if i == batch.count { return (i, .ok) }
                leaveSerial()
            }
            if !serialChecked, interner.count >= 1024, interner.count * 2 > codes.count {
                // Mostly distinct values: identifiers, perhaps serial ones. (Checked early, so that
                // the cost the two-thread split measures over the first rows is the serial one.)
                serialChecked = true
                if let s = SerialIdentifiers.adopt(interner: interner, codes: codes.finish(), expectedRows: expectedRows) {
                    serial = s
                    interner = ByteInterner()
                    shortCodes = ShortTextCache()
                    codes = CodeAccumulator()
                    return add(column: k, of: batch, scratch: scratch, from: i)
                }
            }
            let codesOut = scratch.codes
            if interner.count >= 4096 {
                // A table this large is mostly out of cache: look up every cell's first slot before
                // interning any, so the misses overlap.
                if !reservedForDistinct, interner.count >= 32768, interner.count * 2 > codes.count {
                    // Mostly distinct values (identifiers): size the table once for the whole file
                    // instead of doubling it (and rehashing) five more times.
                    // (`expectedRows` carries a 5% margin, which would double a table that fits.)
                    reservedForDistinct = true
                    interner.reserve(max(expectedRows - expectedRows / 21, interner.count))
                }
                for j in i..<batch.count {
                    let (p, n) = batch.cell(j, k)
                    scratch.hashes[j] = ByteInterner.hash(p, n)
                }
                // A loop of loads alone, so that many are in flight at once.
                var touched: UInt64 = 0
                for j in i..<batch.count { touched |= interner.firstSlot(hash: scratch.hashes[j]) }
                slotSink = touched  // keeps the loads
                for j in i..<batch.count {
                    let (p, n) = batch.cell(j, k)
                    codesOut[j] = CellSyntax.isMissing(p, n) ? -1 : interner.intern(p, n, hash: scratch.hashes[j])
                }
            } else if interner.count <= ShortTextCache.maxLevels {
                // Few values so far: short cells (ending 8 bytes or more into the file, so that
                // the cache's key can be read) are looked up in the cache first.
                let fileStart = batch.base
                for j in i..<batch.count {
                    let (p, n) = batch.cell(j, k)
                    if n >= 1, n <= 8, p - fileStart + n >= 8 {
                        let key = ShortTextCache.key(end: p + n, n)
                        if let c = shortCodes.code(key, n) { codesOut[j] = c; continue }
                        if CellSyntax.isMissing(p, n) { codesOut[j] = -1; continue }
                        let c = interner.intern(p, n)
                        shortCodes.insert(key, n, code: c)
                        codesOut[j] = c
                    } else {
                        codesOut[j] = CellSyntax.isMissing(p, n) ? -1 : interner.intern(p, n)
                    }
                }
            } else {
                for j in i..<batch.count {
                    let (p, n) = batch.cell(j, k)
                    codesOut[j] = CellSyntax.isMissing(p, n) ? -1 : interner.intern(p, n)
                }
            }
            codes.append(contentsOf: UnsafeBufferPointer(start: codesOut + i, count: batch.count - i))
            return (batch.count, .ok)
        }
        if mode == .numeric && hint == .infer {
            // `add(_:_:)` for this mode, with the number tried first: no missing-value marker
            // reads as a number.
            let out = scratch.values
            var result = AddResult.ok
            var range = NumericAccumulator.BatchRange()
            var j = i
            while j < batch.count {
                let (p, n) = batch.cell(j, k)
                if let x = FastDecimal.smallUnsigned(p, n, readableFrom: batch.base) {
                    // (An integer below 2^53 without a leading zero: `allIntegers` stands.)
                    out[j] = Double(x)
                    range.add(integer: x)
                    j += 1
                    continue
                }
                if let r = FastDecimal.parse(p, n) {
                    if r.isInteger {
                        if CellSyntax.hasLeadingZero(p, n) { result = .needsText; break }
                        if abs(r.value) >= 9_007_199_254_740_992 { allIntegers = false }
                    } else {
                        allIntegers = false
                    }
                    out[j] = r.value
                } else if CellSyntax.isMissing(p, n) {
                    out[j] = .nan
                } else {
                    result = .needsText
                    break
                }
                range.add(out[j])
                j += 1
            }
            values.append(contentsOf: UnsafeBufferPointer(start: out + i, count: j - i), range: range)
            return (j, result)
        }
        while i < batch.count {
            let (p, n) = batch.cell(i, k)
            let result = add(p, n)
            if result != .ok { return (i, result) }
            i += 1
        }
        return (i, .ok)
    }

    /// Goes back from serial identifiers to interning, at a cell that does not fit them.
    private mutating func leaveSerial() {
        guard let s = serial else { return }
        serial = nil
        var fresh = ByteInterner()
        fresh.reserve(s.distinct)
        var rebuilt = CodeAccumulator()
        s.intern(into: &fresh, codes: &rebuilt)
        interner = fresh
        shortCodes = ShortTextCache()
        codes = rebuilt
    }

    /// Switches to text, re-adding the earlier cells from their raw bytes (`cell(i)` gives row `i`).
    mutating func convertToText(_ cell: (Int) -> [UInt8]) {
        let n = values.count
        values = NumericAccumulator()
        mode = .text
        codes.reserveCapacity(max(n * 2, 16))
        for i in 0..<n {
            let bytes = cell(i)
            bytes.withUnsafeBufferPointer { b in
                if let base = b.baseAddress, !CellSyntax.isMissing(base, b.count) {
                    codes.append(interner.intern(base, b.count))
                } else {
                    codes.append(-1)
                }
            }
        }
    }

    /// The finished column.
    ///
    /// Text becomes a `category` when it has at most 100 distinct values, or at most 1,000 that
    /// are each used 20 times on average; otherwise a `string`. A column with no values at all
    /// is a category with no levels.
    func finish(name: String, displayName: String?, description: String?) -> Column {
        switch mode {
        case .undecided:
            return Column(name: name, type: .category, storage: .coded(codes: Codes([Int32](repeating: -1, count: values.count), levelCount: 0), levels: []),
                          missingCount: values.count, displayName: displayName, description: description)
        case .numeric, .boolean, .date:
            let cells = values.finish()
            let type: ColumnType = mode == .boolean ? .boolean : mode == .date ? .date : (allIntegers ? .integer : .number)
            return Column(name: name, type: type, storage: .numeric(cells), missingCount: cells.missingCount,
                          displayName: displayName, description: description)
        case .text:
            var missing = 0
            var levels: Levels
            var finalCodes: Codes
            if let serial {
                var serialCodes: Codes
                (serialCodes, levels, missing) = serial.finish()
                if case .identity = serialCodes.storage, levels.count > 1000 {
                    // (Not a category: no sorting, and no code stored a row.)
                    return Column(name: name, type: .string, storage: .coded(codes: serialCodes, levels: levels), missingCount: 0,
                                  displayName: displayName, description: description)
                }
                finalCodes = serialCodes
            } else {
                finalCodes = codes.finish()
                missing = finalCodes.missingCount
                levels = Levels(interner.strings())
            }
            let distinct = levels.count
            let present = finalCodes.count - missing
            let isCategory = distinct <= 100 || (distinct <= 1000 && distinct * 20 <= present)
            if isCategory {
                let (remap, sorted) = NaturalOrder.order(levels.strings)
                finalCodes = finalCodes.remapped(remap)
                levels = Levels(sorted)
            }
            return Column(name: name, type: isCategory ? .category : .string,
                          storage: .coded(codes: finalCodes, levels: levels), missingCount: missing,
                          displayName: displayName, description: description)
        }
    }
}
