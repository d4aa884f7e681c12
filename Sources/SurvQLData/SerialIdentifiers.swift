/// A text column of serial identifiers, kept as one number per row instead of interned bytes.
///
/// Identifier columns are usually a fixed prefix, a run of decimal digits and a fixed suffix
/// (`P-1000042`, `S-17-T01`, `P0000042`), written in increasing order. Such a column needs no
/// hashing: a cell's key is its digit count and number (`digits << 56 | number`), keys that keep
/// increasing are all distinct, and a cell's bytes are rebuilt from its key. Interning ten million
/// distinct identifiers costs about 100 ns each (a cache miss in a table of hundreds of megabytes);
/// a key costs a few nanoseconds and 8 bytes.
///
/// `ColumnBuilder` switches a text column to this form once it looks like identifiers (see
/// `adopt`) and back to interning at the first cell that does not fit or does not increase, so
/// the codes and levels it finishes with read exactly as the interned ones (codes in order of
/// first appearance, levels their text, which `Levels` writes on demand from the keys).
struct SerialIdentifiers {
    /// The bytes before and after the digits, the same in every cell.
    let prefix: [UInt8]
    let suffix: [UInt8]
    /// Per row: `digitCount << 56 | number`, or `SerialIdentifiers.missing`; only once the rows
    /// stop being a run (see `inRun`).
    private var keys: [UInt64] = []
    /// Whether the rows so far are a consecutive run: no missing cell, each number one more than
    /// the last, written with the first one's digit count (`runFixed`) or with the digits it
    /// needs (`runNatural`). A run stores no keys: `P0` ... `P9999999` costs nothing a row.
    private var inRun = true
    private var runFirst: UInt64 = 0
    private var runFixed = true
    private var runNatural = true
    /// The row count expected, for sizing `keys` when the run ends.
    private var capacity = 0
    /// The last non-missing key (0 before the first; every key is at least `1 << 56`).
    private var last: UInt64 = 0
    /// The number of non-missing cells (all distinct).
    private(set) var distinct = 0

    /// The key of a missing cell.
    static let missing = UInt64.max
    /// At most this many digits (the number stays below 2^56).
    static let maxDigits = 15

    init(prefix: [UInt8], suffix: [UInt8], capacity: Int = 0) {
        self.prefix = prefix
        self.suffix = suffix
        self.capacity = capacity
    }

    /// The number of rows added.
    var count: Int { inRun ? distinct : keys.count }

    /// The key of row `row` (in range).
    @inline(__always)
    func key(at row: Int) -> UInt64 {
        inRun ? run.key(at: row) : keys[row]
    }

    /// The rows so far as a run (meaningful while `inRun`).
    private var run: SerialText {
        SerialText(prefix: prefix, suffix: suffix, first: runFirst, fixedWidth: runFixed, keys: nil, count: distinct)
    }

    /// The key of the bytes, nil when they do not have this pattern. The bytes from `floor` up to
    /// `p` must be readable too (`p` itself when nothing before the cell is known to be): up to 8
    /// digits are read as one word ending at the last one, when it fits above `floor`.
    @inline(__always)
    func key(_ p: UnsafePointer<UInt8>, _ n: Int, readableFrom floor: UnsafePointer<UInt8>) -> UInt64? {
        let pc = prefix.count, sc = suffix.count
        let digits = n - pc - sc
        guard digits >= 1, digits <= SerialIdentifiers.maxDigits else { return nil }
        var number: UInt64 = 0
        let digitEnd = p + pc + digits
        if digits <= 8, digitEnd - floor >= 8 {
            guard let x = FastDecimal.digits(endingAt: digitEnd, count: digits) else { return nil }
            number = x
        } else {
            for k in 0..<digits {
                let d = p[pc + k] &- 0x30
                if d >= 10 { return nil }
                number = number &* 10 &+ UInt64(d)
            }
        }
        let same = prefix.withUnsafeBufferPointer { pre in
            suffix.withUnsafeBufferPointer { suf in
                var ok = true
                for k in 0..<pc where pre[k] != p[k] { ok = false }
                for k in 0..<sc where suf[k] != p[pc + digits + k] { ok = false }
                return ok
            }
        }
        return same ? UInt64(digits) << 56 | number : nil
    }

    /// Ends the run: writes its keys out.
    private mutating func leaveRun() {
        guard inRun else { return }
        let run = self.run
        keys.reserveCapacity(max(capacity, distinct + 1))
        for i in 0..<distinct { keys.append(run.key(at: i)) }
        inRun = false
    }

    /// Adds a missing cell.
    mutating func addMissing() {
        leaveRun()
        keys.append(SerialIdentifiers.missing)
    }

