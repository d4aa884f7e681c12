import Foundation

/// Turns the aligned tables of a text result into one field per line (psql's expanded display),
/// for tables wider than the terminal under `set wide vertical`.
///
/// A table is recognised by its rule line (dashes separated by two spaces, as `TextTable`
/// draws it), which also gives each column's character span; the header line above it names
/// the fields, and the lines after it are records until a blank or unindented line.
enum VerticalLayout {
    static func render(_ text: String, width: Int) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var i = 0
        while i < lines.count {
            if i + 1 < lines.count, let spans = ruleSpans(lines[i + 1]), lines[i].count > width || widest(lines, from: i + 2) > width {
                let header = cells(lines[i], spans)
                let nameWidth = header.map(\.count).max() ?? 0
                var j = i + 2
                var record = 0
                while j < lines.count, lines[j].hasPrefix("  "), ruleSpans(lines[j]) == nil {
                    record += 1
                    let label = "-[ RECORD \(record) ]"
                    out.append(label + String(repeating: "-", count: max(0, min(width, nameWidth + 20) - label.count)))
                    for (name, value) in zip(header, cells(lines[j], spans)) {
                        out.append(name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + " | " + value)
                    }
                    j += 1
                }
                i = j
            } else {
                out.append(lines[i])
                i += 1
            }
        }
        return out.joined(separator: "\n")
    }

    private static func widest(_ lines: [String], from: Int) -> Int {
        var w = 0
        var j = from
        while j < lines.count, lines[j].hasPrefix("  ") {
            w = max(w, lines[j].count)
            j += 1
        }
        return w
    }

    /// The character spans of the columns when `line` is a table rule, else nil.
    static func ruleSpans(_ line: String) -> [Range<Int>]? {
        let chars = Array(line)
        guard chars.count > 2, chars[0] == " ", chars[1] == " ", chars[2] == "-" else { return nil }
        guard chars.allSatisfy({ $0 == "-" || $0 == " " }) else { return nil }
        var spans: [Range<Int>] = []
        var start: Int? = nil
        for (k, c) in chars.enumerated() {
            if c == "-" { if start == nil { start = k } } else if let s = start {
                spans.append(s..<k)
                start = nil
            }
        }
        if let s = start { spans.append(s..<chars.count) }
        return spans
    }

    /// The trimmed cells of a table line, cut at the spans.
    static func cells(_ line: String, _ spans: [Range<Int>]) -> [String] {
        let chars = Array(line)
        return spans.map { span in
            let lo = min(span.lowerBound, chars.count)
            let hi = min(span.upperBound, chars.count)
            return String(chars[lo..<hi]).trimmingCharacters(in: .whitespaces)
        }
    }
}
