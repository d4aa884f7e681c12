import Dispatch
import SurvQLSyntax

/// Parses the records of a delimited file's body into column builders, resumably: `run` can stop
/// after a number of rows and a copy can go on from there, which is how `DelimitedReader` splits
/// the columns between two threads (each thread reads every record but adds only its columns).
///
/// Simple records (one line, no quotes, the header's field count; nearly all) are tokenized in
/// batches and added column by column; any other record goes through `RecordTokenizer.next`,
/// which handles quoting, blank lines, and rows with too few or too many fields.
struct DelimitedRangeParser {
    /// What every parser of one file shares.
    struct Setup {
        let base: UnsafePointer<UInt8>
        /// The end of the body (the file's size).
        let count: Int
        let names: [String]
        let hints: [ColumnHint]
        let options: DelimitedReadOptions
    }

    /// A diagnostic with its place in a row-by-row parse: row-level ones (column -1) come before
    /// the row's cell diagnostics, which come in column order.
    struct PlacedDiagnostic {
        var row: Int
        var column: Int
        var diagnostic: Diagnostic
    }

    let setup: Setup
    private(set) var tokenizer: RecordTokenizer
    /// The columns this parser adds; the others' builders stay empty.
    var columns: [Bool]
    private(set) var builders: [ColumnBuilder]
    /// Byte offset of each row's record.
    private(set) var rowStarts: RowOffsets
    private(set) var errors: [Diagnostic] = []
    private(set) var warnings: [PlacedDiagnostic] = []
    private(set) var badNumberCounts: [Int]
    /// Whether `run` stopped at the end of the body (or at too many errors, or at a NUL byte).
    private(set) var finished = false
    /// With `options.scansNul`: the bytes before this offset (from the file's start) hold no NUL
    /// byte; the tokenizing parser scans ahead of itself a chunk at a time.
    private(set) var nulScannedTo = 0
    /// With `options.scansNul`: the offset of the file's first NUL byte, once scanned.
    private(set) var nulOffset: Int? = nil
    /// When `timed`: the nanoseconds each batch took to add each column's cells, and to tokenize.
    private var columnBatchNanoseconds: [[UInt64]]
    private var tokenizeBatchNanoseconds: [UInt64] = []
    var timed = false

    /// The time spent adding each column's cells while `timed`, estimated as the median batch's
    /// time times the number of batches: a batch during which the thread was preempted (for
    /// milliseconds, on a busy machine) does not count, nor does a one-off switch of form.
    var columnNanoseconds: [UInt64] { columnBatchNanoseconds.map(DelimitedRangeParser.medianTotal) }
    /// The time spent tokenizing batches while `timed`, estimated in the same way.
    var tokenizeNanoseconds: UInt64 { DelimitedRangeParser.medianTotal(tokenizeBatchNanoseconds) }

    /// The median of `samples` times their count.
    static func medianTotal(_ samples: [UInt64]) -> UInt64 {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        return sorted[sorted.count / 2] &* UInt64(sorted.count)
    }
    /// Where the batches of simple records come from.
    var feed = Feed.own

    /// Where a parser's batches of simple records come from.
    enum Feed {
        /// Its own tokenizer.
        case own
        /// Its own tokenizer, and it publishes each batch in the ring for a consumer.
        case produce(BatchRing)
        /// The ring (a producer tokenizes them); it reads only the records that are not simple.
        case consume(BatchRing)
    }

    /// Records per batch.
    static let batchCapacity = 128
    /// Bytes scanned for NUL at a time, ahead of the tokenizer (so that they are in the cache
    /// when it reads them).
    static let nulChunk = 1 << 18
    /// Called with the offset up to which this parser no longer needs the bytes.
    var progress: ((Int) -> Void)? = nil

    /// `run` next checks the cancellation token once it has this many rows or its tokenizer is
    /// at this byte offset, whichever comes first: before its first record, then every
    /// `cancellationRows` rows or `cancellationBytes` bytes, so that rows of many fields are
    /// checked about as often in time as short ones.
    private var cancellationCheckRow = 0
    private var cancellationCheckByte = 0
    static let cancellationRows = 1 << 14
    static let cancellationBytes = 1 << 20
    private var paddedWarned = false
    private var extraWarned = false
    private var lastProgress: Int
    private var fields: [FieldRef] = []

    init(setup: Setup, columns: [Bool], from: Int, line: Int) {
        self.setup = setup
        self.columns = columns
        tokenizer = RecordTokenizer(base: setup.base, count: setup.count, delimiter: setup.options.delimiter,
                                    quoting: setup.options.quoting, position: from, line: line)
        let expected = DelimitedRangeParser.estimateRows(base: setup.base, count: setup.count, from: from)
        builders = setup.hints.enumerated().map { k, hint in ColumnBuilder(hint: hint, expectedRows: columns[k] ? expected : 0) }
        rowStarts = RowOffsets(fileSize: setup.count, capacity: expected)
        badNumberCounts = [Int](repeating: 0, count: setup.names.count)
        columnBatchNanoseconds = [[UInt64]](repeating: [], count: setup.names.count)
        lastProgress = from
    }

