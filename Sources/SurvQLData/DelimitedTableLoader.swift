import SurvQLSyntax

/// Loads one TSV or CSV file as a patient-level dataset.
///
/// The delimiter comes from the extension (`.csv` comma; `.tsv`, `.tab`, `.txt` tab), otherwise
/// from the header line (whichever of tab and comma occurs more often; tab on a tie). Quoting
/// follows RFC 4180. The identifier column is `idColumn` when given, else the first of
/// `PATIENT_ID`, `patient_id`, `id` (any case); without one, rows are numbered from 1 and a note
/// says so. `<PREFIX>_MONTHS`/`<PREFIX>_STATUS` pairs become endpoints (unit months).
enum DelimitedTableLoader {
    static func load(path: String, idColumn: String?, delimiter given: UInt8? = nil, parallel: Bool = true) throws -> LoadOutcome {
        let bytes = try FileBuffer(path: path)
        let b = bytes.bytes
        let delimiter = given ?? detectDelimiter(path: path, bytes: b)
        var options = DelimitedReadOptions(path: path, delimiter: delimiter, quoting: true)
        options.parallel = parallel
        options.releaseRange = { [bytes] in bytes.release($0, $1) }
        // NUL bytes are searched while parsing, so the file is read once (and its pages are not
        // all resident at once).
        options.scansNul = true
        try FileBytes.checkText(b, path: path, parallel: parallel, deferringNul: true)
        let result = try DelimitedReader.read(b, from: FileBytes.bomLength(b), line: 1, options: options)
        let file = LoadSupport.ParsedFile(path: path, bytes: bytes, result: result)
        var warnings = result.warnings
        let table = result.table
        try LoadCancellation.check()
        if given == nil, table.columns.count == 1, table.columns[0].name.contains(";") {
            throw DiagnosticError(DataMessages.semicolonSeparated(path, text: table.columns[0].name))
        }
        var idName: String? = idColumn
        if idName == nil {
            idName = ["PATIENT_ID", "id"].first { table.column(named: $0) != nil }
        }
        var ids: Levels
        if let idName {
            ids = try LoadSupport.identifiers(of: file, column: idName)
        } else {
            ids = .rowNumbers(count: table.rowCount)
            warnings.append(Diagnostic(id: "data.rowNumbersAsIds", severity: .note,
                                       message: "'\(path)' has no PATIENT_ID or id column; rows are identified by their number (1, 2, ...)",
                                       location: .data(path: path, line: result.headerLine, column: 1, lineText: nil),
                                       hint: "name the identifier column with `id COLUMN`"))
        }
        try LoadCancellation.check()
        let endpoints = try LoadSupport.endpoints(in: table, unit: "months") { k, row in file.location(row: row, field: k) }
        let dataset = Dataset(name: baseName(path), path: path, kind: .delimitedTable, patients: table,
                              patientIdColumn: idName.flatMap { table.column(named: $0)?.name }, patientIds: ids,
                              endpoints: endpoints)
        return LoadOutcome(dataset: dataset, warnings: warnings)
    }

    static func detectDelimiter(path: String, bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return 0x2C }
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") || lower.hasSuffix(".txt") { return 0x09 }
        var tabs = 0, commas = 0
        var inQuotes = false
        for c in bytes.prefix(1 << 16) {
            if c == 0x22 { inQuotes.toggle() }
            if inQuotes { continue }
            if c == 0x0A { break }
            if c == 0x09 { tabs += 1 } else if c == 0x2C { commas += 1 }
        }
        return commas > tabs ? 0x2C : 0x09
    }

    /// The last path component without its extension.
    static func baseName(_ path: String) -> String {
        var p = Substring(path)
        while p.hasSuffix("/") { p = p.dropLast() }
        let last = p.split(separator: "/").last.map(String.init) ?? String(p)
        if let dot = last.lastIndex(of: "."), dot != last.startIndex { return String(last[..<dot]) }
        return last
    }
}
