import Foundation
import SurvQLSemantics
import SurvQLSyntax

/// The candidate lists of completion: verbs, keywords, cohorts, columns, values, genes and
/// partners, options, paths.
extension CompletionEngine {
    // MARK: Candidate lists

    func verbs(_ replace: SourceRange) -> [CompletionItem] {
        Documentation.statements.map(\.verb).reduce(into: [Keyword]()) { if !$0.contains($1) { $0.append($1) } }.map { k in
            CompletionItem(label: k.rawValue, kind: .verb, detail: Documentation.statements.first { $0.verb == k }?.plainSyntax,
                           replace: replace, documentation: Documentation.markdown(for: k))
        }
    }

    func keywords(_ ks: [Keyword], _ replace: SourceRange) -> [CompletionItem] {
        ks.enumerated().map { i, k in
            CompletionItem(label: k.rawValue, kind: .keyword, detail: LanguageFacts.keywordSummary(k) == k.rawValue ? nil : LanguageFacts.keywordSummary(k),
                           replace: replace, sortKey: String(format: "1%03d", i))
        }
    }

    func words(_ ws: [String], _ replace: SourceRange) -> [CompletionItem] {
        ws.enumerated().map { i, w in CompletionItem(label: w, kind: .keyword, replace: replace, sortKey: String(format: "%03d", i)) }
    }

    func alterationKeywords(_ replace: SourceRange) -> [CompletionItem] {
        [Keyword.fusion, .mut, .amp, .gain, .hetloss, .homdel].enumerated().map { i, k in
            CompletionItem(label: k.rawValue, kind: .keyword, detail: LanguageFacts.keywordSummary(k), replace: replace,
                           sortKey: String(format: "2%03d", i))
        }
    }

    func cohorts(_ replace: SourceRange, before offset: Int) -> [CompletionItem] {
        document.visibleCohorts(before: offset).map { name, schema in
            let detail = schema.map { $0.sizeIsKnown ? "\(Self.count($0.patients)) patients" : "cohort" } ?? "cohort"
            return CompletionItem(label: name, kind: .cohort, detail: detail, replace: replace)
        }
    }

    func columns(_ schema: CohortSchema?, _ replace: SourceRange) -> [CompletionItem] {
        guard let schema else { return [] }
        return schema.columns.enumerated().map { i, c in
            CompletionItem(label: c.name, kind: .column, detail: c.type + (c.missing > 0 ? ", \(Self.count(c.missing)) missing" : ""),
                           insertText: Self.nameText(c.name), replace: replace, documentation: c.summary,
                           sortKey: String(format: "0%05d", i))
        }
    }

    func options(_ replace: SourceRange) -> [CompletionItem] {
        LanguageFacts.setOptions.map { CompletionItem(label: $0.name, kind: .option, detail: $0.summary, replace: replace) }
    }

    func optionValues(_ option: String, _ replace: SourceRange) -> [CompletionItem] {
        guard let o = LanguageFacts.setOptions.first(where: { $0.name == option.lowercased() }) else { return [] }
        let values = o.allowedWords ?? (o.name == "confidence" ? ["0.95", "0.90", "0.99"] : [])
        return values.enumerated().map { i, v in
            CompletionItem(label: v, kind: .optionValue, detail: o.name, replace: replace, sortKey: String(format: "%03d", i))
        }
    }

    /// Genes after an alteration keyword (or `|` after a gene), ranked by carriers of that
    /// kind; partners after `fusion GENE::`.
    func geneCandidates(before: [Token], schema: CohortSchema?, replace: SourceRange) -> [CompletionItem]? {
        guard let last = before.last else { return nil }
        // Walk back over `GENE |` pairs to the alteration keyword.
        var i = before.count - 1
        var partnerOf: String? = nil
        if last.kind == .colonColon {
            if i >= 1, before[i - 1].kind == .identifier || before[i - 1].keyword != nil, i >= 2 {
                partnerOf = before[i - 1].text
                i -= 1
            }
            i -= 1
        } else if last.kind == .pipe {
            i -= 1
        } else if !(last.keyword.map(Keyword.alterations.contains) ?? false) {
            return nil
        }
        while i >= 0 {
            let t = before[i]
            if let k = t.keyword, Keyword.alterations.contains(k), !t.isQuotedName {
                if last.kind == .colonColon && k != .fusion { return [] }
                guard let schema else { return [] }
                if let g = partnerOf {
                    let partners = schema.gene(named: g)?.partnerCounts ?? []
                    return partners.enumerated().map { n, p in
                        CompletionItem(label: p.0, kind: .gene, detail: "\(Self.count(p.1)) patient\(p.1 == 1 ? "" : "s") with \(g.uppercased())::\(p.0) or \(p.0)::\(g.uppercased())",
                                       replace: replace, sortKey: String(format: "%08d", n))
                    }
                }
                return genes(schema, kind: k, replace)
            }
            if t.kind == .identifier || t.kind == .pipe || t.kind == .colonColon || t.kind == .minus || t.keyword != nil { i -= 1; continue }
            return nil
        }
        return nil
    }

