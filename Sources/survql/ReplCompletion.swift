import SurvQLAnalysis
import SurvQLRuntime
import SurvQLSyntax

/// Answers TAB from the analysis layer: one candidate completes (with a space after a word),
/// several complete their common prefix and are listed in columns fitted to the terminal width
/// with their detail (a column's type, a cohort's size, a gene's carrier count). Dot-commands
/// and their cohort argument are the REPL's own and are completed here.
struct ReplCompletion {
    let host: AnalysisHost
    let session: Session

    /// The reply for the current line at byte offset `cursor`, `pending` being the earlier lines
    /// of an unfinished entry (each ending in a newline).
    func reply(pending: String, line: String, cursor: Int, width: Int) -> TabReply? {
        let before = String(decoding: Array(line.utf8)[..<cursor], as: UTF8.self)
        if pending.isEmpty, before.hasPrefix(".") {
            return dotCommand(before, width: width)
        }
        let text = pending + line
        let base = pending.utf8.count
        let file = SourceFile(name: "<repl>", text: text)
        let items = host.complete(file, at: base + cursor, context: AnalysisContext(session: session))
        guard let first = items.first else { return nil }
        let from = max(0, min(cursor, first.replace.start - base))
        let typed = String(decoding: Array(line.utf8)[from..<cursor], as: UTF8.self)
        let candidates = items.map { Candidate(insert: $0.insertText, label: $0.label, detail: $0.detail, isPath: $0.kind == .path) }
        return reply(candidates, typed: typed, from: from, width: width)
    }

    /// One completion candidate, whatever its source.
    struct Candidate {
        var insert: String
        var label: String
        var detail: String?
        var isPath: Bool
    }

    func reply(_ candidates: [Candidate], typed: String, from: Int, width: Int) -> TabReply? {
        guard let first = candidates.first else { return nil }
        if candidates.count == 1 {
            let ends = first.isPath || first.insert.hasSuffix("/") || first.insert.hasSuffix("::")
            return TabReply(replaceFrom: from, insert: first.insert + (ends ? "" : " "))
        }
        let prefix = ReplCompletion.commonPrefix(candidates.map(\.insert))
        let insert = prefix.count > typed.count ? prefix : nil
        return TabReply(replaceFrom: from, insert: insert, list: ReplCompletion.columns(candidates, width: width), candidates: candidates.count)
    }

    /// Completion of `.command` names and of the cohort after `.columns` / `.genes`.
    private func dotCommand(_ before: String, width: Int) -> TabReply? {
        let parts = before.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            let names = ReplCommands.names.filter { $0.hasPrefix(before.lowercased()) }
            return reply(names.map { Candidate(insert: $0, label: $0, detail: nil, isPath: false) }, typed: before, from: 0, width: width)
        }
        guard parts.count == 2, [".columns", ".genes"].contains(parts[0].lowercased()) else { return nil }
        let typed = parts[1]
        let cohorts = session.cohorts.values.filter { $0.name.lowercased().hasPrefix(typed.lowercased()) }.sorted { $0.name < $1.name }
        let candidates = cohorts.map { Candidate(insert: $0.name, label: $0.name, detail: "\($0.count) \($0.unit.rawValue)s", isPath: false) }
        return reply(candidates, typed: typed, from: before.utf8.count - typed.utf8.count, width: width)
    }

    /// The longest common prefix, compared case-insensitively, in the first candidate's case.
    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for w in words.dropFirst() {
            let chars = Array(w)
            var n = 0
            while n < prefix.count, n < chars.count, prefix[n].lowercased() == chars[n].lowercased() { n += 1 }
            prefix = Array(prefix[..<n])
        }
        return String(prefix)
    }

    /// The candidates in columns, filled down then across as bash lists them, fitted to `width`:
    /// each cell is the label, then its detail cut to keep cells at most 40 characters wide.
    static func columns(_ candidates: [Candidate], width: Int) -> [String] {
        let cap = max(16, min(width - 1, 40))
        let labelWidth = min(cap, candidates.map(\.label.count).max() ?? 0)
        let cells: [String] = candidates.map { c in
            guard let detail = c.detail, !detail.isEmpty, c.label.count + 2 < cap else { return String(c.label.prefix(cap)) }
            let cell = c.label.padding(toLength: max(labelWidth, c.label.count), withPad: " ", startingAt: 0) + "  " + detail
            return cell.count <= cap ? cell : String(cell.prefix(cap - 1)) + "…"
        }
        let cellWidth = (cells.map(\.count).max() ?? 0) + 3
        let perRow = max(1, width / max(1, cellWidth))
        let rows = (cells.count + perRow - 1) / perRow
        var out: [String] = []
        for r in 0..<rows {
            var line = ""
            for c in 0..<perRow {
                let i = c * rows + r
                guard i < cells.count else { break }
                line += cells[i].padding(toLength: cellWidth, withPad: " ", startingAt: 0)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out.append(line)
        }
        return out
    }
}
