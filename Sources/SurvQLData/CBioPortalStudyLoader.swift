#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SurvQLSyntax

/// Loads a cBioPortal study directory.
///
/// Files are found through `meta_*.txt` (`genetic_alteration_type`, `datatype`, `data_filename`);
/// a meta file whose data file is absent gives a warning. Rules where the format leaves room:
/// - Clinical files may have the four `#` header lines (display name, description, datatype,
///   priority); `NUMBER` columns are read as numbers (a `>`/`<` prefix is dropped, other text is
///   missing with a warning), `STRING` columns as text, `BOOLEAN` and undeclared ones inferred.
///   cBioPortal files use no quoting: quotes are literal.
/// - Patients: the patient file's rows in order, then patients named only by samples (warning).
///   Without a sample file, samples come from the gene panel matrix, case lists and genomic files
///   and each patient id is derived from its sample id (`P-0000001-T01-IM3` → `P-0000001`,
///   `TCGA-A1-A0SB-01` → `TCGA-A1-A0SB`), with a warning.
/// - Sample attributes are lifted to patient level (first sample with a value wins; conflicts
///   counted in `Dataset.liftedAttributes` and noted) unless the patient table has the name.
/// - Profiling per kind (only for kinds whose data file loaded): a sample listed in the gene panel
///   matrix column of the profile's `stable_id` is profiled when its panel is not `NA`; other
///   samples follow the meta's `gene_panel` (all samples of the kind's case list, or all
///   samples), else the kind's case list (`all_cases_with_sv_data`, `_cna`, `_sequenced`, ...),
///   else every sample (with a note). Panel gene lists come from `data_gene_panel_*.txt`.
enum CBioPortalStudyLoader {
    struct Meta {
        let file: String
        var values: [String: String]
        var type: String { values["genetic_alteration_type"]?.uppercased() ?? "" }
        var datatype: String { values["datatype"]?.uppercased() ?? "" }
        var dataFile: String? { values["data_filename"] }
        var stableId: String? { values["stable_id"] }
    }

    struct CaseList {
        /// The file name inside `case_lists`.
        let file: String
        let stableId: String
        let category: String
        let ids: [String]
    }