    func genes(_ schema: CohortSchema, kind: Keyword, _ replace: SourceRange) -> [CompletionItem] {
        func carriers(_ g: GeneInfo) -> Int {
            switch kind {
            case .fusion: return g.fusion
            case .mut: return g.mutation
            case .amp: return g.amp
            case .gain: return g.gain
            case .hetloss: return g.hetloss
            case .homdel: return g.homdel
            default: return g.total
            }
        }
        let noun: String
        switch kind {
        case .fusion: noun = "with a fusion"
        case .mut: noun = "with a mutation"
        case .amp: noun = "amplified"
        case .gain: noun = "with a gain"
        case .hetloss: noun = "with a shallow deletion"
        case .homdel: noun = "with a deep deletion"
        default: noun = "altered"
        }
        let ranked = schema.genes.map { ($0, carriers($0)) }.filter { $0.1 > 0 }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.gene < $1.0.gene }
        return ranked.enumerated().map { n, e in
            CompletionItem(label: e.0.gene, kind: .gene, detail: "\(Self.count(e.1)) patient\(e.1 == 1 ? "" : "s") \(noun)",
                           replace: replace, sortKey: String(format: "%08d", n))
        }
    }

    /// Values of a text column after `COL =`, `COL !=`, `COL in (` or a comma inside that list.
    func valueCandidates(before: [Token], schema: CohortSchema?, replace: SourceRange) -> [CompletionItem]? {
        guard let last = before.last else { return nil }
        var column: Token? = nil
        if last.kind == .equal || last.kind == .notEqual, before.count >= 2 {
            column = before[before.count - 2]
        } else if last.kind == .leftParen || last.kind == .comma {
            // Back to the `(` of an `in (` list.
            var i = before.count - 1
            while i >= 0, before[i].kind != .leftParen {
                if before[i].kind == .rightParen { return nil }
                i -= 1
            }
            guard i >= 2, before[i - 1].keyword == .in else { return nil }
            column = before[i - 2].keyword == .not && i >= 3 ? before[i - 3] : before[i - 2]
        }
        guard let c = column, c.kind == .identifier || c.keyword != nil else { return nil }
        guard let info = schema?.column(named: c.text) else { return [] }
        let numeric = ["integer", "number"].contains(info.type)
        return info.values.enumerated().map { i, v in
            let insert = numeric || info.type == "boolean" ? v : "\"" + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            return CompletionItem(label: v, kind: .value, detail: info.name, insertText: insert, replace: replace, sortKey: String(format: "%05d", i))
        }
    }

    /// File and folder names for the path typed so far inside `load "`.
    func paths(in t: Token) -> [CompletionItem] {
        let contentStart = t.range.start + 1
        let typed = file.text(in: SourceRange(start: contentStart, end: offset))
        let slash = typed.lastIndex(of: "/")
        let dirPart = slash.map { String(typed[...$0]) } ?? ""
        let base = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        let replace = SourceRange(start: offset - base.utf8.count, end: offset)
        var roots: [String] = []
        let expanded = (dirPart as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") {
            roots = [expanded]
        } else {
            let cwd = document.context.workingDirectory ?? FileManager.default.currentDirectoryPath
            roots = [(cwd as NSString).appendingPathComponent(expanded)]
            if let d = document.fileDirectory { roots.append((d as NSString).appendingPathComponent(expanded)) }
        }
        var items: [CompletionItem] = []
        for root in roots {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: root.isEmpty ? "." : root) else { continue }
            for e in entries where !e.hasPrefix(".") || base.hasPrefix(".") {
                var isDir: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(e), isDirectory: &isDir)
                let folder = isDir.boolValue
                items.append(CompletionItem(label: folder ? e + "/" : e, kind: .path, detail: folder ? "folder" : "file",
                                            insertText: folder ? e + "/" : e, replace: replace,
                                            sortKey: (folder ? "0" : "1") + e.lowercased()))
            }
            if !items.isEmpty { break }
        }
        return Self.filter(items, prefix: base)
    }
}
