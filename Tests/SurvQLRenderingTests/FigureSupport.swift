import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SurvQLRendering
import SurvQLRuntime
import SurvQLSyntax

let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A scratch folder for the figures a test writes.
let scratch: URL = {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("survql-figure-tests-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}()

/// What a source produced: its results in order, and its diagnostics.
struct Run {
    var results: [StatementResult] = []
    var diagnostics: [Diagnostic] = []

    /// The SVG text of the last `plot`.
    var svg: String? {
        for r in results.reversed() { if case let .message(m) = r.value, m.verb == "plot" { return m.svg } }
        return nil
    }

    /// The last `survive` result.
    var survival: SurvivalResult? {
        for r in results.reversed() { if case let .survival(s) = r.value { return s } }
        return nil
    }

    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// The demo cohort, generated once for all the tests of the process.
let demoSession: Session = {
    let s = Session()
    s.exporter = OutputFormat.exporter
    s.figureRenderer = OutputFormat.figureRenderer
    s.run(SourceFile(name: "<setup>", text: """
    load demo ntrk as rwd
    let ten = rwd where cancer_type != "Other"
    match rwd by fusion NTRK1|NTRK2|NTRK3 ratio 10 exact cancer_type on age, smoking, practice_type, prior_lines, stage, months_to_test seed 2022 as matched
    """)) { _ in }
    return s
}()
let demoLock = NSLock()

/// Runs `source` in the shared demo session (cohorts `rwd` and `matched`), or a fresh one.
func run(_ source: String, fresh: Bool = false) -> Run {
    let session: Session
    if fresh {
        session = Session()
        session.exporter = OutputFormat.exporter
        session.figureRenderer = OutputFormat.figureRenderer
    } else {
        session = demoSession
    }
    session.workingDirectory = scratch.path
    demoLock.lock()
    defer { demoLock.unlock() }
    var out = Run()
    session.run(SourceFile(name: "<test>", text: source), keepGoing: true) { e in
        switch e {
        case let .result(r): out.results.append(r)
        case let .diagnostic(d, _): out.diagnostics.append(d)
        }
    }
    return out
}

/// One element of an SVG document: its name, attributes and text.
struct SVGElement {
    var name: String
    var attributes: [String: String]
    var text = ""
    subscript(_ a: String) -> String? { attributes[a] }
    func number(_ a: String) -> Double { Double(attributes[a] ?? "") ?? .nan }
}

/// An SVG document read back with Foundation's XML parser.
final class SVGDocument: NSObject, XMLParserDelegate {
    var elements: [SVGElement] = []
    private var open: [Int] = []
    var width = 0.0, height = 0.0

    init?(_ text: String) {
        super.init()
        let p = XMLParser(data: Data(text.utf8))
        p.delegate = self
        guard p.parse() else { return nil }
        width = Double(elements.first?["width"] ?? "") ?? 0
        height = Double(elements.first?["height"] ?? "") ?? 0
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(SVGElement(name: name, attributes: attributes))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let i = open.last { elements[i].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func all(_ name: String, class c: String? = nil) -> [SVGElement] {
        elements.filter { $0.name == name && (c == nil || $0["class"] == c) }
    }

    /// The box a text element covers, measured with the figures' own font metrics.
    func box(_ t: SVGElement, family: FontFamily = .dejaVuSans) -> Box {
        let size = t.number("font-size")
        let metrics = t["font-weight"] == "bold" ? family.bold : family.regular
        let w = metrics.width(t.text, size: size)
        let x = t.number("x"), y = t.number("y")
        let start: Double
        switch t["text-anchor"] {
        case "middle"?: start = -w / 2
        case "end"?: start = -w
        default: start = 0
        }
        let up = metrics.ascent / 1000 * size, down = metrics.descent / 1000 * size
        if t["transform"]?.hasPrefix("rotate(-90") == true {
            return Box(x: x - up, y: y - start - w, w: up + down, h: w)
        }
        return Box(x: x + start, y: y - up, w: w, h: up + down)
    }

    /// Text elements that reach beyond the canvas, and pairs of text elements that overlap.
    func layoutProblems() -> [String] {
        let texts = all("text")
        let boxes = texts.map { box($0) }
        var problems: [String] = []
        for (t, b) in zip(texts, boxes) where b.x < -0.01 || b.y < -0.01 || b.maxX > width + 0.01 || b.maxY > height + 0.01 {
            problems.append("'\(t.text)' reaches beyond the \(width) x \(height) canvas: \(b)")
        }
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                let a = boxes[i], b = boxes[j]
                if a.x < b.maxX - 0.5 && b.x < a.maxX - 0.5 && a.y < b.maxY - 0.5 && b.y < a.maxY - 0.5 {
                    problems.append("'\(texts[i].text)' overlaps '\(texts[j].text)'")
                }
            }
        }
        return problems
    }
}

/// Writes `svg` as the golden `name.svg` when missing or with UPDATE_GOLDEN=1, else compares.
func checkGolden(_ name: String, _ svg: String) throws {
    let url = packageRoot.appendingPathComponent("Tests/SurvQLRenderingTests/Goldens/\(name).svg")
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil || !FileManager.default.fileExists(atPath: url.path) {
        try svg.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(svg == expected, "\(name).svg differs from its golden (UPDATE_GOLDEN=1 rewrites it)")
}
