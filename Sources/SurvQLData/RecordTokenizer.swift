/// The byte range of one field inside a record.
struct FieldRef {
    /// Offset of the first byte of the field's content (after an opening quote).
    var start: Int
    /// Offset one past the last byte of the content (before a closing quote).
    var end: Int
    /// Whether the content needs unescaping (doubled quotes, or stray bytes after a closing quote).
    var escaped: Bool
    /// Whether the field is a quoted field followed by stray bytes (`"a"b`); `start` is then the
    /// opening quote itself.
    var malformed: Bool = false
}

/// Splits delimited bytes into records and fields without copying.
///
/// Records end at `\n` (a `\r` before it is dropped, so CRLF files work); blank lines are skipped.
/// With `quoting` on, a field that starts with `"` is quoted as in RFC 4180: it may hold the
/// delimiter and line breaks, and `""` stands for one quote. A quote inside an unquoted field is
/// literal text. Line numbers count every line break, including those inside quotes.
struct RecordTokenizer {
    let base: UnsafePointer<UInt8>
    let count: Int
    let delimiter: UInt8
    let quoting: Bool
    /// Offset of the next unread byte.
    var position: Int
    /// One-based line number of the byte at `position`.
    var line: Int

    /// What `next` found.
    enum Outcome {
        /// A record starting at byte `start` on one-based line `line`.
        case record(line: Int, start: Int)
        /// No more records.
        case end
        /// A quoted field opened on `line` never closes.
        case unterminatedQuote(line: Int, start: Int, column: Int)
    }

    init(base: UnsafePointer<UInt8>, count: Int, delimiter: UInt8, quoting: Bool, position: Int = 0, line: Int = 1) {
        self.base = base
        self.count = count
        self.delimiter = delimiter
        self.quoting = quoting
        self.position = position
        self.line = line
    }

    /// Reads the next non-blank record into `fields` (cleared first).
    mutating func next(into fields: inout [FieldRef]) -> Outcome {
        fields.removeAll(keepingCapacity: true)
        // Skip blank lines (including a lone "\r\n").
        while position < count {
            let c = base[position]
            if c == 0x0A { position += 1; line += 1; continue }
            if c == 0x0D, position + 1 < count, base[position + 1] == 0x0A { position += 2; line += 1; continue }
            if c == 0x0D, position + 1 == count { position += 1; continue }
            break
        }
        if position >= count { return .end }
        let recordStart = position
        let recordLine = line
        let delim = delimiter
        var p = position
        while true {
            // One field.
            if quoting, p < count, base[p] == 0x22 {
                let quoteLine = line
                let quoteColumn = p - lineStart(before: p) + 1
                let contentStart = p + 1
                var q = contentStart
                var escaped = false
                var closed = false
                while q < count {
                    let c = base[q]
                    if c == 0x22 {
                        if q + 1 < count, base[q + 1] == 0x22 { escaped = true; q += 2; continue }
                        closed = true
                        break
                    }
                    if c == 0x0A { line += 1 }
                    q += 1
                }
                if !closed {
                    position = count
                    return .unterminatedQuote(line: quoteLine, start: recordStart, column: quoteColumn)
                }
                let contentEnd = q
                q += 1
                // Bytes after the closing quote (malformed, e.g. `"a"b`) are kept as literal text.
                var tail = q
                while tail < count {
                    let c = base[tail]
                    if c == delim || c == 0x0A || (c == 0x0D && (tail + 1 == count || base[tail + 1] == 0x0A)) { break }
                    tail += 1
                }
                if tail > q {
                    fields.append(FieldRef(start: p, end: tail, escaped: true, malformed: true))
                } else {
                    fields.append(FieldRef(start: contentStart, end: contentEnd, escaped: escaped))
                }
                p = tail
            } else {
                let s = p
                while p < count {
                    let c = base[p]
                    if c == delim || c == 0x0A { break }
                    if c == 0x0D, p + 1 == count || base[p + 1] == 0x0A { break }
                    p += 1
                }
                fields.append(FieldRef(start: s, end: p, escaped: false))
            }
            if p >= count { position = count; break }
            let c = base[p]
            if c == delim { p += 1; if p >= count { fields.append(FieldRef(start: p, end: p, escaped: false)); position = count; break }; continue }
            // End of line: "\n" or "\r\n".
            if c == 0x0D { p += 1 }
            if p < count, base[p] == 0x0A { p += 1 }
            line += 1
            position = p
            break
        }
        return .record(line: recordLine, start: recordStart)
    }

