import Testing
import SurvQLSyntax

/// The formatter's output is bounded whatever the input: long lines are quoted as a slice
/// around the caret, long messages are cut, control bytes are shown as `?`.
@Suite struct DiagnosticFormatterBoundsTests {
    static func format(_ text: [UInt8], at offset: Int, length: Int = 1, message: String = "bad") -> String {
        let file = SourceFile(name: "f.survql", bytes: text)
        let d = Diagnostic("test.bad", .error, message, file: file, range: SourceRange(start: offset, end: offset + length))
        return DiagnosticFormatter().format(d)
    }

    @Test(arguments: [0, 10, 5_000, 99_990, 99_999])
    func aLongLineIsQuotedAsASliceAroundTheCaret(offset: Int) {
        var line = [UInt8](repeating: UInt8(ascii: "x"), count: 100_000)
        line[offset] = UInt8(ascii: "@")
        let out = Self.format(line, at: offset)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(out.utf8.count < 600, "\(out.utf8.count) bytes")
        #expect(lines[0].hasPrefix("f.survql:1:\(offset + 1): error: bad"))
        // The caret sits under the '@'.
        let quoted = Array(lines[1].utf8), marks = Array(lines[2].utf8)
        let caret = marks.firstIndex(of: UInt8(ascii: "^"))!
        #expect(quoted[caret] == UInt8(ascii: "@"), "\(lines[1])\n\(lines[2])")
        #expect(offset < 200 || lines[1].contains("| ..."))
        #expect(offset > 99_800 || lines[1].hasSuffix("..."))
    }

    @Test func aLongUnderlineIsCutToTheSlice() {
        let line = [UInt8](repeating: UInt8(ascii: "a"), count: 10_000)
        let out = Self.format(line, at: 100, length: 9_000)
        #expect(out.utf8.count < 600)
        #expect(out.contains("^~~~"))
    }

    @Test func multibyteTextIsCutAtCharacterBoundaries() {
        let line = Array(String(repeating: "é", count: 5_000).utf8) + Array("@".utf8) + Array(String(repeating: "ü", count: 5_000).utf8)
        let out = Self.format(line, at: 10_000)
        #expect(!out.contains("\u{FFFD}"), "no broken characters")
        #expect(out.utf8.count < 800)
    }

    @Test func controlBytesAreShownAsQuestionMarks() {
        let out = Self.format([0, 0, 0x1B, 0x5B, 0x32, 0x4A, 0, 0x07, 0x0A], at: 2)
        #expect(!out.utf8.contains(0))
        #expect(!out.utf8.contains(0x1B))
        #expect(!out.utf8.contains(0x07))
        #expect(out.contains("??"))
    }

    @Test func aLongMessageIsCut() {
        let message = String(repeating: "m", count: 100_000) + "\nsecond line"
        let out = Self.format(Array("describe r".utf8), at: 0, message: message)
        #expect(out.utf8.count <= DiagnosticFormatter.maxMessageBytes + 200)
        #expect(out.split(separator: "\n").count <= 4)
    }

    @Test func shortLinesAreUnchanged() {
        let out = Self.format(Array("survive rwd by ecgo\n".utf8), at: 15, length: 4)
        #expect(out == "f.survql:1:16: error: bad\n  1 | survive rwd by ecgo\n    |                ^~~~\n")
    }

    @Test(arguments: [1_000, 100_000])
    func aNulFloodStaysSmall(bytes: Int) {
        let text = [UInt8](repeating: 0, count: bytes)
        let out = Self.format(text, at: bytes / 2, length: bytes / 2)
        #expect(out.utf8.count < 600)
    }
}
