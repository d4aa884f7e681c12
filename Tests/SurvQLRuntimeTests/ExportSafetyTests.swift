import Foundation
import Testing
import SurvQLRuntime
import SurvQLSyntax

/// `export` and `plot` never write over what was loaded, replace another file only with
/// `overwrite`, follow links, write streams directly, and match contents to the extension.
@Suite struct ExportSafetyTests {
    typealias H = HostileSessionTests

    /// A folder with the table `t.tsv` (and a copy of a small real study when asked).
    static func folder(study: Bool = false) -> String {
        let dir = H.tempDir()
        FileManager.default.createFile(atPath: dir + "/t.tsv", contents: Data(H.table.utf8))
        if study {
            try? FileManager.default.copyItem(atPath: packageRoot.path + "/../shared/data/nsclc_pd1_msk_2018", toPath: dir + "/study")
            _ = chmod(dir + "/study", 0o755)
        }
        return dir
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test(arguments: ["t.tsv", "./t.tsv", "sub/../t.tsv", "link.tsv"])
    func exportOverTheLoadedFileIsRefusedEvenWithOverwrite(target: String) throws {
        let dir = Self.folder()
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.tsv", withDestinationPath: "t.tsv")
        let before = Self.bytes(dir + "/t.tsv")
        for clause in ["", " overwrite"] {
            let o = H.run("load \"t.tsv\" as t\nlet old = t where age > 50\nexport old to \"\(target)\"\(clause)", in: dir)
            #expect(o.errors.first?.id == "run.overwritesInput", "\(target)\(clause): \(o.errors)")
            #expect(o.errors.first?.sourceRange != nil)
        }
        #expect(Self.bytes(dir + "/t.tsv") == before)
    }

    @Test func exportOrPlotIntoALoadedStudyIsRefused() throws {
        let dir = Self.folder(study: true)
        for statement in ["export s to \"study/out.tsv\" overwrite", "export s to \"study/data_sv.txt\" overwrite",
                          "plot survival s to \"study/km.svg\"", "export s to \"study/case_lists/x.tsv\""] {
            let o = H.run("load \"study\" as s\n\(statement)", in: dir)
            #expect(o.errors.first?.id == "run.overwritesInput", "\(statement)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/study/out.tsv"))
    }

    @Test func anotherCohortsInputIsProtectedToo() throws {
        let dir = Self.folder()
        FileManager.default.createFile(atPath: dir + "/u.tsv", contents: Data(H.table.utf8))
        let o = H.run("load \"t.tsv\" as t\nload \"u.tsv\" as u\nexport t to \"u.tsv\" overwrite", in: dir)
        #expect(o.errors.first?.id == "run.overwritesInput")
        // Replacing the cohort does not unprotect the file it was loaded from.
        let session = Session()
        _ = H.run("load \"t.tsv\" as t", in: dir, session: session)
        _ = H.run("load \"u.tsv\" as t", in: dir, session: session)
        let o2 = H.run("export t to \"t.tsv\" overwrite", in: dir, session: session)
        #expect(o2.errors.first?.id == "run.overwritesInput")
    }

    @Test func anExistingFileNeedsOverwrite() throws {
        let dir = Self.folder()
        FileManager.default.createFile(atPath: dir + "/out.tsv", contents: Data("keep\n".utf8))
        let o = H.run("load \"t.tsv\" as t\nexport t to \"out.tsv\"", in: dir)
        #expect(o.errors.first?.id == "run.fileExists")
        #expect(Self.bytes(dir + "/out.tsv") == Data("keep\n".utf8))
        let o2 = H.run("load \"t.tsv\" as t\nexport t to \"out.tsv\" overwrite", in: dir)
        #expect(o2.errors.isEmpty, "\(o2.errors)")
        #expect(String(decoding: Self.bytes(dir + "/out.tsv") ?? Data(), as: UTF8.self).hasPrefix("id\tos_months"))
        let o3 = H.run("load \"t.tsv\" as t\nplot survival t to \"km.svg\"\nplot survival t to \"km.svg\"", in: dir, keepGoing: true)
        #expect(o3.errors.map(\.id) == ["run.fileExists"])
        let o4 = H.run("load \"t.tsv\" as t\nplot survival t to \"km.svg\" overwrite", in: dir)
        #expect(o4.errors.isEmpty)
    }

    @Test func aSymlinkStaysALinkAndItsTargetIsWritten() throws {
        let dir = Self.folder()
        FileManager.default.createFile(atPath: dir + "/real.csv", contents: Data("old\n".utf8))
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: "real.csv")
        let o = H.run("load \"t.tsv\" as t\nexport t to \"link.csv\" overwrite", in: dir)
        #expect(o.errors.isEmpty, "\(o.errors)")
        let attrs = try FileManager.default.attributesOfItem(atPath: dir + "/link.csv")
        #expect(attrs[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(String(decoding: Self.bytes(dir + "/real.csv") ?? Data(), as: UTF8.self).hasPrefix("id,os_months,os_status"))
        // A dangling link: the file it names is created.
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.json", withDestinationPath: "new.json")
        let o2 = H.run("load \"t.tsv\" as t\nexport t to \"dangling.json\"", in: dir)
        #expect(o2.errors.isEmpty, "\(o2.errors)")
        #expect(FileManager.default.fileExists(atPath: dir + "/new.json"))
        // No temporary files are left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func contentsMatchTheExtension() throws {
        let dir = Self.folder()
        let o = H.run("""
            load "t.tsv" as t
            export t to "a.tsv"
            export t to "a.csv"
            export t to "a.json"
            survive t
            export last to "s.json"
            export last to "s.csv"
            export last to "s.tsv"
            """, in: dir)
        #expect(o.errors.isEmpty, "\(o.errors)")
        func text(_ f: String) -> String { String(decoding: Self.bytes(dir + "/" + f) ?? Data(), as: UTF8.self) }
        #expect(text("a.tsv").hasPrefix("id\tos_months\tos_status\tage\tstage\n1\t3\t1\t50\tI\n"))
        #expect(text("a.csv").hasPrefix("id,os_months,os_status,age,stage\n1,3,1,50,I\n"))
        let rows = try JSONSerialization.jsonObject(with: Data(text("a.json").utf8)) as? [[String: Any]]
        #expect(rows?.count == 4)
        #expect(rows?.first?["stage"] as? String == "I")
        #expect(try JSONSerialization.jsonObject(with: Data(text("s.json").utf8)) is [String: Any])
        #expect(text("s.csv").hasPrefix("cohort,group,n,events"))
        #expect(text("s.tsv").hasPrefix("cohort\tgroup\tn\tevents"))
    }

    @Test(arguments: ["out.xlsx", "out.txt", "out", "out.parquet"])
    func anUnknownExtensionIsAnErrorNamingTheFormats(name: String) {
        let dir = Self.folder()
        let o = H.run("load \"t.tsv\" as t\nexport t to \"\(name)\"", in: dir)
        #expect(o.errors.first?.id == "run.exportFormat")
        #expect(o.errors.first?.message.contains(".json, .jsonl, .csv, .tsv") == true)
        #expect(!FileManager.default.fileExists(atPath: dir + "/" + name))
    }

    @Test func streamsAreWrittenDirectly() throws {
        let dir = Self.folder()
        // The session's standard-output writer is @Sendable (a session may run on another thread).
        final class Captured: @unchecked Sendable {
            let lock = NSLock()
            var text = ""
        }
        let box = Captured()
        let session = Session()
        session.standardOutput = { s in box.lock.withLock { box.text += s } }
        let o = H.run("load \"t.tsv\" as t\nexport t to \"-\"", in: dir, session: session)
        #expect(o.errors.isEmpty)
        #expect(box.lock.withLock { box.text }.hasPrefix("id\tos_months"))
        let full = H.run("load \"t.tsv\" as t\nexport t to \"/dev/full\"", in: dir)
        #expect(full.errors.first?.id == "run.cannotWrite")
        #expect(full.errors.first?.message.contains("No space left") == true)
        let null = H.run("load \"t.tsv\" as t\nexport t to \"/dev/null\"", in: dir)
        #expect(null.errors.isEmpty)
        #expect(mkfifo(dir + "/fifo", 0o644) == 0)
        let fifo = H.run("load \"t.tsv\" as t\nexport t to \"fifo\"", in: dir)
        #expect(fifo.errors.first?.message.contains("nobody is reading") == true)
        var st = stat()
        #expect(lstat(dir + "/fifo", &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO, "the FIFO is still a FIFO")
    }

    @Test func writingToADirectoryOrAMissingFolderIsAnError() {
        let dir = Self.folder()
        for target in [".", "nope/out.tsv"] {
            let o = H.run("load \"t.tsv\" as t\nexport t to \"\(target)\" overwrite", in: dir)
            #expect(o.errors.first?.id == "run.cannotWrite" || o.errors.first?.id == "run.exportFormat", "\(target): \(o.errors)")
        }
    }
}