    /// Hands column `k`'s builder to the caller, leaving an empty one.
    mutating func takeBuilder(_ k: Int) -> ColumnBuilder {
        let b = builders[k]
        builders[k] = ColumnBuilder(hint: setup.hints[k], expectedRows: 0)
        return b
    }

    /// Gives up the builders of the columns this parser does not add (another parser owns them).
    mutating func dropOtherColumns() {
        for k in builders.indices where !columns[k] { builders[k] = ColumnBuilder(hint: setup.hints[k], expectedRows: 0) }
    }

    /// Takes the cell diagnostics of `other`, a parser of the same records that added the other
    /// columns.
    mutating func adopt(cellDiagnosticsOf other: DelimitedRangeParser) {
        warnings += other.warnings.filter { $0.column >= 0 && other.columns[$0.column] }
        for k in badNumberCounts.indices where other.columns[k] { badNumberCounts[k] = other.badNumberCounts[k] }
    }

    /// Parses records until the end of the body, too many errors, or at least `rowLimit` rows.
    ///
    /// A consumer (`feed` `.consume`) takes the same batches its producer tokenized, and after
    /// each it moves its own tokenizer to where the producer's stood, so that both go on alike
    /// with the record that is not simple (each reads those itself).
    mutating func run(rowLimit: Int = .max) {
        let base = setup.base
        let options = setup.options
        let path = options.path
        let names = setup.names
        let ncol = names.count
        let to = setup.count
        let quoting = options.quoting
        let feed = self.feed
        // The batch of a parser that tokenizes for itself.
        let own = UnsafeMutablePointer<RecordBatch>.allocate(capacity: 1)
        own.initialize(to: RecordBatch(base: base, fieldCount: ncol, capacity: DelimitedRangeParser.batchCapacity))
        let scratch = BatchScratch(capacity: DelimitedRangeParser.batchCapacity)
        defer {
            own.deinitialize(count: 1)
            own.deallocate()
            switch feed {
            case .own: break
            case let .produce(ring): ring.close()
            case let .consume(ring): ring.abandon()
            }
        }
        let cancellation = options.cancellation
        records: while rowStarts.count < rowLimit {
            if rowStarts.count >= cancellationCheckRow || tokenizer.position >= cancellationCheckByte {
                cancellationCheckRow = rowStarts.count + DelimitedRangeParser.cancellationRows
                cancellationCheckByte = tokenizer.position + DelimitedRangeParser.cancellationBytes
                cancellation?.report(done: rowStarts.last ?? 0, total: to)
                if cancellation?.isCancelled == true {
                    finished = true
                    break records
                }
            }
            let batch: UnsafeMutablePointer<RecordBatch>
            switch feed {
            case .own, .produce:
                if options.scansNul, tokenizer.position + DelimitedRangeParser.nulChunk / 2 > nulScannedTo,
                   nulScannedTo < to, !scanAheadForNul() {
                    finished = true
                    break records
                }
                var ring: BatchRing? = nil
                if case let .produce(r) = feed { ring = r }
                batch = ring?.slotForFilling() ?? own
                if ring == nil { batch.pointee.clear() }
                let clock = timed ? DispatchTime.now().uptimeNanoseconds : 0
                batch.pointee.fill(from: &tokenizer)
                if timed { tokenizeBatchNanoseconds.append(DispatchTime.now().uptimeNanoseconds - clock) }
                ring?.publish(BatchRing.End(position: tokenizer.position, line: tokenizer.line))
            case let .consume(ring):
                guard let (published, end) = ring.next() else {
                    // The producer stopped early (it was cancelled).
                    finished = true
                    break records
                }
                batch = published
                tokenizer.position = end.position
                tokenizer.line = end.line
            }
            let count = batch.pointee.count
            if count > 0 {
                let firstRow = rowStarts.count
                rowStarts.append(batch.pointee.starts, count: count)
                for k in 0..<ncol where columns[k] {
                    let clock = timed ? DispatchTime.now().uptimeNanoseconds : 0
                    var i = 0
                    while i < count {
                        let (stop, result) = builders[k].add(column: k, of: batch.pointee, scratch: scratch, from: i)
                        if stop == count { break }
                        let (p, n) = batch.pointee.cell(stop, k)
                        switch result {
                        case .ok:
                            break
                        case .badNumber:
                            badNumberCounts[k] += 1
                            if badNumberCounts[k] <= 3 {
                                let value = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
                                warnings.append(PlacedDiagnostic(row: firstRow + stop, column: k, diagnostic: DataMessages.badNumber(
                                    path, line: batch.pointee.lines[stop], field: k + 1, column: names[k], value: value,
                                    text: tokenizer.lineText(at: batch.pointee.starts[stop]))))
                            }
                        case .needsText:
                            let starts = rowStarts
                            builders[k].convertToText { i in
                                DelimitedReader.rawCell(base: base, count: to, delimiter: options.delimiter, quoting: quoting,
                                                        recordStart: starts[i], field: k)
                            }
                            _ = builders[k].add(p, n)
                        }
                        i = stop + 1
                    }
                    if timed { columnBatchNanoseconds[k].append(DispatchTime.now().uptimeNanoseconds - clock) }
                }
                reportProgress(batch.pointee.starts[count - 1])
            }
            let full = count == batch.pointee.capacity
            if case let .consume(ring) = feed { ring.release() }
            if full { continue records }
            switch tokenizer.next(into: &fields) {
            case .end:
                finished = true
                break records
            case let .unterminatedQuote(line, s, column):
                errors.append(DataMessages.unterminatedQuote(path, line: line, byte: column, text: tokenizer.lineText(at: s)))
                finished = true
                break records
            case let .record(line, recordStart):
                if !addRecord(line: line, recordStart: recordStart) {
                    finished = true
                    break records
                }
            }
        }
    }

