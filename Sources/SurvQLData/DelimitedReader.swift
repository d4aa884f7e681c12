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
    /// Parse bodies of 8 MiB or more on two threads, each adding its share of the columns.
    var parallel = false
    /// Called now and then with a byte range the parser no longer needs (it may run on any thread).
    var releaseRange: (@Sendable (Int, Int) -> Void)? = nil
    /// Search the whole buffer for NUL bytes while parsing (the tokenizing thread scans a little
    /// ahead of itself, so no separate pass reads the whole file first) and throw
    /// `data.binaryFile` for the first one, as `FileBytes.checkText` would have before parsing:
    /// a NUL byte is reported instead of any other diagnostic of the read.
    var scansNul = false
    /// Stop after this many errors.
    var maxErrors = 20
    /// Checked every 16,384 rows or 1 MiB and before each column is finished; when cancelled the
    /// read throws `CancellationError`.
    var cancellation: CancellationToken? = LoadCancellation.token
}

/// A parsed delimited file: the table plus what diagnostics about its rows need later.
struct DelimitedReadResult {
    var table: Table
    var warnings: [Diagnostic]
    /// One-based line number of the header row.
    var headerLine: Int
    /// Byte offset of each row's record, for quoting a row's text in a later diagnostic.
    var rowStarts: RowOffsets

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
        guard options.scansNul else { return try readBody(buffer, from: start, line: startLine, options: options) }
        do {
            return try readBody(buffer, from: start, line: startLine, options: options)
        } catch let error as DiagnosticError where error.diagnostics.first?.id != "data.binaryFile" {
            // The read stopped early (at a bad header, or too many errors): a NUL byte anywhere
            // comes first. (A `data.binaryFile` error is already the first NUL byte's: the bytes
            // are scanned in order from the file's start.)
            try FileBytes.checkNoNul(buffer, from: 0, path: options.path, parallel: options.parallel)
            throw error
        }
    }

    /// `read` without the search for NUL bytes before a diagnostic is thrown.
    private static func readBody(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, line startLine: Int,
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
        let setup = DelimitedRangeParser.Setup(base: base, count: buffer.count, names: names, hints: hints, options: options)
        var parser = DelimitedRangeParser(setup: setup, columns: keep, from: tok.position, line: tok.line)
        var columns = [Column?](repeating: nil, count: ncol)
        let displayNames = options.displayNames, descriptions = options.descriptions, columnNames = names
        @Sendable func finish(_ k: Int, _ builder: ColumnBuilder) -> Column {
            builder.finish(name: columnNames[k], displayName: k < displayNames.count ? displayNames[k] : nil,
                           description: k < descriptions.count ? descriptions[k] : nil)
        }
        let kept = keep.filter { $0 }.count
        if options.parallel, buffer.count - tok.position >= 1 << 23, kept >= 2 {
            // Two threads: one tokenizes the records, and each adds its share of the columns from
            // the same batches of tokenized records (see `BatchRing`); no halves to merge, and
            // memory grows only by the second thread's row offsets. The columns are shared out by
            // their cost over the first rows, the tokenizing thread's share counting its tokenizing.
            parser.timed = true
            let firstRelease = PageRelease(parts: 1, release: options.releaseRange)
            parser.progress = { firstRelease.report(part: 0, offset: $0) }
            parser.run(rowLimit: 8192)
            parser.timed = false
            if !parser.finished {
                var share = [Bool](repeating: false, count: ncol)
                var load: [UInt64] = [parser.tokenizeNanoseconds, 0]
                // A column's cost: adding the first rows' cells, plus finishing a column of them
                // (making the levels' text costs as much as adding, for serial identifiers).
                var cost = parser.columnNanoseconds
                // (The faster of two finishes, in case the thread was preempted during one.)
                for k in 0..<ncol where keep[k] {
                    var fastest = UInt64.max
                    for _ in 0..<2 {
                        let clock = DispatchTime.now().uptimeNanoseconds
                        _ = finish(k, parser.builders[k])
                        fastest = min(fastest, DispatchTime.now().uptimeNanoseconds - clock)
                    }
                    cost[k] += fastest
                }
                for k in (0..<ncol).filter({ keep[$0] }).sorted(by: { cost[$0] > cost[$1] }) {
                    let second = load[1] < load[0]
                    share[k] = second
                    load[second ? 1 : 0] += cost[k] + 1
                }
                var other = parser
                parser.columns = (0..<ncol).map { keep[$0] && !share[$0] }
                other.columns = share
                parser.dropOtherColumns()
                other.dropOtherColumns()
                let ring = BatchRing(base: base, fieldCount: ncol, capacity: DelimitedRangeParser.batchCapacity)
                parser.feed = .produce(ring)
                other.feed = .consume(ring)
                let release = PageRelease(parts: 2, release: options.releaseRange)
                parser.progress = { release.report(part: 0, offset: $0) }
                other.progress = { release.report(part: 1, offset: $0) }
                let box = ParallelBox(parsers: [parser, other], columnCount: ncol)
                @Sendable func work(_ i: Int) {
                    let mine = box.parsers + i
                    mine.pointee.run()
                    guard mine.pointee.errors.isEmpty else { return }
                    for k in 0..<ncol where mine.pointee.columns[k] {
                        // A cancelled read finishes no more columns (the rows so far are thrown away).
                        if options.cancellation?.isCancelled == true { return }
                        box.columns[k] = finish(k, mine.pointee.takeBuilder(k))
                    }
                }
                let ran = WorkerThread.run({ work(1) }, alongside: { work(0) })
                if let offset = box.parsers[0].nulOffset { throw FileBytes.nulError(buffer, at: offset, path: path) }
                // Without a second thread, or (which cannot happen: both threads take the same
                // steps unless cancelled) with rows read differently, one thread reads it all
                // again: a table with columns of different lengths must not come out.
                if !ran || (box.parsers[0].rowStarts.count != box.parsers[1].rowStarts.count
                            && options.cancellation?.isCancelled != true) {
                    var serial = options
                    serial.parallel = false
                    return try read(buffer, from: start, line: startLine, options: serial)
                }
                parser = box.parsers[0]
                // Both read every record, so their record diagnostics are the same; the second's
                // cell diagnostics join the first's.
                parser.adopt(cellDiagnosticsOf: box.parsers[1])
                columns = Array(UnsafeBufferPointer(start: box.columns, count: ncol))
            }
        } else {
            let release = PageRelease(parts: 1, release: options.releaseRange)
            parser.progress = { release.report(part: 0, offset: $0) }
            parser.run()
        }
        if let offset = parser.nulOffset { throw FileBytes.nulError(buffer, at: offset, path: path) }
        if options.cancellation?.isCancelled == true { throw CancellationError() }
        if options.scansNul {
            // The bytes the tokenizer did not scan ahead of itself (at most the end of the file).
            try FileBytes.checkNoNul(buffer, from: parser.nulScannedTo, path: path, parallel: options.parallel)
        }
        warnings += parser.warnings.sorted { ($0.row, $0.column) < ($1.row, $1.column) }.map(\.diagnostic)
        if !parser.errors.isEmpty { throw DiagnosticError(Array(parser.errors.prefix(options.maxErrors))) }
        for k in 0..<ncol where parser.badNumberCounts[k] > 3 {
            warnings.append(Diagnostic(id: "data.badNumber", severity: .warning,
                                       message: "\(parser.badNumberCounts[k]) cells of number column \(names[k]) are not numbers and were treated as missing",
                                       location: .data(path: path, line: headerLine, column: k + 1, lineText: nil)))
        }
        let table = try (0..<ncol).filter { keep[$0] }.map { k in
            if options.cancellation?.isCancelled == true { throw CancellationError() }
            return columns[k] ?? finish(k, parser.takeBuilder(k))
        }
        return DelimitedReadResult(table: Table(trusted: table, rowCount: parser.rowStarts.count), warnings: warnings,
                                   headerLine: headerLine, rowStarts: parser.rowStarts)
    }

    /// Two parsers and the columns they finish, for the two threads: each thread works on
    /// its own parser and writes only its own columns' slots.
    final class ParallelBox: @unchecked Sendable {
        let parsers: UnsafeMutablePointer<DelimitedRangeParser>
        let columns: UnsafeMutablePointer<Column?>
        let parserCount: Int
        let columnCount: Int

        init(parsers: [DelimitedRangeParser], columnCount: Int) {
            parserCount = parsers.count
            self.columnCount = columnCount
            self.parsers = .allocate(capacity: parsers.count)
            self.parsers.initialize(from: parsers, count: parsers.count)
            columns = .allocate(capacity: columnCount)
            columns.initialize(repeating: nil, count: columnCount)
        }

        deinit {
            parsers.deinitialize(count: parserCount)
            parsers.deallocate()
            columns.deinitialize(count: columnCount)
            columns.deallocate()
        }
    }

    /// Releases the file's pages once every parser is past them.
    final class PageRelease: @unchecked Sendable {
        private let lock = DispatchQueue(label: "survql.page-release")
        private var offsets: [Int]
        private var released = 0
        private let release: (@Sendable (Int, Int) -> Void)?

        init(parts: Int, release: (@Sendable (Int, Int) -> Void)?) {
            offsets = [Int](repeating: 0, count: parts)
            self.release = release
        }

        func report(part: Int, offset: Int) {
            guard let release else { return }
            lock.sync {
                offsets[part] = offset
                let done = offsets.min() ?? 0
                if done > released {
                    release(released, done)
                    released = done
                }
            }
        }
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
}