    static func load(directory: String) throws -> LoadOutcome {
        let dir = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let entries = listDirectory(dir)
        let metaFiles = entries.filter { $0.hasPrefix("meta_") && $0.hasSuffix(".txt") }.sorted()
        guard !metaFiles.isEmpty else { throw DiagnosticError(DataMessages.noMetaFiles(directory)) }
        var warnings: [Diagnostic] = []
        var metas: [Meta] = []
        for f in metaFiles {
            let path = dir + "/" + f
            guard let text = try? readText(path) else {
                warnings.append(Diagnostic(id: "data.unreadable", severity: .warning, message: "cannot read meta file '\(path)'; skipped", location: .none))
                continue
            }
            let meta = Meta(file: f, values: parseKeyValues(text))
            let empty = text.allSatisfy(\.isWhitespace)
            if empty || (meta.type.isEmpty && meta.values["resource_type"] == nil && f != "meta_study.txt") {
                warnings.append(StudyMessages.uselessMeta(path, file: f, empty: empty))
            }
            metas.append(meta)
        }
        warnings += StudyMessages.unnamedDataFiles(dir: dir, entries: entries, metas: metas)
        func dataPath(_ m: Meta) -> String? {
            guard let f = m.dataFile, !f.isEmpty else { return nil }
            let p = dir + "/" + f
            if FileBytes.kind(of: p) != .file {
                warnings.append(Diagnostic(id: "data.missingDataFile", severity: .warning,
                                           message: "\(m.file) names data file '\(f)', which is not in the study; that data is skipped",
                                           location: .none, hint: "add the file or remove the meta file"))
                return nil
            }
            return p
        }
        let title = metas.first { $0.file == "meta_study.txt" }?.values["name"]
        let patientMeta = metas.first { $0.type == "CLINICAL" && $0.datatype == "PATIENT_ATTRIBUTES" }
        let sampleMeta = metas.first { $0.type == "CLINICAL" && ($0.datatype == "SAMPLE_ATTRIBUTES" || $0.datatype == "MIXED_ATTRIBUTES") }
        let svMetas = metas.filter { $0.type == "STRUCTURAL_VARIANT" || $0.type == "FUSION" || $0.datatype == "FUSION" }
        let cnaMetas = metas.filter { $0.type == "COPY_NUMBER_ALTERATION" && ($0.datatype == "DISCRETE" || $0.datatype == "DISCRETE_LONG") }
        let mafMetas = metas.filter { $0.type == "MUTATION_EXTENDED" }
        let matrixMeta = metas.first { $0.type == "GENE_PANEL_MATRIX" }

        let patientPath = patientMeta.flatMap(dataPath)
        let samplePath = sampleMeta.flatMap(dataPath)
        guard patientPath != nil || samplePath != nil else { throw DiagnosticError(DataMessages.noClinicalData(directory)) }

        // Clinical files.
        var patientFile: LoadSupport.ParsedFile?
        var patientIds: [String] = []
        if let p = patientPath {
            let f = try parseClinical(p, &warnings)
            try requireColumn("PATIENT_ID", in: f)
            patientIds = try LoadSupport.identifiers(of: f, column: "PATIENT_ID").strings
            patientFile = f
        }
        // Patients named only by samples are added after the patient file's rows.
        var rowOfPatient = IdentifierIndex(patientIds)
        func patientRow(_ id: String) -> Int32 {
            rowOfPatient.row(of: id) ?? rowOfPatient.append(id)
        }

        var sampleIds: [String] = []
        var samplePatients: [Int32] = []
        var sampleFile: LoadSupport.ParsedFile?
        var rowOfSample = IdentifierIndex([])
        if let p = samplePath {
            let f = try parseClinical(p, &warnings)
            try requireColumn("PATIENT_ID", in: f)
            try requireColumn("SAMPLE_ID", in: f)
            sampleIds = try LoadSupport.identifiers(of: f, column: "SAMPLE_ID").strings
            let pc = f.table.column(named: "PATIENT_ID")!
            let k = f.table.columnIndex(named: "PATIENT_ID")!
            var errors: [Diagnostic] = []
            for row in 0..<f.table.rowCount {
                guard let pid = pc.string(at: row) else {
                    let l = f.location(row: row, field: k)
                    errors.append(DataMessages.missingIdentifier(f.path, line: l?.line ?? 0, field: k + 1, column: "PATIENT_ID", text: l?.text))
                    samplePatients.append(0)
                    continue
                }
                samplePatients.append(patientRow(pid))
            }
            if !errors.isEmpty { throw DiagnosticError(Array(errors.prefix(20))) }
            rowOfSample = IdentifierIndex(sampleIds)
            sampleFile = f
            let extraCount = rowOfPatient.ids.count - patientIds.count
            if patientFile != nil, extraCount > 0 {
                warnings.append(Diagnostic(id: "data.patientOnlyInSamples", severity: .warning,
                                           message: "\(extraCount) patient(s) of the sample file are not in the patient file (first: \(rowOfPatient.ids[patientIds.count])); they are added with missing patient attributes",
                                           location: .data(path: p, line: 1, column: 1, lineText: nil)))
            }
        }
        let deriveSamples = sampleFile == nil

        // Genomic files, read as text tables.
        let panelGenes = loadPanels(dir: dir, entries: entries, &warnings)
        let caseLists = loadCaseLists(dir: dir + "/case_lists", &warnings)
        var matrix: LoadSupport.ParsedFile?
        if let m = matrixMeta, let p = dataPath(m) {
            let f = try parseGenomic(p, only: nil, &warnings)
            if f.table.column(named: "SAMPLE_ID") == nil {
                warnings.append(malformedGenomic(p, "no SAMPLE_ID column; the gene panel matrix is skipped"))
            } else {
                matrix = f
            }
        }
        var svFiles: [(Meta, LoadSupport.ParsedFile)] = []
        for m in svMetas { if let p = dataPath(m) { svFiles.append((m, try parseGenomic(p, only: nil, &warnings))) } }
        var cnaFiles: [(Meta, LoadSupport.ParsedFile)] = []
        for m in cnaMetas {
            if let p = dataPath(m) {
                let long = m.datatype == "DISCRETE_LONG"
                let only: Set<String>? = long ? ["HUGO_SYMBOL", "SAMPLE_ID", "VALUE"] : nil
                cnaFiles.append((m, try parseGenomic(p, only: only, numbersByDefault: !long, &warnings)))
            }
        }
        var mafFiles: [(Meta, LoadSupport.ParsedFile)] = []
        for m in mafMetas {
            if let p = dataPath(m) {
                mafFiles.append((m, try parseGenomic(p, only: ["HUGO_SYMBOL", "TUMOR_SAMPLE_BARCODE", "VARIANT_CLASSIFICATION", "HGVSP_SHORT", "AMINO_ACID_CHANGE"], &warnings)))
            }
        }

        if !deriveSamples {
            warnings += StudyMessages.unknownCaseListSamples(caseLists, dir: dir + "/case_lists", known: &rowOfSample)
            if let matrix, let c = matrix.table.column(named: "SAMPLE_ID") {
                let ids = (0..<c.count).compactMap { c.string(at: $0) }
                if let w = StudyMessages.unknownSamples(ids, in: matrix.path, what: "the gene panel matrix", known: &rowOfSample) { warnings.append(w) }
            }
        }

        // Without a sample file, every sample named anywhere becomes a sample of a derived patient.
        if deriveSamples {
            var named: [String] = []
            if let matrix, let c = matrix.table.column(named: "SAMPLE_ID") { for r in 0..<c.count { if let s = c.string(at: r) { named.append(s) } } }
            for cl in caseLists { named += cl.ids }
            for (_, f) in svFiles { named += columnStrings(f.table, ["SAMPLE_ID", "TUMOR_SAMPLE_BARCODE"]) }
            for (_, f) in mafFiles { named += columnStrings(f.table, ["TUMOR_SAMPLE_BARCODE"]) }
            for (m, f) in cnaFiles {
                if m.datatype == "DISCRETE_LONG" { named += columnStrings(f.table, ["SAMPLE_ID"]) } else {
                    named += f.table.columnNames.filter { !cnaGeneColumns.contains($0.uppercased()) }
                }
            }
            var added = 0
            for s in named where rowOfSample.row(of: s) == nil {
                rowOfSample.append(s)
                sampleIds.append(s)
                samplePatients.append(patientRow(derivePatientId(s)))
                added += 1
            }
            warnings.append(Diagnostic(id: "data.derivedPatients", severity: .warning,
                                       message: "the study has no clinical sample file; \(added) samples were taken from its genomic files and case lists, each patient derived from the sample id (P-0000001-T01-IM3 → P-0000001)",
                                       location: .none,
                                       hint: rowOfPatient.ids.count == patientIds.count ? nil : "\(rowOfPatient.ids.count - patientIds.count) derived patients are not in the patient file; they have no clinical attributes"))
        }
        let allPatientIds = rowOfPatient.ids
        let patientCount = allPatientIds.count
        let hasExtraPatients = patientCount > patientIds.count

        // Patient table: patient file columns (padded for extra patients), then lifted sample attributes.
        var patientColumns: [Column] = []
        if let f = patientFile {
            let pad = (0..<Int32(patientCount)).map { $0 < Int32(patientIds.count) ? $0 : -1 }
            patientColumns = hasExtraPatients ? f.table.selecting(rows: pad).columns : f.table.columns
            if hasExtraPatients, let k = patientColumns.firstIndex(where: { $0.name.uppercased() == "PATIENT_ID" }) {
                patientColumns[k] = Column(name: patientColumns[k].name, type: .string, strings: allPatientIds,
                                           displayName: patientColumns[k].displayName, description: patientColumns[k].description)
            }
        } else {
            patientColumns = [Column(name: "PATIENT_ID", type: .string, strings: allPatientIds)]
        }
        var sampleTable: Table
        var lifted: [LiftedAttribute] = []
        if let f = sampleFile {
            sampleTable = f.table
            let existing = Set(patientColumns.map { $0.name.uppercased() })
            for c in f.table.columns where !existing.contains(c.name.uppercased()) && c.name.uppercased() != "SAMPLE_ID" {
                let (col, conflicts) = lift(c, samplePatients: samplePatients, patientCount: patientCount)
                patientColumns.append(col)
                lifted.append(LiftedAttribute(name: c.name, conflictingPatients: conflicts))
            }
            let conflicting = lifted.filter { $0.conflictingPatients > 0 }
            if !conflicting.isEmpty {
                let list = conflicting.map { "\($0.name) (\($0.conflictingPatients))" }.joined(separator: ", ")
                warnings.append(Diagnostic(id: "data.sampleConflict", severity: .note,
                                           message: "patients whose samples disagree, by sample attribute: \(list); at patient level each patient gets its first sample's value",
                                           location: .none, hint: "use the sample-level view to see each sample's value"))
            }
        } else {
            sampleTable = Table(trusted: [Column(name: "SAMPLE_ID", type: .string, strings: sampleIds),
                                          Column(name: "PATIENT_ID", type: .string, strings: samplePatients.map { allPatientIds[Int($0)] })],
                                rowCount: sampleIds.count)
        }
        // Alterations.
        var unknownSamples: [String: Int] = [:]
        func sampleRow(_ id: String, _ file: String) -> Int32? {
            if let r = rowOfSample.row(of: id) { return r }
            unknownSamples[file, default: 0] += 1
            return nil
        }
        var fusions: [FusionEvent] = []
        for (_, f) in svFiles { fusions += readFusions(f, sampleRow: sampleRow, samplePatients: samplePatients, &warnings) }
        var calls: [CopyNumberCall] = []
        var cnaCounts = CopyNumberBurden.Counts(sampleCount: sampleIds.count)
        for (m, f) in cnaFiles {
            calls += readCNA(f, long: m.datatype == "DISCRETE_LONG", sampleRow: sampleRow, samplePatients: samplePatients,
                             counts: &cnaCounts, &warnings)
        }
        var mutations: [MutationRecord] = []
        for (_, f) in mafFiles { mutations += readMAF(f, sampleRow: sampleRow, samplePatients: samplePatients, &warnings) }
        for (file, n) in unknownSamples.sorted(by: { $0.key < $1.key }) {
            warnings.append(Diagnostic(id: "data.unknownSample", severity: .warning,
                                       message: "\(n) row(s) of '\(file)' name samples that are not in the study; they are skipped",
                                       location: .none))
        }

        // Copy-number burden, from the counts taken while reading the discrete CNA files.
        if !cnaFiles.isEmpty {
            let burden = CopyNumberBurden.columns(cnaCounts, samplePatients: samplePatients, patientCount: patientCount)
            if patientColumns.contains(where: { $0.name.uppercased() == CopyNumberBurden.columnName })
                || sampleTable.column(named: CopyNumberBurden.columnName) != nil {
                warnings.append(Diagnostic(id: "data.derivedColumnExists", severity: .warning,
                                           message: "the study already has a column \(CopyNumberBurden.columnName); the derived copy-number burden is not added",
                                           location: .none))
            } else {
                patientColumns.append(burden.patient)
                sampleTable = (try? sampleTable.appending([burden.sample])) ?? sampleTable
            }
        }
        let patients = Table(trusted: patientColumns, rowCount: patientCount)

        // Endpoints, located in the patient file.
        let endpoints = try LoadSupport.endpoints(in: patients, unit: "months") { k, row in
            guard let f = patientFile, let fk = f.table.columnIndex(named: patients.columns[k].name) else { return nil }
            return f.location(row: row, field: fk)
        }


        // Profiling.
        var profiles: [AlterationKind: AlterationProfile] = [:]
        let kinds: [(AlterationKind, [Meta], [String])] = [
            (.structuralVariant, svFiles.map(\.0), ["structural_variants", "sv", "fusion", "fusions"]),
            (.copyNumber, cnaFiles.map(\.0), ["cna", "gistic"]),
            (.mutation, mafFiles.map(\.0), ["mutations", "mutation"]),
        ]
        for (kind, loadedMetas, defaultIds) in kinds where !loadedMetas.isEmpty {
            let (profile, note) = profileSamples(kind: kind, metas: loadedMetas, defaultIds: defaultIds, matrix: matrix,
                                                 caseLists: caseLists, sampleCount: sampleIds.count, rowOfSample: &rowOfSample)
            profiles[kind] = profile
            if let note { warnings.append(note) }
        }
        let index = AlterationIndex(patientCount: patientCount, samplePatient: samplePatients, fusions: fusions,
                                    copyNumberCalls: calls, mutations: mutations, profiles: profiles, panelGenes: panelGenes)
        let dataset = Dataset(name: DelimitedTableLoader.baseName(dir), path: directory, kind: .cbioportalStudy, title: title,
                              patients: patients, patientIdColumn: patients.column(named: "PATIENT_ID")?.name ?? "PATIENT_ID",
                              patientIds: Levels(allPatientIds),
                              samples: SampleTable(ids: sampleIds, patientRows: samplePatients, table: sampleTable),
                              endpoints: endpoints, alterations: index, liftedAttributes: lifted)
        return LoadOutcome(dataset: dataset, warnings: warnings)
    }