    /// Scans the next chunk of bytes ahead of the tokenizer for a NUL byte (from where the last
    /// scan ended, so every byte from the file's start is scanned once); false when it found one.
    private mutating func scanAheadForNul() -> Bool {
        let end = min(setup.count, max(nulScannedTo, tokenizer.position) + DelimitedRangeParser.nulChunk)
        if let offset = FileBytes.firstNul(setup.base + nulScannedTo, end - nulScannedTo, parallel: false) {
            nulOffset = nulScannedTo + offset
            return false
        }
        nulScannedTo = end
        return true
    }

    /// Adds the record in `fields`; false when the errors reached the limit.
    private mutating func addRecord(line: Int, recordStart: Int) -> Bool {
        let base = setup.base
        let options = setup.options
        let path = options.path
        let names = setup.names
        let ncol = names.count
        let to = setup.count
        let row = rowStarts.count
        if fields.count != ncol {
            if fields.count > ncol, fields[ncol...].allSatisfy({ $0.end == $0.start }) {
                // Trailing empty fields (a stray delimiter at the end of the line) carry no data.
                if !extraWarned {
                    extraWarned = true
                    warnings.append(PlacedDiagnostic(row: row, column: -1, diagnostic: Diagnostic(
                        id: "data.trailingDelimiter", severity: .note,
                        message: "line \(line) ends with empty extra fields; they are ignored",
                        location: .data(path: path, line: line, column: ncol + 1, lineText: tokenizer.lineText(at: recordStart)))))
                }
            } else if fields.count < ncol, options.padShortRows {
                if !paddedWarned {
                    paddedWarned = true
                    warnings.append(PlacedDiagnostic(row: row, column: -1, diagnostic: Diagnostic(
                        id: "data.shortRow", severity: .warning,
                        message: "line \(line) has \(fields.count) fields, the header has \(ncol); missing fields are treated as missing values",
                        location: .data(path: path, line: line, column: fields.count + 1, lineText: tokenizer.lineText(at: recordStart)))))
                }
            } else {
                errors.append(DataMessages.wrongColumnCount(path, line: line, found: fields.count, expected: ncol,
                                                           text: tokenizer.lineText(at: recordStart)))
                return errors.count < options.maxErrors
            }
        }
        rowStarts.append(recordStart)
        reportProgress(recordStart)
        let available = min(fields.count, ncol)
        for k in 0..<ncol where columns[k] {
            var result: ColumnBuilder.AddResult
            if k >= available {
                result = builders[k].add(base, 0)
            } else {
                let f = fields[k]
                if f.escaped {
                    let text = DelimitedReader.trim(tokenizer.text(of: f))
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
                    let value = k < available ? String(decoding: DelimitedReader.trim(tokenizer.text(of: fields[k])), as: UTF8.self) : ""
                    warnings.append(PlacedDiagnostic(row: row, column: k, diagnostic: DataMessages.badNumber(
                        path, line: line, field: k + 1, column: names[k], value: value, text: tokenizer.lineText(at: recordStart))))
                }
            case .needsText:
                let starts = rowStarts
                builders[k].convertToText { i in
                    DelimitedReader.rawCell(base: base, count: to, delimiter: options.delimiter, quoting: options.quoting,
                                            recordStart: starts[i], field: k)
                }
                let cell = k < available ? DelimitedReader.trim(tokenizer.text(of: fields[k])) : []
                _ = cell.withUnsafeBufferPointer { b in builders[k].add(b.baseAddress ?? base, b.count) }
            }
        }
        return true
    }

    /// Reports progress every 16 MiB, so that finished pages of the file can be released.
    @inline(__always)
    private mutating func reportProgress(_ offset: Int) {
        if offset - lastProgress > 1 << 24, let progress {
            progress(offset)
            lastProgress = offset
        }
    }

    /// A row-count estimate from the average length of the next few lines, to size arrays once.
    static func estimateRows(base: UnsafePointer<UInt8>, count: Int, from start: Int) -> Int {
        var p = start
        var lines = 0
        while lines < 64, p < count {
            var hit = p
            while hit < count, base[hit] != 0x0A { hit += 1 }
            if hit == count { p = count; lines += 1; break }
            p = hit + 1
            lines += 1
        }
        guard lines > 0, p > start else { return 0 }
        let average = max(1, (p - start) / lines)
        return min((count - start) / average + 16, (count - start) / 2 + 16) + (count - start) / average / 20
    }
}
