/// A plain text table aligned for a terminal: a header row, a rule, then rows. Numeric-looking
/// cells are right-aligned, text left-aligned. Widths count characters, not bytes.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    public var rightAligned: [Bool]?

    public init(header: [String], rows: [[String]] = [], rightAligned: [Bool]? = nil) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    public mutating func add(_ row: [String]) { rows.append(row) }

    static func looksNumeric(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first else { return false }
        return "0123456789-<.N".unicodeScalars.contains(f) && s != "-" || s == "NA" || s == "not reached"
    }

    public func render(indent: String = "  ") -> String {
        let cols = max(header.count, rows.map(\.count).max() ?? 0)
        var widths = [Int](repeating: 0, count: cols)
        for r in [header] + rows {
            for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) }
        }
        let align: [Bool] = rightAligned ?? (0..<cols).map { i in
            i > 0 && rows.allSatisfy { i >= $0.count || Self.looksNumeric($0[i]) || $0[i].isEmpty }
        }
        func line(_ r: [String]) -> String {
            var parts: [String] = []
            for i in 0..<cols {
                let c = i < r.count ? r[i] : ""
                let pad = String(repeating: " ", count: widths[i] - c.count)
                parts.append(align[i] ? pad + c : c + pad)
            }
            var s = indent + parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        var out = line(header) + "\n"
        out += indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}
