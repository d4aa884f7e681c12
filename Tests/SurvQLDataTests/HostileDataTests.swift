import Foundation
import Testing
import SurvQLData
import SurvQLSyntax

/// Loading the unreadable and the damaged: every case is a located diagnostic, never a hang,
/// a trap or a silently partial load. Broken studies are copies of small real ones in a
/// temporary folder (../shared is never modified).
@Suite struct HostileDataTests {
    static func load(_ path: String, separator: String? = nil) -> (LoadOutcome?, [Diagnostic]) {
        do {
            let o = try DataLoader.load(path: path, separator: separator)
            return (o, o.warnings)
        } catch let e as DiagnosticError {
            return (nil, e.diagnostics)
        } catch {
            Issue.record("unexpected error \(error)")
            return (nil, [])
        }
    }

    // MARK: Reading the unreadable

    @Test(arguments: ["/dev/zero", "/dev/null", "/dev/urandom"])
    func devicesAreRefusedWithoutReading(path: String) {
        let start = Date()
        let (o, ds) = Self.load(path)
        #expect(o == nil)
        #expect(ds.first?.id == "data.notRegularFile")
        #expect(ds.first?.message.contains("character device") == true)
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func aFifoWithoutWriterDoesNotBlock() {
        let dir = TestSupport.tempDirectory()
        #expect(mkfifo(dir + "/p.tsv", 0o644) == 0)
        let start = Date()
        let (o, ds) = Self.load(dir + "/p.tsv")
        #expect(o == nil)
        #expect(ds.first?.id == "data.notRegularFile")
        #expect(ds.first?.message.contains("FIFO") == true)
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func aFifoInsideAStudyDoesNotBlock() throws {
        let dir = TestSupport.tempDirectory() + "/s"
        try FileManager.default.copyItem(atPath: TestSupport.study("nsclc_pd1_msk_2018"), toPath: dir)
        _ = chmod(dir, 0o755)
        try FileManager.default.removeItem(atPath: dir + "/data_sv.txt")
        #expect(mkfifo(dir + "/data_sv.txt", 0o644) == 0)
        let (o, ds) = Self.load(dir)
        // The meta file's check sees a FIFO where a data file should be: skipped with a warning
        // or refused; never a hang.
        #expect(o == nil || ds.contains { $0.id == "data.missingDataFile" || $0.id == "data.notRegularFile" })
    }

    @Test func symlinkLoopsAreNamedAsLoops() throws {
        let dir = TestSupport.tempDirectory()
        try FileManager.default.createSymbolicLink(atPath: dir + "/a.tsv", withDestinationPath: dir + "/b.tsv")
        try FileManager.default.createSymbolicLink(atPath: dir + "/b.tsv", withDestinationPath: dir + "/a.tsv")
        try FileManager.default.createSymbolicLink(atPath: dir + "/self.tsv", withDestinationPath: "self.tsv")
        for p in ["a.tsv", "self.tsv"] {
            let (o, ds) = Self.load(dir + "/" + p)
            #expect(o == nil)
            #expect(ds.first?.id == "data.symlinkLoop", "\(p): \(ds)")
            #expect(ds.first?.message.contains("loop") == true)
        }
    }

    @Test(arguments: ["utf-16", "utf-16-le", "utf-16-be"])
    func utf16IsNamedAsSuch(encoding: String) throws {
        let text = "PATIENT_ID\tage\nP1\t50\nP2\t61\n"
        let data: Data
        switch encoding {
        case "utf-16": data = text.data(using: .utf16)!               // with a byte-order mark
        case "utf-16-le": data = text.data(using: .utf16LittleEndian)! // none
        default: data = text.data(using: .utf16BigEndian)!
        }
        let path = TestSupport.write("t.tsv", bytes: Array(data))
        let (o, ds) = Self.load(path)
        #expect(o == nil)
        #expect(ds.first?.id == "data.utf16File", "\(ds)")
        #expect(ds.first?.message.contains("UTF-16") == true)
        #expect(ds.first?.location.fileLineColumn?.line == 1)
    }

    @Test func binaryIsStillBinary() {
        var bytes: [UInt8] = Array("PATIENT_ID\tage\n".utf8)
        bytes += (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        let (o, ds) = Self.load(TestSupport.write("b.tsv", bytes: bytes))
        #expect(o == nil)
        #expect(ds.first?.id == "data.binaryFile")
    }

    @Test func aDirectoryThatIsNotAStudy() {
        let dir = TestSupport.tempDirectory()
        _ = TestSupport.write("notes.txt", "hello\n", in: dir)
        let (o, ds) = Self.load(dir)
        #expect(o == nil)
        #expect(ds.first?.id == "data.noMetaFiles")
    }

    @Test(arguments: [
        ("id;age;os_months\n1;50;3\n2;61;8\n", "t.csv"),
        ("id;age\n1;50\n", "t.csv"),
        ("PATIENT_ID;AGE\nP1;50\n", "t.txt"),
    ])
    func semicolonSeparatedIsAnErrorWithTheSepHint(text: String, name: String) {
        let path = TestSupport.write(name, text)
        let (o, ds) = Self.load(path)
        #expect(o == nil)
        #expect(ds.first?.id == "data.semicolonSeparated")
        #expect(ds.first?.hint?.contains("sep \";\"") == true)
        let (o2, ds2) = Self.load(path, separator: ";")
        #expect(ds2.filter { $0.severity == .error }.isEmpty, "\(ds2)")
        #expect((o2?.dataset.patients.columns.count ?? 0) >= 2)
    }

    @Test(arguments: ["ab", "", "\n", "\""])
    func aBadSeparatorIsAnError(sep: String) {
        let (o, ds) = Self.load(TestSupport.write("t.csv", "id,age\n1,2\n"), separator: sep)
        #expect(o == nil)
        #expect(ds.first?.id == "data.badSeparator")
    }

    @Test func oneColumnWithoutSemicolonsStillLoads() {
        let (o, ds) = Self.load(TestSupport.write("t.csv", "id\n1\n2\n"))
        #expect(o != nil, "\(ds)")
    }

    // MARK: Silent partial loads of a study

    /// A writable copy of a small real study.
    static func studyCopy(_ name: String = "nsclc_pd1_msk_2018") throws -> String {
        let dir = TestSupport.tempDirectory() + "/" + name
        try FileManager.default.copyItem(atPath: TestSupport.study(name), toPath: dir)
        for f in (try FileManager.default.subpathsOfDirectory(atPath: dir)) + [""] { _ = chmod(dir + "/" + f, 0o755) }
        return dir
    }

    static func edit(_ path: String, _ change: (inout [String]) -> Void) throws {
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        change(&lines)
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aMutationFileCutMidLineIsAnErrorAtTheCut() throws {
        let dir = try Self.studyCopy()
        let path = dir + "/data_mutations.txt"
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        for fraction in [0.5, 0.25, 0.9] {
            var cut = Int(Double(data.count) * fraction)
            while data[cut - 1] == 0x09 || data[cut - 1] == 0x0A { cut += 1 }
            try data.prefix(cut).write(to: URL(fileURLWithPath: path))
            let (o, ds) = Self.load(dir)
            #expect(o == nil, "cut at \(fraction)")
            let e = ds.first { $0.severity == .error }
            #expect(e?.id == "data.wrongColumnCount", "\(ds)")
            let expectedLine = data.prefix(cut).filter { $0 == 0x0A }.count + 1
            #expect(e?.location.fileLineColumn?.line == expectedLine)
        }
    }

    @Test(arguments: [3, 100, 400])
    func aCNARowOneFieldShortIsAnError(row: Int) throws {
        let dir = try Self.studyCopy()
        try Self.edit(dir + "/data_cna.txt") { lines in
            var f = lines[row].components(separatedBy: "\t")
            f.removeLast()
            lines[row] = f.joined(separator: "\t")
        }
        let (o, ds) = Self.load(dir)
        #expect(o == nil)
        let e = ds.first { $0.severity == .error }
        #expect(e?.id == "data.wrongColumnCount")
        #expect(e?.location.fileLineColumn?.line == row + 1)
    }

    @Test func aCNAValueThatIsNotANumberIsLocated() throws {
        let dir = try Self.studyCopy()
        try Self.edit(dir + "/data_cna.txt") { lines in
            var f = lines[5].components(separatedBy: "\t")
            f[3] = "two"
            lines[5] = f.joined(separator: "\t")
        }
        let (o, ds) = Self.load(dir)
        #expect(o != nil)
        let w = ds.first { $0.id == "data.badNumber" }
        #expect(w?.location.fileLineColumn?.line == 6, "\(ds.map(\.description))")
    }

    @Test func anSVRowWithAnExtraFieldIsAnError() throws {
        let dir = try Self.studyCopy()
        try Self.edit(dir + "/data_sv.txt") { lines in lines[2] += "\textra" }
        let (o, ds) = Self.load(dir)
        #expect(o == nil)
        #expect(ds.first { $0.severity == .error }?.id == "data.wrongColumnCount")
    }

    @Test(arguments: ["", "   \n\n", "datatype: PATIENT_ATTRIBUTES\n"])
    func anEmptyOrTypelessMetaFileIsReported(text: String) throws {
        let dir = try Self.studyCopy()
        try text.write(toFile: dir + "/meta_clinical_patient.txt", atomically: true, encoding: .utf8)
        let (o, ds) = Self.load(dir)
        #expect(o != nil)
        let meta = ds.first { $0.id == "data.emptyMeta" }
        #expect(meta?.location.fileLineColumn?.file.hasSuffix("meta_clinical_patient.txt") == true)
        let unnamed = ds.first { $0.id == "data.unnamedDataFile" }
        #expect(unnamed?.message.contains("data_clinical_patient.txt") == true)
    }

    @Test func caseListsNamingUnknownSamplesWarnAndDoNotCount() throws {
        let dir = try Self.studyCopy()
        let caseLists = try FileManager.default.contentsOfDirectory(atPath: dir + "/case_lists")
        let sv = try #require(caseLists.first { $0.contains("sv") } ?? caseLists.first)
        let (before, _) = Self.load(dir)
        try Self.edit(dir + "/case_lists/" + sv) { lines in
            for i in lines.indices where lines[i].hasPrefix("case_list_ids:") {
                lines[i] += "\tNOT-A-SAMPLE-1\tNOT-A-SAMPLE-2\tNOT-A-SAMPLE-3\tNOT-A-SAMPLE-4"
            }
        }
        let (after, ds) = Self.load(dir)
        let w = try #require(ds.first { $0.id == "data.unknownSample" })
        #expect(w.message.contains("4 samples"))
        #expect(w.message.contains("NOT-A-SAMPLE-1"))
        #expect(w.message.contains("..."))
        #expect(w.location.fileLineColumn?.file.hasSuffix(sv) == true)
        for kind in AlterationKind.allCases {
            #expect(after?.dataset.alterations.profiles[kind]?.samples.count == before?.dataset.alterations.profiles[kind]?.samples.count)
        }
        #expect(after?.dataset.samples?.ids.count == before?.dataset.samples?.ids.count)
    }

    @Test func thePanelMatrixNamingUnknownSamplesWarns() throws {
        let dir = try Self.studyCopy()
        try Self.edit(dir + "/data_gene_panel_matrix.txt") { lines in
            let cols = lines[0].components(separatedBy: "\t").count
            lines.insert((["GHOST-1"] + Array(repeating: "IMPACT341", count: cols - 1)).joined(separator: "\t"), at: 1)
        }
        let (o, ds) = Self.load(dir)
        #expect(o != nil)
        #expect(ds.contains { $0.id == "data.unknownSample" && $0.message.contains("GHOST-1") })
    }

    @Test func realStudiesLoadWithoutNewErrors() {
        for name in ["nsclc_pd1_msk_2018", "cbioportal_study_es_0", "msk_impact_2017"] {
            let (o, ds) = Self.load(TestSupport.study(name))
            #expect(o != nil, "\(name): \(ds)")
            #expect(!ds.contains { $0.id == "data.emptyMeta" || $0.id == "data.unnamedDataFile" || $0.id == "data.unknownSample" }, "\(name): \(ds)")
        }
    }
}
