#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import SurvQLSyntax

/// Options for reading one delimited file into a `Table`.
struct DelimitedReadOptions {
    /// The file's path, for diagnostics.
    var path: String
    /// The field delimiter byte (tab or comma).
    var delimiter: UInt8
    /// Whether RFC 4180 quoting applies (off for cBioPortal files, whose quotes are literal).
    var quoting: Bool = true
    /// Declared types by upper-cased column name; others use `defaultHint`.
    var hints: [String: ColumnHint] = [:]
    var defaultHint: ColumnHint = .infer
    /// Declared types by column position (cBioPortal datatype line); these win over `hints`.
    var hintsByPosition: [ColumnHint] = []
    /// Display names and descriptions by column position (cBioPortal `#` header lines).
    var displayNames: [String] = []
    var descriptions: [String] = []
    /// Pad rows with too few fields with missing cells (with one warning) instead of rejecting them.
    var padShortRows = false
    /// When set, only these columns (upper-cased names) are kept; the others are skipped unparsed.
    var onlyColumns: Set<String>? = nil
    /// Parse bodies of 8 MiB or more in two halves on two threads (files without quotes only).
    var parallel = false
    /// Called now and then with a byte range the parser no longer needs (it may run on any thread).
    var releaseRange: (@Sendable (Int, Int) -> Void)? = nil
    /// Stop after this many errors.
    var maxErrors = 20
}

/// A parsed delimited file: the table plus what diagnostics about its rows need later.
struct DelimitedReadResult {
    var table: Table
    var warnings: [Diagnostic]
    /// One-based line number of the header row.
    var headerLine: Int
    /// Byte offset of each row's record, for quoting a row's text in a later diagnostic.
    var rowStarts: [Int]

    /// The one-based line number of a row, counted from the bytes on demand (diagnostics only),
    /// so no per-row line table is kept.
    func line(ofRow row: Int, in b: UnsafeBufferPointer<UInt8>) -> Int {
        guard row >= 0, row < rowStarts.count else { return 0 }
        let end = min(rowStarts[row], b.count)
        var line = 1
        for k in 0..<end where b[k] == 0x0A { line += 1 }
        return line
    }
}

