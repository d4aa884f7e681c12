import Testing
@testable import SurvQLServer
import SurvQLSyntax

/// The one offset ⇄ position conversion, in both encodings, through one `check` helper: the
/// source is written with `$0` where the offset is, and the expected position in each encoding.
@Suite struct PositionEncodingTests {
    func check(_ marked: String, utf16: (Int, Int), utf8: (Int, Int), sourceLocation: SourceLocation = #_sourceLocation) {
        let parts = marked.components(separatedBy: "$0")
        let text = parts.joined()
        let offset = parts[0].utf8.count
        let file = SourceFile(name: "t", text: text)
        for (enc, want) in [(PositionEncoding.utf16, utf16), (.utf8, utf8)] {
            let p = enc.position(of: offset, in: file)
            #expect(p.line == want.0 && p.character == want.1, "\(enc) position", sourceLocation: sourceLocation)
            #expect(enc.offset(of: p, in: file) == offset, "\(enc) round trip", sourceLocation: sourceLocation)
        }
    }

    @Test func asciiAndLines() {
        check("$0load demo", utf16: (0, 0), utf8: (0, 0))
        check("load$0 demo", utf16: (0, 4), utf8: (0, 4))
        check("a\nbc$0\n", utf16: (1, 2), utf8: (1, 2))
        check("a\r\nb$0", utf16: (1, 1), utf8: (1, 1))
        check("a\n$0", utf16: (1, 0), utf8: (1, 0))
    }

    @Test func nonASCII() {
        check("é$0x", utf16: (0, 1), utf8: (0, 2))
        check("let `é😀` = r$0", utf16: (0, 13), utf8: (0, 16))
        check("-- 😀\nsurvive 😀 $0nope", utf16: (1, 11), utf8: (1, 13))
        check("中文$0", utf16: (0, 2), utf8: (0, 6))
    }

    @Test func clampsAndRoundsDown() {
        let file = SourceFile(name: "t", text: "ab😀c\nxy")
        // Past the end of a line: the line's end; past the last line: the end of the file.
        #expect(PositionEncoding.utf16.offset(of: .init(line: 0, character: 99), in: file) == 7)
        #expect(PositionEncoding.utf16.offset(of: .init(line: 9, character: 0), in: file) == file.bytes.count)
        #expect(PositionEncoding.utf16.offset(of: .init(line: -1, character: 3), in: file) == 0)
        // Inside the surrogate pair of 😀 (UTF-16 column 3): the emoji's start.
        #expect(PositionEncoding.utf16.offset(of: .init(line: 0, character: 3), in: file) == 2)
        // Inside its UTF-8 bytes: the emoji's start.
        #expect(PositionEncoding.utf8.offset(of: .init(line: 0, character: 4), in: file) == 2)
        #expect(PositionEncoding.utf16.position(of: 4, in: file) == .init(line: 0, character: 2))
        #expect(PositionEncoding.utf16.position(of: 1_000, in: file) == .init(line: 1, character: 2))
    }

    @Test func invalidUTF8CountsOneUnitPerByte() {
        let file = SourceFile(name: "t", bytes: [0x61, 0xFF, 0xFE, 0x62])
        #expect(PositionEncoding.utf16.position(of: 3, in: file) == .init(line: 0, character: 3))
        #expect(PositionEncoding.utf16.offset(of: .init(line: 0, character: 3), in: file) == 3)
    }
}
