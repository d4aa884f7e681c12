import Testing
@testable import SurvQLServer

@Suite struct MessageFramerTests {
    func frames(_ chunks: [String]) -> [MessageFramer.Frame] {
        var f = MessageFramer(maxBodyBytes: 1_000)
        var out: [MessageFramer.Frame] = []
        for c in chunks {
            f.append(Array(c.utf8))
            while let x = f.next() { out.append(x) }
        }
        return out
    }

    func body(_ s: String) -> MessageFramer.Frame { .message(Array(s.utf8)) }

    @Test func oneByteAtATimeAndSeveralPerRead() {
        let msg = "Content-Length: 2\r\n\r\n{}"
        #expect(frames(msg.map { String($0) }) == [body("{}")])
        #expect(frames([msg + msg + "content-length:3\r\nContent-Type: x\r\n\r\n[1]"]) == [body("{}"), body("{}"), body("[1]")])
    }

    @Test func countsBytesNotCharacters() {
        #expect(frames(["Content-Length: 4\r\n\r\n\"é\"Content-Length: 2\r\n\r\n{}"]) == [body("\"é\""), body("{}")])
    }

    @Test func badHeadersAreSkipped() {
        let out = frames(["Content-Lenght: 2\r\n\r\n{}", "Content-Length: 2\r\n\r\n[]"])
        #expect(out.count == 2 && out[1] == body("[]"))
        if case .badHeader = out[0] {} else { Issue.record("expected a bad header") }
        let huge = frames(["Content-Length: 5000\r\n\r\nxxContent-Length: 2\r\n\r\n{}"])
        #expect(huge.count == 2 && huge[1] == body("{}"))
        let truncated = frames(["Content-Length: 50\r\n\r\n{\"a\"", "Content-Length: 2\r\n\r\n{}"])
        #expect(truncated.count == 2 && truncated[1] == body("{}"))
    }
}

@Suite struct LineDiffTests {
    func diff(_ a: String, _ b: String) -> [LineDiff.Hunk] { LineDiff.hunks(LineDiff.lines(a[...]), LineDiff.lines(b[...])) }

    @Test func hunks() {
        #expect(diff("a\nb\nc\n", "a\nb\nc\n") == [])
        #expect(diff("a\nb\nc\n", "a\nB\nc\n") == [.init(old: 1..<2, new: 1..<2)])
        #expect(diff("a\nb\nc\n", "A\nb\nC\n") == [.init(old: 0..<1, new: 0..<1), .init(old: 2..<3, new: 2..<3)])
        #expect(diff("a\nb\n", "a\nx\ny\nb\n") == [.init(old: 1..<1, new: 1..<3)])
        #expect(diff("a\nb\nc", "a\nc") == [.init(old: 1..<2, new: 1..<1)])
    }
}