/// Parses delimited bytes (header row, then records) into typed columns in one pass.
///
/// Cells are trimmed of surrounding spaces. Numbers are parsed straight from the bytes; text is
/// interned per column, so no `String` is made per cell. See `ColumnBuilder` for inference.
enum DelimitedReader {
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, line startLine: Int,
                     options: DelimitedReadOptions) throws -> DelimitedReadResult {
        let path = options.path
        guard let base = buffer.baseAddress, start < buffer.count else {
            throw DiagnosticError(DataMessages.emptyFile(path))
        }
        var tok = RecordTokenizer(base: base, count: buffer.count, delimiter: options.delimiter,
                                  quoting: options.quoting, position: start, line: startLine)
        var fields: [FieldRef] = []
        let headerLine: Int
        switch tok.next(into: &fields) {
        case .end:
            throw DiagnosticError(DataMessages.emptyFile(path))
        case let .unterminatedQuote(line, s, column):
            throw DiagnosticError(DataMessages.malformedHeader(path, line: line, field: 1, text: tok.lineText(at: s),
                                                               "a quoted name at byte \(column) is never closed"))
        case let .record(line, _):
            headerLine = line
        }
        let headerText = tok.lineText(at: tok.lineStart(before: fields.first?.start ?? start))
        var names: [String] = []
        var warnings: [Diagnostic] = []
        var seen: [String: Int] = [:]
        for (k, f) in fields.enumerated() {
            let raw = String(decoding: trim(tok.text(of: f)), as: UTF8.self)
            if raw.isEmpty {
                throw DiagnosticError(DataMessages.malformedHeader(path, line: headerLine, field: k + 1, text: headerText,
                                                                   "column \(k + 1) has no name"))
            }
            var name = raw
            if seen[raw.lowercased()] != nil {
                var n = 2
                while seen["\(raw)_\(n)".lowercased()] != nil { n += 1 }
                name = "\(raw)_\(n)"
                warnings.append(DataMessages.duplicateColumn(path, line: headerLine, field: k + 1, name: raw, renamed: name))
            }
            seen[name.lowercased()] = k
            names.append(name)
        }
        let ncol = names.count
        let hints = names.enumerated().map { k, name in
            k < options.hintsByPosition.count ? options.hintsByPosition[k] : (options.hints[name.uppercased()] ?? options.defaultHint)
        }
        let keep: [Bool] = names.map { options.onlyColumns?.contains($0.uppercased()) ?? true }
        let bodyStart = tok.position
        let setup = RangeSetup(base: base, count: buffer.count, names: names, hints: hints, keep: keep, options: options)

        // On request, large unquoted files are split at a line break and the halves parsed on two
        // threads. Measured on the 10^6 × 20 benchmark this costs about 30% more CPU (merging
        // interned text, second-half reparse on diagnostics) and about 3.1–3.4× the file in peak memory
        // instead of 2.4×, so it pays only on an otherwise idle multi-core machine.
        var parts: [RangeResult]
        let remaining = buffer.count - bodyStart
        var split = bodyStart + remaining / 2
        while split < buffer.count, base[split - 1] != 0x0A { split += 1 }
        let hasQuotes = options.quoting && memchr(base + bodyStart, 0x22, remaining) != nil
        if options.parallel, remaining >= 1 << 23, !hasQuotes, split < buffer.count {
            // The second half starts counting lines at 1; its true first line is known only when
            // the first half is done, so a second half with diagnostics is parsed again with it.
            let box = ParallelBox(setup: setup, ranges: [(bodyStart, split, tok.line), (split, buffer.count, 1)])
            DispatchQueue.concurrentPerform(iterations: 2) { box.run($0) }
            parts = box.results.compactMap { $0 }
            box.results = []
            if parts.count == 2, !parts[1].errors.isEmpty || !parts[1].warnings.isEmpty {
                parts[1] = parseRange(setup, from: split, to: buffer.count, line: parts[0].endLine)
            }
        } else {
            parts = [parseRange(setup, from: bodyStart, to: buffer.count, line: tok.line)]
        }
        var first = parts.removeFirst()
        while !parts.isEmpty {
            // Taken out of `parts` so each half's storage is freed as soon as it is merged.
            var other = parts.removeFirst()
            for k in 0..<ncol where keep[k] {
                let a = first.rowStarts, b = other.rowStarts
                first.builders[k].merge(&other.builders[k],
                                        selfCell: { i in rawCell(base: base, count: buffer.count, delimiter: options.delimiter, quoting: options.quoting, recordStart: a[i], field: k) },
                                        otherCell: { i in rawCell(base: base, count: buffer.count, delimiter: options.delimiter, quoting: options.quoting, recordStart: b[i], field: k) })
            }
            first.rowStarts += other.rowStarts
            first.errors += other.errors
            first.warnings += other.warnings
            for k in 0..<ncol { first.badNumberCounts[k] += other.badNumberCounts[k] }
        }
        warnings += first.warnings
        if !first.errors.isEmpty { throw DiagnosticError(Array(first.errors.prefix(options.maxErrors))) }
        for k in 0..<ncol where first.badNumberCounts[k] > 3 {
            warnings.append(Diagnostic(id: "data.badNumber", severity: .warning,
                                       message: "\(first.badNumberCounts[k]) cells of number column \(names[k]) are not numbers and were treated as missing",
                                       location: .data(path: path, line: headerLine, column: k + 1, lineText: nil)))
        }
        let columns = (0..<ncol).filter { keep[$0] }.map { k in
            first.builders[k].finish(name: names[k],
                                     displayName: k < options.displayNames.count ? options.displayNames[k] : nil,
                                     description: k < options.descriptions.count ? options.descriptions[k] : nil)
        }
        return DelimitedReadResult(table: Table(trusted: columns, rowCount: first.rowStarts.count), warnings: warnings,
                                   headerLine: headerLine, rowStarts: first.rowStarts)
    }

    /// What every part of a parse shares.
    struct RangeSetup {
        let base: UnsafePointer<UInt8>
        let count: Int
        let names: [String]
        let hints: [ColumnHint]
        let keep: [Bool]
        let options: DelimitedReadOptions
    }

    /// The columns and diagnostics of one byte range of the body.
    struct RangeResult {
        var builders: [ColumnBuilder]
        var rowStarts: [Int]
        var errors: [Diagnostic]
        var warnings: [Diagnostic]
        var badNumberCounts: [Int]
        /// The line number after the range.
        var endLine: Int
    }

    /// Runs two range parses on two threads; each writes only its own slot.
    final class ParallelBox: @unchecked Sendable {
        let setup: RangeSetup
        let ranges: [(Int, Int, Int)]
        var results: [RangeResult?]
        init(setup: RangeSetup, ranges: [(Int, Int, Int)]) {
            self.setup = setup
            self.ranges = ranges
            self.results = [RangeResult?](repeating: nil, count: ranges.count)
        }
        func run(_ i: Int) {
            let (from, to, line) = ranges[i]
            let r = DelimitedReader.parseRange(setup, from: from, to: to, line: line)
            results.withUnsafeMutableBufferPointer { $0[i] = r }
        }
    }

    /// Parses the records in `from..<to` (which start and end at line boundaries).
    static func parseRange(_ setup: RangeSetup, from: Int, to: Int, line startLine: Int) -> RangeResult {
        let base = setup.base
        let options = setup.options
        let path = options.path
        let names = setup.names
        let keep = setup.keep
        let ncol = names.count
        var tok = RecordTokenizer(base: base, count: to, delimiter: options.delimiter,
                                  quoting: options.quoting, position: from, line: startLine)
        var fields: [FieldRef] = []
        let expected = estimateRows(base: base, count: to, from: from)
        var builders = setup.hints.enumerated().map { k, hint in ColumnBuilder(hint: hint, expectedRows: keep[k] ? expected : 0) }
        var rowStarts: [Int] = []
        rowStarts.reserveCapacity(expected)
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var badNumberCounts = [Int](repeating: 0, count: ncol)
        var paddedWarned = false
        var extraWarned = false
        var lastRelease = from
        let quoting = options.quoting
        var batch = RecordBatch(base: base, fieldCount: ncol)
        var cellWarnings: [(row: Int, column: Int, diagnostic: Diagnostic)] = []
        records: while true {
            // Simple records (one line, no quotes, the right number of fields) are tokenized in
            // batches and added column by column; anything else goes through `next(into:)` below.
            batch.clear()
            batch.fill(from: &tok)
            if batch.count > 0 {
                for i in 0..<batch.count { rowStarts.append(batch.starts[i]) }
                for k in 0..<ncol where keep[k] {
                    var i = 0
                    while i < batch.count {
                        let (stop, result) = builders[k].add(column: k, of: batch, from: i)
                        if stop == batch.count { break }
                        let (p, n) = batch.cell(stop, k)
                        switch result {
                        case .ok:
                            break
                        case .badNumber:
                            badNumberCounts[k] += 1
                            if badNumberCounts[k] <= 3 {
                                let value = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
                                cellWarnings.append((stop, k, DataMessages.badNumber(path, line: batch.lines[stop], field: k + 1, column: names[k], value: value,
                                                                                     text: tok.lineText(at: batch.starts[stop]))))
                            }
                        case .needsText:
                            builders[k].convertToText { i in
                                rawCell(base: base, count: to, delimiter: options.delimiter, quoting: quoting,
                                        recordStart: rowStarts[i], field: k)
                            }
                            _ = builders[k].add(p, n)
                        }
                        i = stop + 1
                    }
                }
                if !cellWarnings.isEmpty {
                    // in the order a row-by-row parse gives them
                    cellWarnings.sort { ($0.row, $0.column) < ($1.row, $1.column) }
                    warnings += cellWarnings.map(\.diagnostic)
                    cellWarnings.removeAll()
                }
                let recordStart = batch.starts[batch.count - 1]
                if recordStart - lastRelease > 1 << 24, let release = options.releaseRange {
                    release(lastRelease, recordStart)
                    lastRelease = recordStart
                }
                if batch.count == batch.capacity { continue records }
            }
            switch tok.next(into: &fields) {
            case .end:
                break records
            case let .unterminatedQuote(line, s, column):
                errors.append(DataMessages.unterminatedQuote(path, line: line, byte: column, text: tok.lineText(at: s)))
                break records
            case let .record(line, recordStart):
                if fields.count != ncol {
                    if fields.count > ncol, fields[ncol...].allSatisfy({ $0.end == $0.start }) {
                        // Trailing empty fields (a stray delimiter at the end of the line) carry no data.
                        if !extraWarned {
                            extraWarned = true
                            warnings.append(Diagnostic(id: "data.trailingDelimiter", severity: .note,
                                                       message: "line \(line) ends with empty extra fields; they are ignored",
                                                       location: .data(path: path, line: line, column: ncol + 1, lineText: tok.lineText(at: recordStart))))
                        }
                    } else if fields.count < ncol, options.padShortRows {
                        if !paddedWarned {
                            paddedWarned = true
                            warnings.append(Diagnostic(id: "data.shortRow", severity: .warning,
                                                       message: "line \(line) has \(fields.count) fields, the header has \(ncol); missing fields are treated as missing values",
                                                       location: .data(path: path, line: line, column: fields.count + 1, lineText: tok.lineText(at: recordStart))))
                        }
                    } else {
                        errors.append(DataMessages.wrongColumnCount(path, line: line, found: fields.count, expected: ncol,
                                                                   text: tok.lineText(at: recordStart)))
                        if errors.count >= options.maxErrors { break records }
                        continue records
                    }
                }
                rowStarts.append(recordStart)
                if recordStart - lastRelease > 1 << 24, let release = options.releaseRange {
                    release(lastRelease, recordStart)
                    lastRelease = recordStart
                }
                let available = min(fields.count, ncol)
                for k in 0..<ncol where keep[k] {
                    var result: ColumnBuilder.AddResult
                    if k >= available {
                        result = builders[k].add(base, 0)
                    } else {
                        let f = fields[k]
                        if f.escaped {
                            let text = trim(tok.text(of: f))
                            result = text.withUnsafeBufferPointer { b in builders[k].add(b.baseAddress ?? base, b.count) }
                        } else {
                            var s = f.start, e = f.end
                            while s < e, base[s] == 0x20 { s += 1 }
                            while e > s, base[e - 1] == 0x20 { e -= 1 }
                            result = builders[k].add(base + s, e - s)
                        }
                    }
                    switch result {
                    case .ok:
                        break
                    case .badNumber:
                        badNumberCounts[k] += 1
                        if badNumberCounts[k] <= 3 {
                            let value = k < available ? String(decoding: trim(tok.text(of: fields[k])), as: UTF8.self) : ""
                            warnings.append(DataMessages.badNumber(path, line: line, field: k + 1, column: names[k], value: value,
                                                                  text: tok.lineText(at: recordStart)))
                        }
                    case .needsText:
                        builders[k].convertToText { i in
                            rawCell(base: base, count: to, delimiter: options.delimiter, quoting: quoting,
                                    recordStart: rowStarts[i], field: k)
                        }
                        let cell = k < available ? trim(tok.text(of: fields[k])) : []
                        _ = cell.withUnsafeBufferPointer { b in builders[k].add(b.baseAddress ?? base, b.count) }
                    }
                }
            }
        }
        return RangeResult(builders: builders, rowStarts: rowStarts, errors: errors, warnings: warnings,
                           badNumberCounts: badNumberCounts, endLine: tok.line)
    }

    /// The trimmed bytes of field `field` of the record at `recordStart` (empty when absent).
    static func rawCell(base: UnsafePointer<UInt8>, count: Int, delimiter: UInt8, quoting: Bool,
                        recordStart: Int, field: Int) -> [UInt8] {
        var t = RecordTokenizer(base: base, count: count, delimiter: delimiter, quoting: quoting, position: recordStart, line: 1)
        var fs: [FieldRef] = []
        guard case .record = t.next(into: &fs), field < fs.count else { return [] }
        return trim(t.text(of: fs[field]))
    }

    /// Bytes without surrounding spaces.
    static func trim(_ b: [UInt8]) -> [UInt8] {
        var s = 0, e = b.count
        while s < e, b[s] == 0x20 { s += 1 }
        while e > s, b[e - 1] == 0x20 { e -= 1 }
        return (s == 0 && e == b.count) ? b : Array(b[s..<e])
    }

    /// A row-count estimate from the average length of the next few lines, to size arrays once.
    static func estimateRows(base: UnsafePointer<UInt8>, count: Int, from start: Int) -> Int {
        var p = start
        var lines = 0
        while lines < 64, p < count {
            guard let hit = memchrBytes(base + p, 0x0A, count - p) else { p = count; lines += 1; break }
            p += hit + 1
            lines += 1
        }
        guard lines > 0, p > start else { return 0 }
        let average = max(1, (p - start) / lines)
        return min((count - start) / average + 16, (count - start) / 2 + 16) + (count - start) / average / 20
    }

    private static func memchrBytes(_ p: UnsafePointer<UInt8>, _ byte: UInt8, _ n: Int) -> Int? {
        var k = 0
        while k < n {
            if p[k] == byte { return k }
            k += 1
        }
        return nil
    }
}