    /// Adds a (non-missing) cell; false, adding nothing, when it does not have the pattern or its
    /// key is not above the previous one. `floor` as for `key` (nil: `p`).
    @inline(__always)
    mutating func add(_ p: UnsafePointer<UInt8>, _ n: Int, readableFrom floor: UnsafePointer<UInt8>? = nil) -> Bool {
        guard let k = key(p, n, readableFrom: floor ?? p), k > last else { return false }
        if inRun {
            let digits = k >> 56, number = k & (1 << 56 - 1)
            // (After a natural number, a larger one of as many digits is natural too: the power
            // of ten is looked up only when the digit count changes.)
            let natural = distinct > 0 && digits == last >> 56
                || digits == 1 || number >= SerialText.powers[Int(digits) - 1]
            if distinct == 0 {
                runFirst = k
                runNatural = natural
            } else {
                let next = number == (last & (1 << 56 - 1)) &+ 1
                let fixed = runFixed && next && digits == runFirst >> 56
                let stillNatural = runNatural && next && natural
                if fixed || stillNatural {
                    runFixed = fixed
                    runNatural = stillNatural
                } else {
                    leaveRun()  // (with the flags the rows so far were written with)
                }
            }
        }
        if !inRun { keys.append(k) }
        last = k
        distinct += 1
        return true
    }

    /// Calls `body` with the text of a (non-missing) key.
    func withBytes<R>(of key: UInt64, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        var text = TextBuffer(self)
        return text.withBytes(of: key, body)
    }

    /// A reusable buffer holding prefix, digits and suffix, for writing many keys' text.
    struct TextBuffer {
        private var bytes: [UInt8]
        private let prefixCount: Int
        private let suffix: [UInt8]

        init(_ s: SerialIdentifiers) {
            bytes = s.prefix + [UInt8](repeating: 0x30, count: SerialIdentifiers.maxDigits + s.suffix.count)
            prefixCount = s.prefix.count
            suffix = s.suffix
        }

        /// Calls `body` with the text of a (non-missing) key.
        @inline(__always)
        mutating func withBytes<R>(of key: UInt64, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
            let digits = Int(key >> 56)
            var number = key & (1 << 56 - 1)
            let pc = prefixCount
            return suffix.withUnsafeBufferPointer { suf in
                bytes.withUnsafeMutableBufferPointer { b in
                    let out = b.baseAddress!
                    var k = pc + digits
                    while k > pc {
                        k -= 1
                        out[k] = 0x30 &+ UInt8(truncatingIfNeeded: number % 10)
                        number /= 10
                    }
                    for j in 0..<suf.count { out[pc + digits + j] = suf[j] }
                    return body(out, pc + digits + suf.count)
                }
            }
        }
    }

    /// The pattern of the strings interned so far, when every one has it and the rows so far
    /// (`codes`, -1 missing) hold them in increasing order of key, each once; nil otherwise.
    /// The keys array is sized for `expectedRows`.
    static func adopt(interner: ByteInterner, codes: Codes, expectedRows: Int) -> SerialIdentifiers? {
        guard interner.count > 0 else { return nil }
        // Try each run of digits of the first string as the serial number.
        let first: [UInt8] = interner.withBytes(of: 0) { Array(UnsafeBufferPointer(start: $0, count: $1)) }
        var runs: [(Int, Int)] = []
        var i = 0
        while i < first.count, runs.count < 4 {
            if first[i] &- 0x30 < 10 {
                let s = i
                while i < first.count, first[i] &- 0x30 < 10 { i += 1 }
                runs.append((s, i))
            } else {
                i += 1
            }
        }
        candidates: for (s, e) in runs {
            var serial = SerialIdentifiers(prefix: Array(first[..<s]), suffix: Array(first[e...]),
                                           capacity: max(expectedRows, codes.count))
            for c in codes {
                if c < 0 { serial.addMissing(); continue }
                if !interner.withBytes(of: Int(c), { serial.add($0, $1) }) { continue candidates }
            }
            return serial
        }
        return nil
    }

    /// Interns every row's text in row order (each is new, so the codes come out as an interner
    /// fed the cells directly would have given them).
    func intern(into interner: inout ByteInterner, codes: inout CodeAccumulator) {
        codes.reserveCapacity(count)
        var text = TextBuffer(self)
        for row in 0..<count {
            let k = key(at: row)
            if k == SerialIdentifiers.missing {
                codes.append(-1)
            } else {
                codes.append(text.withBytes(of: k) { interner.intern($0, $1) })
            }
        }
    }

    /// The finished column: codes (0, 1, 2, ... in row order, -1 missing; none stored for a
    /// run) and the levels, kept as numbers (`SerialText`): no level's text is made.
    func finish() -> (codes: Codes, levels: Levels, missing: Int) {
        if inRun { return (.identity(distinct), Levels(serial: run), 0) }
        var next: Int32 = 0
        let codes = [Int32](unsafeUninitializedCapacity: keys.count) { out, initialized in
            keys.withUnsafeBufferPointer { keys in
                for row in 0..<keys.count {
                    if keys[row] == SerialIdentifiers.missing { out[row] = -1; continue }
                    out[row] = next
                    next &+= 1
                }
            }
            initialized = keys.count
        }
        let present = distinct == keys.count ? keys : keys.filter { $0 != SerialIdentifiers.missing }
        let levels = SerialText(prefix: prefix, suffix: suffix, first: 0, fixedWidth: false, keys: present, count: present.count)
        return (Codes(codes, levelCount: levels.count), Levels(serial: levels), keys.count - distinct)
    }
}