    /// Reads the next record when it is simple: it is not blank, holds no quote character (when
    /// quoting is on) and has exactly `fieldCount` fields. Such a record is a single line, so its
    /// fields are just the bytes between delimiters, found eight bytes at a time. On success the
    /// record's start is returned and `ends[k]` is the offset one past field `k`; otherwise nothing
    /// is consumed and the caller reads the record with `next(into:)`, which handles every case.
    @inline(__always)
    mutating func nextSimpleRecord(fieldCount: Int, ends: UnsafeMutablePointer<Int>) -> Int? {
        let start = position
        guard start < count, fieldCount > 0 else { return nil }
        let first = base[start]
        if first == 0x0A || first == 0x0D { return nil }
        let delim = delimiter
        let lastField = fieldCount - 1
        var found = 0
        var lineEnd = -1
        var p = start
        let raw = UnsafeRawPointer(base)
        let delimiters = RecordTokenizer.broadcast(delim)
        let quotes: UInt64 = quoting ? RecordTokenizer.broadcast(0x22) : 0
        scan: while p + 8 <= count {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self))
            var m = RecordTokenizer.zeroBytes(w ^ delimiters) | RecordTokenizer.zeroBytes(w ^ RecordTokenizer.broadcast(0x0A))
            if quoting { m |= RecordTokenizer.zeroBytes(w ^ quotes) }
            while m != 0 {
                let q = p &+ (m.trailingZeroBitCount &>> 3)
                let c = base[q]
                if c == delim {
                    if found == lastField { return nil }
                    ends[found] = q
                    found += 1
                } else if c == 0x0A {
                    lineEnd = q
                    break scan
                } else {
                    return nil
                }
                m &= m &- 1
            }
            p += 8
        }
        if lineEnd < 0 {
            while p < count {
                let c = base[p]
                if c == delim {
                    if found == lastField { return nil }
                    ends[found] = p
                    found += 1
                } else if c == 0x0A {
                    lineEnd = p
                    break
                } else if c == 0x22 && quoting {
                    return nil
                }
                p += 1
            }
        }
        if found != lastField { return nil }
        let terminated = lineEnd >= 0
        if !terminated { lineEnd = count }
        // "\r\n" ends a line, and so does a "\r" as the file's last byte; a lone "\r" elsewhere is data.
        var contentEnd = lineEnd
        if base[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        ends[lastField] = contentEnd
        position = terminated ? lineEnd + 1 : count
        if terminated || contentEnd < lineEnd { line += 1 }
        return start
    }

    /// `c` in each of the eight bytes of a word.
    @inline(__always)
    static func broadcast(_ c: UInt8) -> UInt64 { UInt64(c) &* 0x0101_0101_0101_0101 }

    /// The high bit of every byte of `x` that is zero, and no other bit.
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & low7) &+ low7) | x | low7)
    }

    /// The offset of the first byte of the line containing `offset`.
    func lineStart(before offset: Int) -> Int {
        var s = offset
        while s > 0, base[s - 1] != 0x0A { s -= 1 }
        return s
    }

    /// The raw text of the line starting at `start` (without its line break), when it is at most
    /// `limit` bytes long.
    func lineText(at start: Int, limit: Int = 240) -> String? {
        var e = start
        while e < count, base[e] != 0x0A { e += 1 }
        if e > start, base[e - 1] == 0x0D { e -= 1 }
        guard e - start <= limit else { return nil }
        return String(decoding: UnsafeBufferPointer(start: base + start, count: e - start), as: UTF8.self)
    }

    /// The content of a field, with doubled quotes unescaped (for the malformed `"a"b` form, the
    /// quoted part unescaped followed by the rest as written).
    func text(of f: FieldRef) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(f.end - f.start)
        var k = f.start
        if !f.escaped {
            while k < f.end { out.append(base[k]); k += 1 }
            return out
        }
        if f.malformed {
            k += 1 // the opening quote
            while k < f.end {
                let c = base[k]
                if c == 0x22 {
                    if k + 1 < f.end, base[k + 1] == 0x22 { out.append(0x22); k += 2; continue }
                    k += 1
                    break
                }
                out.append(c)
                k += 1
            }
            while k < f.end { out.append(base[k]); k += 1 }
            return out
        }
        while k < f.end {
            let c = base[k]
            if c == 0x22, k + 1 < f.end, base[k + 1] == 0x22 { out.append(0x22); k += 2; continue }
            out.append(c)
            k += 1
        }
        return out
    }
}
