import SurvQLSyntax

/// Helpers shared by the loaders: reading a text file into a table, identifiers, endpoints.
enum LoadSupport {
    /// A parsed file with the bytes it came from, so row diagnostics can quote lines.
    struct ParsedFile {
        let path: String
        let bytes: FileBuffer
        let result: DelimitedReadResult

        var table: Table { result.table }

        /// Location of a row and field (field index zero-based into the file's header).
        func location(row: Int, field: Int) -> (path: String, line: Int, field: Int, text: String?)? {
            guard row >= 0, row < result.rowStarts.count else { return nil }
            let start = result.rowStarts[row]
            let b = bytes.bytes
            guard let base = b.baseAddress else { return nil }
            let text = RecordTokenizer(base: base, count: b.count, delimiter: 9, quoting: false).lineText(at: start)
            return (path, result.line(ofRow: row, in: b), field + 1, text)
        }
    }

    /// Reads and checks a text file and parses it from the first line that is not skipped.
    /// `skipHashLines` collects leading lines starting with `#` (cBioPortal metadata, MAF version).
    static func parse(path: String, options: DelimitedReadOptions, skipHashLines: Bool = false,
                      configure: (([[String]]) -> DelimitedReadOptions)? = nil) throws -> (ParsedFile, [[String]]) {
        try LoadCancellation.check()
        let bytes = try FileBuffer(path: path)
        var hashLines: [[String]] = []
        let result: DelimitedReadResult = try { () throws -> DelimitedReadResult in
            let b = bytes.bytes
            try FileBytes.checkText(b, path: path)
            var start = FileBytes.bomLength(b)
            var line = 1
            if skipHashLines, let base = b.baseAddress {
                while start < b.count, base[start] == 0x23 {
                    var e = start
                    while e < b.count, base[e] != 0x0A { e += 1 }
                    var end = e
                    if end > start, base[end - 1] == 0x0D { end -= 1 }
                    let text = String(decoding: UnsafeBufferPointer(start: base + start + 1, count: max(0, end - start - 1)), as: UTF8.self)
                    hashLines.append(text.split(separator: "\t", omittingEmptySubsequences: false).map { String($0) })
                    start = min(e + 1, b.count)
                    line += 1
                }
            }
            var opts = configure?(hashLines) ?? options
            opts.releaseRange = { [bytes] in bytes.release($0, $1) }
            return try DelimitedReader.read(b, from: start, line: line, options: opts)
        }()
        return (ParsedFile(path: path, bytes: bytes, result: result), hashLines)
    }