    // MARK: Files

    static func listDirectory(_ path: String) -> [String] {
        guard let d = opendir(path) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { out.append(name) }
        }
        return out.sorted()
    }

    static func readText(_ path: String) throws -> String {
        let file = try FileBuffer(path: path)
        return String(decoding: file.bytes, as: UTF8.self)
    }

    /// `key: value` lines (the first colon separates; keys lower-cased; later duplicates ignored).
    static func parseKeyValues(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for raw in lines(of: text) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingSpaces().lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            if out[key] == nil { out[key] = value }
        }
        return out
    }

    /// The non-empty lines of a text, split at line feeds (a `\r\n` pair is one character, so its
    /// `\r` is not part of the line). ASCII text is cut byte by byte, other text by characters.
    static func lines(of text: String) -> [Substring] {
        let b = text.utf8
        guard b.allSatisfy({ $0 < 0x80 }) else { return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) }
        var out: [Substring] = []
        var start = b.startIndex
        var i = b.startIndex
        while i != b.endIndex {
            if b[i] == 0x0A {
                var end = i
                if end > start, b[b.index(before: end)] == 0x0D { end = b.index(before: end) }
                // An empty line, or a lone `\r\n`, is no line (as when splitting at characters).
                if end > start { out.append(Substring(b[start..<end])) }
                start = b.index(after: i)
            }
            i = b.index(after: i)
        }
        if start != b.endIndex { out.append(Substring(b[start..<b.endIndex])) }
        return out
    }

    static func parseClinical(_ path: String, _ warnings: inout [Diagnostic]) throws -> LoadSupport.ParsedFile {
        var headerWarning: Diagnostic?
        let (file, _) = try LoadSupport.parse(path: path, options: DelimitedReadOptions(path: path, delimiter: 9, quoting: false),
                                              skipHashLines: true) { hashLines in
            var o = DelimitedReadOptions(path: path, delimiter: 9, quoting: false)
            guard !hashLines.isEmpty else { return o }
            if hashLines.count < 4 {
                headerWarning = Diagnostic(id: "data.malformedHeader", severity: .warning,
                                           message: "'\(path)' has \(hashLines.count) '#' header line(s); cBioPortal expects 4 (name, description, datatype, priority)",
                                           location: .data(path: path, line: 1, column: 1, lineText: nil))
            }
            o.displayNames = hashLines[0]
            if hashLines.count > 1 { o.descriptions = hashLines[1] }
            if hashLines.count > 2 { o.hintsByPosition = hashLines[2].map { t -> ColumnHint in
                switch t.trimmingSpaces().uppercased() {
                case "NUMBER": return .number
                case "STRING": return .text
                default: return .infer
                }
            } }
            return o
        }
        if let headerWarning { warnings.append(headerWarning) }
        return file
    }

    /// Reads a genomic file. Its rows are validated like clinical rows: a row with fewer or more
    /// fields than the header (a file cut mid-line, a lost tab) is a located error, and cells
    /// that are not numbers in a numeric file are located warnings, which join `warnings`.
    static func parseGenomic(_ path: String, only: Set<String>?, numbersByDefault: Bool = false,
                             _ warnings: inout [Diagnostic]) throws -> LoadSupport.ParsedFile {
        var o = DelimitedReadOptions(path: path, delimiter: 9, quoting: false)
        o.defaultHint = numbersByDefault ? .number : .text
        o.hints = ["HUGO_SYMBOL": .text, "ENTREZ_GENE_ID": .text, "CYTOBAND": .text]
        o.onlyColumns = only
        let file = try LoadSupport.parse(path: path, options: o, skipHashLines: true).0
        // A repeated column name matters only for a column that is read.
        warnings += file.result.warnings.filter { only == nil || $0.id != "data.duplicateColumn" }
        return file
    }

    static func requireColumn(_ name: String, in f: LoadSupport.ParsedFile) throws {
        if f.table.column(named: name) == nil {
            throw DiagnosticError(DataMessages.malformedHeader(f.path, line: f.result.headerLine, field: 1, text: nil,
                                                               "no \(name) column" + (f.table.suggestions(for: name).first.map { " (found '\($0)')" } ?? "")))
        }
    }

    static func malformedGenomic(_ path: String, _ what: String) -> Diagnostic {
        Diagnostic(id: "data.malformedHeader", severity: .warning, message: "'\(path)': \(what)",
                   location: .data(path: path, line: 1, column: 1, lineText: nil))
    }

    static func columnStrings(_ t: Table, _ names: [String]) -> [String] {
        guard let c = names.lazy.compactMap({ t.column(named: $0) }).first else { return [] }
        return (0..<c.count).compactMap { c.string(at: $0) }
    }

    /// `P-0000001-T01-IM3` → `P-0000001`; `TCGA-A1-A0SB-01` → `TCGA-A1-A0SB`; otherwise the id itself.
    static func derivePatientId(_ sample: String) -> String {
        asciiDerivedPatientId(sample) ?? characterDerivedPatientId(sample)
    }

    /// `derivePatientId` character by character (any text).
    static func characterDerivedPatientId(_ sample: String) -> String {
        let parts = sample.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count >= 3, parts[0] == "P", parts[1].allSatisfy(\.isNumber), parts[2].first == "T" {
            return "P-" + parts[1]
        }
        if parts.count == 4, parts[0] == "TCGA" { return parts[0..<3].joined(separator: "-") }
        return sample
    }

    /// `derivePatientId` for an ASCII sample id, byte by byte (an ASCII character is one byte and
    /// `isNumber` only for 0-9); nil for other text, which takes the general path.
    static func asciiDerivedPatientId(_ sample: String) -> String? {
        let b = sample.utf8
        guard b.allSatisfy({ $0 < 0x80 }) else { return nil }
        var dashes: [String.UTF8View.Index] = []
        var i = b.startIndex
        while i != b.endIndex {
            if b[i] == 0x2D { dashes.append(i) }
            i = b.index(after: i)
        }
        // parts: [start..<d0], [d0+1..<d1], [d1+1..<d2 or end], ...
        if dashes.count >= 2 {
            let p0 = b[b.startIndex..<dashes[0]]
            let p1 = b[b.index(after: dashes[0])..<dashes[1]]
            let p2Start = b.index(after: dashes[1])
            if p0.elementsEqual([0x50]), p1.allSatisfy({ $0 &- 0x30 < 10 }), p2Start != b.endIndex, b[p2Start] == 0x54 {
                return "P-" + String(Substring(p1))
            }
        }
        if dashes.count == 3, b[b.startIndex..<dashes[0]].elementsEqual("TCGA".utf8) {
            return String(Substring(b[b.startIndex..<dashes[2]]))
        }
        return sample
    }

    static func loadPanels(dir: String, entries: [String], _ warnings: inout [Diagnostic]) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for f in entries where f.hasPrefix("data_gene_panel_") && f != "data_gene_panel_matrix.txt" && f.hasSuffix(".txt") {
            guard let text = try? readText(dir + "/" + f) else { continue }
            let kv = parseKeyValues(text)
            guard let id = kv["stable_id"], let genes = kv["gene_list"] else { continue }
            out[id.uppercased()] = Set(genes.split(whereSeparator: { $0 == "\t" || $0 == " " }).map { $0.uppercased() })
        }
        return out
    }

    static func loadCaseLists(dir: String, _ warnings: inout [Diagnostic]) -> [CaseList] {
        var unreadable: [Diagnostic] = []
        let lists = listDirectory(dir).filter { $0.hasSuffix(".txt") }.compactMap { f -> CaseList? in
            let text: String
            do { text = try readText(dir + "/" + f) } catch {
                let reason = (error as? DiagnosticError)?.diagnostics.first?.message ?? "unreadable"
                unreadable.append(Diagnostic(id: "data.unreadable", severity: .warning, message: "case list skipped: \(reason)",
                                             location: .data(path: dir + "/" + f, line: 1, column: 1, lineText: nil)))
                return nil
            }
            let kv = parseKeyValues(text)
            guard let ids = kv["case_list_ids"] else { return nil }
            return CaseList(file: f, stableId: kv["stable_id"] ?? f, category: kv["case_list_category"] ?? "",
                            ids: splitCaseListIds(ids))
        }
        warnings += unreadable
        return lists
    }

    /// The ids of a `case_list_ids` value, split at tabs, spaces and commas. ASCII text is split
    /// byte by byte (the same cut: a value holds no line break, so every character is one byte).
    static func splitCaseListIds(_ ids: String) -> [String] {
        var copy = ids
        let ascii: [String]? = copy.withUTF8 { b in
            guard b.allSatisfy({ $0 < 0x80 }) else { return nil }
            var out: [String] = []
            var start = 0
            for k in 0...b.count {
                if k == b.count || b[k] == 0x09 || b[k] == 0x20 || b[k] == 0x2C {
                    if k > start { out.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<k]), as: UTF8.self)) }
                    start = k + 1
                }
            }
            return out
        }
        return ascii ?? ids.split(whereSeparator: { $0 == "\t" || $0 == " " || $0 == "," }).map(String.init)
    }

    // MARK: Lifting

    /// A patient-level copy of a sample column: each patient gets its first sample's non-missing
    /// value; returns how many patients had conflicting non-missing values.
    static func lift(_ c: Column, samplePatients: [Int32], patientCount: Int) -> (Column, Int) {
        var conflicted = [Bool](repeating: false, count: patientCount)
        switch c.storage {
        case let .numeric(v):
            var out = [Double](repeating: .nan, count: patientCount)
            for (s, p) in samplePatients.enumerated() where s < v.count && !v[s].isNaN {
                let pi = Int(p)
                if out[pi].isNaN { out[pi] = v[s] } else if out[pi] != v[s] { conflicted[pi] = true }
            }
            var missing = 0
            for x in out where x.isNaN { missing += 1 }
            return (Column(name: c.name, type: c.type, storage: .numeric(NumericCells(out)), missingCount: missing,
                           displayName: c.displayName, description: c.description), conflicted.filter { $0 }.count)
        case let .coded(codes, levels):
            var out = [Int32](repeating: -1, count: patientCount)
            for (s, p) in samplePatients.enumerated() where s < codes.count && codes[s] >= 0 {
                let pi = Int(p)
                if out[pi] < 0 { out[pi] = codes[s] } else if out[pi] != codes[s] { conflicted[pi] = true }
            }
            let missing = out.filter { $0 < 0 }.count
            return (Column(name: c.name, type: c.type, storage: .coded(codes: Codes(out, levelCount: levels.count), levels: levels), missingCount: missing,
                           displayName: c.displayName, description: c.description), conflicted.filter { $0 }.count)
        }
    }

    // MARK: Alterations

    static func readFusions(_ f: LoadSupport.ParsedFile, sampleRow: (String, String) -> Int32?, samplePatients: [Int32],
                            _ warnings: inout [Diagnostic]) -> [FusionEvent] {
        let t = f.table
        func col(_ names: String...) -> Column? { names.lazy.compactMap { t.column(named: $0) }.first }
        guard let sampleCol = col("Sample_Id", "Tumor_Sample_Barcode", "Sample_ID") else {
            warnings.append(malformedGenomic(f.path, "no Sample_Id column; structural variants skipped"))
            return []
        }
        var out: [FusionEvent] = []
        if let g1 = col("Site1_Hugo_Symbol"), let g2 = col("Site2_Hugo_Symbol") {
            let r1 = col("Site1_Region"), r2 = col("Site2_Region")
            let d1 = col("Site1_Description"), d2 = col("Site2_Description")
            let c1 = col("Site1_Chromosome"), c2 = col("Site2_Chromosome")
            let p1 = col("Site1_Position"), p2 = col("Site2_Position")
            let info = col("Event_Info"), frame = col("Site2_Effect_On_Frame"), cls = col("Class")
            let connection = col("Connection_Type")
            func igr(_ r: Column?, _ d: Column?, _ row: Int) -> Bool {
                if let s = r?.string(at: row), s.uppercased() == "IGR" { return true }
                if let s = d?.string(at: row), s.uppercased().hasPrefix("IGR") { return true }
                return false
            }
            for row in 0..<t.rowCount {
                guard let sid = sampleCol.string(at: row), let s = sampleRow(sid, f.path) else { continue }
                let gene1 = g1.string(at: row)?.uppercased(), gene2 = g2.string(at: row)?.uppercased()
                out.append(FusionEvent(sample: s, patient: samplePatients[Int(s)],
                                       site1Gene: gene1, site2Gene: gene2,
                                       site1Intergenic: igr(r1, d1, row), site2Intergenic: igr(r2, d2, row),
                                       site1Chromosome: c1?.string(at: row), site1Position: p1?.string(at: row).flatMap { Int($0) },
                                       site2Chromosome: c2?.string(at: row), site2Position: p2?.string(at: row).flatMap { Int($0) },
                                       eventInfo: info?.string(at: row), frame: frame?.string(at: row), svClass: cls?.string(at: row),
                                       site1Strand: FusionOrientation.strand(inDescription: d1?.string(at: row), gene: gene1),
                                       site2Strand: FusionOrientation.strand(inDescription: d2?.string(at: row), gene: gene2),
                                       connection: connection?.string(at: row)))
            }
        } else if let hugo = col("Hugo_Symbol"), let fusion = col("Fusion") {
            // Legacy data_fusions.txt: one row per gene of a fusion; the Fusion text gives the order.
            let frame = col("Frame")
            var seen = Set<String>()
            for row in 0..<t.rowCount {
                guard let sid = sampleCol.string(at: row), let s = sampleRow(sid, f.path) else { continue }
                let gene = hugo.string(at: row)
                let text = fusion.string(at: row) ?? ""
                var (up, down) = legacyPartners(text)
                if up == nil, down == nil { up = gene }
                let key = "\(s)|\(up ?? "")|\(down ?? "")"
                guard seen.insert(key).inserted else { continue }
                // The legacy format writes the 5' gene first.
                out.append(FusionEvent(sample: s, patient: samplePatients[Int(s)], site1Gene: up, site2Gene: down,
                                       eventInfo: text.isEmpty ? nil : text, frame: frame?.string(at: row),
                                       orientation: up != nil && down != nil ? .site1Upstream : nil))
            }
        } else {
            warnings.append(malformedGenomic(f.path, "neither Site1_Hugo_Symbol/Site2_Hugo_Symbol nor Hugo_Symbol/Fusion columns; structural variants skipped"))
        }
        return out
    }

    /// `EML4-ALK fusion`, `EML4-ALK`, `EML4::ALK` → (EML4, ALK); otherwise (nil, nil).
    static func legacyPartners(_ text: String) -> (String?, String?) {
        var t = text.trimmingSpaces()
        if t.lowercased().hasSuffix(" fusion") { t = String(t.dropLast(7)) }
        let parts: [String]
        if t.contains("::") { parts = t.split(separator: "::").map(String.init) } else { parts = t.split(separator: "-").map(String.init) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[0].contains(" "), !parts[1].contains(" ") else { return (nil, nil) }
        let up = parts[0].trimmingSpaces(), down = parts[1].trimmingSpaces()
        if down.lowercased() == "intragenic" { return (up, up) }
        return (up, down)
    }

    /// The columns of a wide discrete CNA file that describe the gene, not a sample.
    static let cnaGeneColumns: Set<String> = ["HUGO_SYMBOL", "ENTREZ_GENE_ID", "CYTOBAND"]

    /// The non-neutral calls of a discrete CNA file; `counts` gains, per sample, the genes with a
    /// value (profiled) and those with a value other than 0 (called), for `CopyNumberBurden`.
    static func readCNA(_ f: LoadSupport.ParsedFile, long: Bool, sampleRow: (String, String) -> Int32?, samplePatients: [Int32],
                        counts: inout CopyNumberBurden.Counts, _ warnings: inout [Diagnostic]) -> [CopyNumberCall] {
        let t = f.table
        guard let genes = t.column(named: "Hugo_Symbol") else {
            warnings.append(malformedGenomic(f.path, "no Hugo_Symbol column; copy-number data skipped"))
            return []
        }
        var out: [CopyNumberCall] = []
        if long {
            guard let sc = t.column(named: "Sample_Id"), let vc = t.column(named: "Value") else {
                warnings.append(malformedGenomic(f.path, "long-format copy number needs Sample_Id and Value columns; skipped"))
                return []
            }
            for row in 0..<t.rowCount {
                guard let sid = sc.string(at: row), let s = sampleRow(sid, f.path),
                      let v = vc.string(at: row).flatMap({ FastDecimal.parse($0) }), !v.isNaN else { continue }
                counts.add(sample: s, value: v)
                guard let g = genes.string(at: row), let level = CNALevel(value: v) else { continue }
                out.append(CopyNumberCall(sample: s, patient: samplePatients[Int(s)], gene: g.uppercased(), level: level))
            }
            return out
        }
        for c in t.columns where !cnaGeneColumns.contains(c.name.uppercased()) {
            guard let s = sampleRow(c.name, f.path) else { continue }
            let p = samplePatients[Int(s)]
            for row in 0..<t.rowCount {
                let v = c.number(at: row)
                guard !v.isNaN else { continue }
                counts.add(sample: s, value: v)
                guard v != 0, let level = CNALevel(value: v), let g = genes.string(at: row) else { continue }
                out.append(CopyNumberCall(sample: s, patient: p, gene: g.uppercased(), level: level))
            }
        }
        return out
    }

    static func readMAF(_ f: LoadSupport.ParsedFile, sampleRow: (String, String) -> Int32?, samplePatients: [Int32],
                        _ warnings: inout [Diagnostic]) -> [MutationRecord] {
        let t = f.table
        guard let genes = t.column(named: "Hugo_Symbol"), let sc = t.column(named: "Tumor_Sample_Barcode") else {
            warnings.append(malformedGenomic(f.path, "a MAF needs Hugo_Symbol and Tumor_Sample_Barcode columns; mutations skipped"))
            return []
        }
        let change = t.column(named: "HGVSp_Short") ?? t.column(named: "Amino_Acid_Change")
        let cls = t.column(named: "Variant_Classification")
        var out: [MutationRecord] = []
        for row in 0..<t.rowCount {
            guard let g = genes.string(at: row), let sid = sc.string(at: row), let s = sampleRow(sid, f.path) else { continue }
            var pc = change?.string(at: row)
            if let p = pc, p.hasPrefix("p.") { pc = String(p.dropFirst(2)) }
            out.append(MutationRecord(sample: s, patient: samplePatients[Int(s)], gene: g.uppercased(),
                                      proteinChange: pc, classification: cls?.string(at: row)))
        }
        return out
    }

    // MARK: Profiling

    static func profileSamples(kind: AlterationKind, metas: [Meta], defaultIds: [String], matrix: LoadSupport.ParsedFile?,
                               caseLists: [CaseList], sampleCount: Int, rowOfSample: inout IdentifierIndex) -> (AlterationProfile, Diagnostic?) {
        var profiled = RowSet(universe: sampleCount)
        var panels = [String?](repeating: nil, count: sampleCount)
        var decided = [Bool](repeating: false, count: sampleCount)
        var sources: [String] = []
        let ids = Set(metas.compactMap { $0.stableId?.lowercased() } + defaultIds)
        // 1. The gene panel matrix column of the profile.
        if let matrix, let sc = matrix.table.column(named: "SAMPLE_ID"),
           let pc = matrix.table.columns.first(where: { ids.contains($0.name.lowercased()) }) {
            sources.append("gene panel matrix column \(pc.name)")
            for row in 0..<matrix.table.rowCount {
                guard let sid = sc.string(at: row), let s = rowOfSample.row(of: sid) else { continue }
                decided[Int(s)] = true
                if let panel = pc.string(at: row) {
                    profiled.insert(Int(s))
                    panels[Int(s)] = panel
                }
            }
        }
        // 2./3. The kind's case list, with the meta's gene panel if it names one.
        let categories: [AlterationKind: [String]] = [
            .structuralVariant: ["all_cases_with_sv_data", "all_cases_with_fusion_data", "all_cases_with_structural_variant_data"],
            .copyNumber: ["all_cases_with_cna_data"],
            .mutation: ["all_cases_with_mutation_data"],
        ]
        let suffixes: [AlterationKind: [String]] = [
            .structuralVariant: ["_sv", "_structural_variants", "_fusion", "_fusions"],
            .copyNumber: ["_cna"],
            .mutation: ["_sequenced", "_mutations"],
        ]
        let caseList = caseLists.first { cl in
            (categories[kind] ?? []).contains(cl.category.lowercased())
        } ?? caseLists.first { cl in (suffixes[kind] ?? []).contains { cl.stableId.lowercased().hasSuffix($0) } }
        let metaPanel = metas.compactMap { $0.values["gene_panel"] }.first
        var rest: [Int32] = []
        if let caseList {
            rest = caseList.ids.compactMap { rowOfSample.row(of: $0) }
            sources.append("case list \(caseList.stableId)")
        } else if metaPanel != nil || sources.isEmpty {
            rest = Array(0..<Int32(sampleCount))
        }
        if let metaPanel { sources.append("gene panel \(metaPanel) from the meta file") }
        var note: Diagnostic?
        if sources.isEmpty {
            sources.append("all samples (no gene panel matrix or case list)")
            note = Diagnostic(id: "data.assumedProfiled", severity: .note,
                              message: "no gene panel matrix or case list says which samples were tested for \(kind.rawValue); all samples are taken as tested",
                              location: .none)
        }
        for s in rest where !decided[Int(s)] {
            decided[Int(s)] = true
            profiled.insert(Int(s))
            panels[Int(s)] = metaPanel
        }
        return (AlterationProfile(samples: profiled, samplePanels: panels, source: sources.joined(separator: "; ")), note)
    }
}
