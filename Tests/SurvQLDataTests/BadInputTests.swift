import Foundation
import SurvQLData
import SurvQLSyntax
import Testing

/// Loads `text` from a fresh file and checks the first diagnostic's id, line and column.
/// Columns are 1-based byte columns (where the offending field starts), as compilers report them;
/// the messages name the field number.
private func check(_ name: String, _ text: String, id: String, line: Int? = nil, column: Int? = nil,
                   idColumn: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let path = TestSupport.write(name, text)
    let diagnostics = TestSupport.loadFailure(path, idColumn: idColumn)
    guard let d = diagnostics.first else {
        Issue.record("expected \(id), the load succeeded", sourceLocation: sourceLocation)
        return
    }
    #expect(d.id == id, sourceLocation: sourceLocation)
    #expect(d.severity == .error, sourceLocation: sourceLocation)
    #expect(d.hint != nil, sourceLocation: sourceLocation)
    if let line {
        guard case let .data(p, l, c, _) = d.location else {
            Issue.record("no data location: \(d)", sourceLocation: sourceLocation)
            return
        }
        #expect(p == path, sourceLocation: sourceLocation)
        #expect(l == line, sourceLocation: sourceLocation)
        if let column { #expect(c == column, sourceLocation: sourceLocation) }
    }
}

@Test func missingFile() {
    let d = TestSupport.loadFailure("/nonexistent/survql/data.tsv")
    #expect(d.first?.id == "data.fileNotFound")
    #expect(d.first?.message.contains("/nonexistent/survql/data.tsv") == true)
}

@Test func directoryWithoutMetaFiles() {
    let dir = TestSupport.tempDirectory()
    _ = TestSupport.write("notes.txt", "hello", in: dir)
    #expect(TestSupport.loadFailure(dir).first?.id == "data.noMetaFiles")
}

@Test func emptyFile() {
    check("empty.tsv", "", id: "data.emptyFile", line: 1)
    check("blank.tsv", "\n\n", id: "data.emptyFile", line: 1)
}

@Test func malformedHeader() {
    check("header.tsv", "id\t\tage\nA\t1\t2\n", id: "data.malformedHeader", line: 1, column: 4)
}

@Test func wrongColumnCount() {
    check("count.tsv", "id\tage\nA\t1\nB\t2\t3\n", id: "data.wrongColumnCount", line: 3, column: 5)
    check("short.csv", "id,age,sex\nA,1,F\nB,2\n", id: "data.wrongColumnCount", line: 3, column: 4)
}

@Test func unterminatedQuote() {
    check("quote.csv", "id,note\nA,\"open\nB,x\n", id: "data.unterminatedQuote", line: 2, column: 3)
}

@Test func badSurvivalTimes() {
    check("time.tsv", "id\tOS_MONTHS\tOS_STATUS\nA\t12\t1:DECEASED\nB\tsoon\t0:LIVING\n", id: "data.badSurvivalTime", line: 3, column: 3)
    check("neg.tsv", "id\tOS_MONTHS\tOS_STATUS\nA\t-3\t1:DECEASED\n", id: "data.badSurvivalTime", line: 2, column: 3)
}

@Test func unknownStatusCode() {
    check("status.tsv", "id\tOS_MONTHS\tOS_STATUS\nA\t12\t1:DECEASED\nB\t5\t2:MAYBE\n", id: "data.unknownStatus", line: 3, column: 5)
}

@Test func duplicateIdentifiers() {
    check("dup.tsv", "PATIENT_ID\tage\nA\t1\nB\t2\nA\t3\n", id: "data.duplicateIdentifier", line: 4, column: 1)
    check("dupcol.tsv", "x\tkey\n1\tK\n2\tK\n", id: "data.duplicateIdentifier", line: 3, column: 3, idColumn: "key")
    check("noidcol.tsv", "x\tkey\n1\tK\n", id: "data.unknownIdColumn", idColumn: "kee")
}

@Test func binaryFiles() {
    let nul = TestSupport.write("nul.tsv", bytes: Array("id\tx\nA\t1".utf8) + [0, 1, 2])
    let d = TestSupport.loadFailure(nul)
    #expect(d.first?.id == "data.binaryFile")
    if case let .data(_, line, column, _)? = d.first?.location {
        #expect(line == 2)
        #expect(column == 4)
    }
    // The loader looks for NUL bytes while it parses; a NUL byte still comes before a row with
    // the wrong number of fields (line 3), a malformed header, or a NUL-free parse's result.
    for (name, text, line, column) in [("nul-late.tsv", "id\tx\nA\t1\nB\nC\t3\nD\t4\u{0}\n", 5, 4),
                                       ("nul-header.tsv", "id\t\tx\nA\t1\t\u{0}\n", 2, 5),
                                       ("nul-quote.tsv", "id\tx\n\"A\t1\nB\t2\u{0}", 3, 4)] {
        let d = TestSupport.loadFailure(TestSupport.write(name, text))
        #expect(d.count == 1)
        #expect(d.first?.id == "data.binaryFile")
        if case let .data(_, l, c, _)? = d.first?.location {
            #expect(l == line)
            #expect(c == column)
        }
    }
    var rng = SplitMix64(seed: 7)
    let noise = (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next() | 0x80) }
    #expect(TestSupport.loadFailure(TestSupport.write("noise.tsv", bytes: noise)).first?.id == "data.binaryFile")
    // A few Latin-1 accents are not binary.
    let latin1 = Array("id\tname\nA\tJos".utf8) + [0xE9] + Array("\n".utf8)
    #expect(TestSupport.loadFailure(TestSupport.write("latin1.tsv", bytes: latin1)).isEmpty)
}

@Test func cbioportalStudyErrors() throws {
    // A study whose clinical file lacks PATIENT_ID and one with a bad status code.
    let dir = TestSupport.tempDirectory()
    _ = TestSupport.write("meta_clinical_patient.txt", "genetic_alteration_type: CLINICAL\ndatatype: PATIENT_ATTRIBUTES\ndata_filename: data_clinical_patient.txt\n", in: dir)
    _ = TestSupport.write("data_clinical_patient.txt", "#Patient\tOS\tStatus\n#d\td\td\n#STRING\tNUMBER\tSTRING\n#1\t1\t1\nPID\tOS_MONTHS\tOS_STATUS\nA\t1\t1:DECEASED\n", in: dir)
    #expect(TestSupport.loadFailure(dir).first?.id == "data.malformedHeader")
    _ = TestSupport.write("data_clinical_patient.txt", "#Patient\tOS\tStatus\n#d\td\td\n#STRING\tNUMBER\tSTRING\n#1\t1\t1\nPATIENT_ID\tOS_MONTHS\tOS_STATUS\nA\t1\t1:DECEASED\nB\t2\t3:GONE\n", in: dir)
    let d = TestSupport.loadFailure(dir)
    #expect(d.first?.id == "data.unknownStatus")
    if case let .data(_, line, column, text)? = d.first?.location {
        #expect(line == 7)
        #expect(column == 5)
        #expect(text == "B\t2\t3:GONE")
    }
    // No clinical file at all.
    let empty = TestSupport.tempDirectory()
    _ = TestSupport.write("meta_study.txt", "name: x\n", in: empty)
    #expect(TestSupport.loadFailure(empty).first?.id == "data.noClinicalData")
}