    /// The identifiers of a table's rows from column `name` (which must exist), rejecting
    /// missing and duplicate identifiers with `data.missingIdentifier` / `data.duplicateIdentifier`.
    static func identifiers(of file: ParsedFile, column name: String) throws -> Levels {
        let table = file.table
        guard let k = table.columnIndex(named: name) else {
            throw DiagnosticError(DataMessages.unknownIdColumn(file.path, name: name, suggestions: table.suggestions(for: name)))
        }
        let column = table.columns[k]
        // Distinct identifiers in order, nothing missing (codes 0, 1, 2, ...): the levels are the
        // identifiers, shared rather than copied.
        if case let .coded(codes, levels) = column.storage, levels.count == codes.count, codes.isIdentity { return levels }
        var ids = [String](repeating: "", count: table.rowCount)
        var errors: [Diagnostic] = []
        // (A `String` a row: the load's cancellation is checked every 65,536 rows.)
        let cancellationMask = (1 << 16) - 1
        func missing(_ row: Int) {
            let l = file.location(row: row, field: k)
            errors.append(DataMessages.missingIdentifier(file.path, line: l?.line ?? row + 2, field: k + 1, column: column.name, text: l?.text))
        }
        func duplicate(_ row: Int, _ first: Int, _ id: String) {
            let l = file.location(row: row, field: k)
            let firstLine = file.location(row: first, field: k)?.line ?? first + 2
            errors.append(DataMessages.duplicateIdentifier(file.path, line: l?.line ?? row + 2, field: k + 1, id: id,
                                                           firstLine: firstLine, column: column.name, text: l?.text))
        }
        if case let .coded(codes, levels) = column.storage {
            // Text cells are interned, so equal identifiers share a code: no hashing needed.
            var firstRow = [Int32](repeating: -1, count: levels.count)
            for row in 0..<codes.count where errors.count < 20 {
                if row & cancellationMask == 0 { try LoadCancellation.check() }
                let c = Int(codes[row])
                if c < 0 { missing(row); continue }
                if firstRow[c] >= 0 { duplicate(row, Int(firstRow[c]), levels[c]); continue }
                firstRow[c] = Int32(row)
                ids[row] = levels[c]
            }
        } else if let values = column.numbers {
            // Numbers are compared by value, not by text: an identifier's text is a function of
            // its value, one-to-one except that -0 and 0 both read "0" (so they are one key).
            // Increasing values (the usual order) are distinct without a look-up; otherwise each
            // value's 8 bytes are interned, and equal values share a code.
            var increasing = true
            var previous = -Double.infinity
            for v in values {
                if !(v > previous) { increasing = false; break }
                previous = v
            }
            var interner = ByteInterner()
            var firstRow: [Int32] = []
            if !increasing {
                interner.reserve(values.count)
                firstRow.reserveCapacity(values.count)
            }
            for row in 0..<values.count where errors.count < 20 {
                if row & cancellationMask == 0 { try LoadCancellation.check() }
                guard let id = column.string(at: row) else { missing(row); continue }
                if !increasing {
                    var key = (values[row] == 0 ? 0 : values[row]).bitPattern
                    let code = Int(withUnsafeBytes(of: &key) { interner.intern($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 8) })
                    if code < firstRow.count { duplicate(row, Int(firstRow[code]), id); continue }
                    firstRow.append(Int32(truncatingIfNeeded: row))
                }
                ids[row] = id
            }
        }
        if !errors.isEmpty { throw DiagnosticError(errors) }
        return Levels(ids)
    }

    /// Finds `<PREFIX>_MONTHS` / `<PREFIX>_STATUS` pairs (any case) and checks them: bad times
    /// and unknown statuses are errors. `field(columnIndex, row)` locates a cell in its file.
    static func endpoints(in table: Table, unit: String,
                          locate: (Int, Int) -> (path: String, line: Int, field: Int, text: String?)?) throws -> [SurvivalEndpoint] {
        var found: [SurvivalEndpoint] = []
        var errors: [Diagnostic] = []
        for (k, c) in table.columns.enumerated() {
            let upper = c.name.uppercased()
            guard upper.hasSuffix("_MONTHS"), upper.count > 7 else { continue }
            let prefix = String(c.name.dropLast(7))
            guard let sk = table.columnIndex(named: prefix + "_STATUS") else { continue }
            let status = table.columns[sk]
            let (times, timeErrors) = SurvivalValues.validateTimes(c) { row in locate(k, row) }
            errors += timeErrors
            let (events, unknown) = SurvivalValues.events(of: status)
            for row in unknown.prefix(20) {
                let value = status.displayString(at: row)
                if let l = locate(sk, row) {
                    errors.append(DataMessages.unknownStatus(l.path, line: l.line, field: l.field, column: status.name, value: value, text: l.text))
                } else {
                    errors.append(Diagnostic(id: "data.unknownStatus", message: "unknown survival status '\(value)' in \(status.name) (row \(row + 1))",
                                             location: .none, hint: "write the status as 1:DECEASED/0:LIVING, 1/0 or TRUE/FALSE"))
                }
            }
            found.append(SurvivalEndpoint(name: prefix.lowercased(), timeColumn: c.name, statusColumn: status.name,
                                          unit: unit, times: times, events: events))
        }
        if !errors.isEmpty { throw DiagnosticError(errors) }
        let rank = ["os": 0, "pfs": 1, "dfs": 2]
        return found.sorted { (rank[$0.name] ?? 9, $0.name) < (rank[$1.name] ?? 9, $1.name) }
    }
}
