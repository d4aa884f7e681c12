import Foundation
import SurvQLAnalysis
import SurvQLRendering
import SurvQLSemantics
import SurvQLSyntax

/// The editor requests answered from the analysis layer: each reads the latest snapshot,
/// converts the client's position to a byte offset, asks `AnalysisHost`, and converts back.
extension LanguageServer {
    /// The snapshot and byte offset of a `textDocument` + `position` request.
    func target(_ r: Request) throws -> (DocumentSnapshot, Int, PositionEncoding) {
        let snap = try documents.snapshot(try r.uri)
        guard let p = LSPConvert.position(r.params["position"]) else { throw RPCError.invalidParams(ServerMessages.missingParam("position")) }
        let enc = encoding
        return (snap, enc.offset(of: p, in: snap.file), enc)
    }

    func pullDiagnostics(_ r: Request) throws -> JSONValue {
        let snap = try documents.snapshot(try r.uri)
        let diagnostics = computeDiagnostics(snap)
        guard documents.isCurrent(snap) else { throw RPCError.contentModified }
        let enc = encoding
        return .object([
            ("kind", .string("full")),
            ("items", .array(diagnostics.map { LSPConvert.diagnostic($0, uri: snap.uri, in: snap.file, enc) })),
        ])
    }

    /// Quick fixes: the fix-its of the diagnostics that touch the requested range.
    func codeActions(_ r: Request) throws -> JSONValue {
        let snap = try documents.snapshot(try r.uri)
        let enc = encoding
        guard let range = LSPConvert.sourceRange(r.params["range"], in: snap.file, enc) else { throw RPCError.invalidParams(ServerMessages.missingParam("range")) }
        var actions: [JSONValue] = []
        for d in computeDiagnostics(snap) where !d.fixIts.isEmpty {
            guard let dr = d.sourceRange, dr.start <= range.end, range.start <= dr.end else { continue }
            for (i, fix) in d.fixIts.enumerated() {
                let edit = LSPConvert.edit(fix.range, fix.replacement, in: snap.file, enc)
                actions.append(.object([
                    ("title", .string(fix.message)),
                    ("kind", .string("quickfix")),
                    ("diagnostics", .array([LSPConvert.diagnostic(d, uri: snap.uri, in: snap.file, enc)])),
                    ("isPreferred", .bool(i == 0)),
                    ("edit", .object([("changes", .object([(snap.uri, .array([edit]))]))])),
                ]))
            }
        }
        return .array(actions)
    }

    func completion(_ r: Request) throws -> JSONValue {
        let (snap, offset, enc) = try target(r)
        let items = host.complete(snap.file, at: offset, context: analysisContext(for: snap))
        let list = completionCache.store(items)
        return .object([
            ("isIncomplete", .bool(false)),
            ("items", .array(items.enumerated().map { i, item in
                var kv: [(String, JSONValue)] = [
                    ("label", .string(item.label)),
                    ("kind", .int(LSPConvert.completionKind(item.kind))),
                    ("sortText", .string(String(format: "%05d", i))),
                    ("filterText", .string(item.label)),
                    ("textEdit", LSPConvert.edit(item.replace, item.insertText, in: snap.file, enc)),
                    ("data", .object([("list", .int(list)), ("index", .int(i))])),
                ]
                if let d = item.detail { kv.append(("detail", .string(d))) }
                return .object(kv)
            })),
        ])
    }

    /// Adds the documentation of an item from the last completion list.
    func resolveCompletion(_ r: Request) throws -> JSONValue {
        guard case .object = r.params else { throw RPCError.invalidParams(ServerMessages.missingParam("params")) }
        guard let list = r.params.at("data.list")?.intValue, let index = r.params.at("data.index")?.intValue,
              let item = completionCache.item(list: list, index: index), let doc = item.documentation
        else { return r.params }
        return r.params.with("documentation", LSPConvert.markup(doc, markdown: rendersMarkdown("textDocument.completion.completionItem.documentationFormat")))
    }

    func hover(_ r: Request) throws -> JSONValue {
        let (snap, offset, enc) = try target(r)
        guard let info = host.hover(snap.file, at: offset, context: analysisContext(for: snap)) else { return .null }
        return .object([("contents", LSPConvert.markup(info.markdown, markdown: rendersMarkdown("textDocument.hover.contentFormat"))), ("range", LSPConvert.range(info.range, in: snap.file, enc))])
    }

    func definition(_ r: Request) throws -> JSONValue {
        let (snap, offset, enc) = try target(r)
        guard let d = host.definition(snap.file, at: offset, context: analysisContext(for: snap)) else { return .null }
        return LSPConvert.location(snap.uri, d, in: snap.file, enc)
    }

    func references(_ r: Request) throws -> JSONValue {
        let (snap, offset, enc) = try target(r)
        let context = analysisContext(for: snap)
        var refs = host.references(snap.file, at: offset, context: context)
        if r.params.at("context.includeDeclaration")?.boolValue == false, let d = host.definition(snap.file, at: offset, context: context) {
            refs.removeAll { $0 == d }
        }
        return .array(refs.map { LSPConvert.location(snap.uri, $0, in: snap.file, enc) })
    }

    func prepareRename(_ r: Request) throws -> JSONValue {
        let (snap, offset, enc) = try target(r)
        let refs = host.references(snap.file, at: offset, context: analysisContext(for: snap))
        guard let here = refs.first(where: { $0.start <= offset && offset <= $0.end }) else { return .null }
        return .object([("range", LSPConvert.range(here, in: snap.file, enc)), ("placeholder", .string(snap.file.text(in: here)))])
    }

    /// Renames a cohort everywhere in the document; a name that is not an identifier is written
    /// as a backtick name.
    func rename(_ r: Request) throws -> JSONValue {
        let (snap, offset, enc) = try target(r)
        let newName = try r.require("newName") { $0.stringValue }
        let spelled: String
        if newName.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil {
            spelled = newName
        } else if !newName.isEmpty && !newName.contains("`") && !newName.contains("\n") {
            spelled = "`\(newName)`"
        } else {
            throw RPCError.requestFailed(ServerMessages.badNewName(newName))
        }
        let refs = host.references(snap.file, at: offset, context: analysisContext(for: snap))
        guard !refs.isEmpty else { throw RPCError.requestFailed(ServerMessages.nothingToRename) }
        let edits = refs.map { LSPConvert.edit($0, spelled, in: snap.file, enc) }
        return .object([("changes", .object([(snap.uri, .array(edits))]))])
    }

    func documentSymbols(_ r: Request) throws -> JSONValue {
        let snap = try documents.snapshot(try r.uri)
        let enc = encoding
        let symbols = host.symbols(snap.file, context: analysisContext(for: snap))
        return .array(symbols.compactMap { s in
            guard let def = s.definition else { return nil }
            let whole = (s.statement ?? def).union(def)
            return .object([
                ("name", .string(s.name)),
                ("detail", .string("\(s.kind.rawValue): \(s.origin)")),
                ("kind", .int(LSPConvert.symbolKind(s.kind))),
                ("range", LSPConvert.range(whole, in: snap.file, enc)),
                ("selectionRange", LSPConvert.range(def, in: snap.file, enc)),
            ])
        })
    }

    /// Semantic tokens in LSP's relative encoding: five integers per token (line delta, start
    /// delta, length, type, modifiers), each token on one line.
    func semanticTokens(_ r: Request, range: Bool) throws -> JSONValue {
        let snap = try documents.snapshot(try r.uri)
        let enc = encoding
        var tokens = host.semanticTokens(snap.file, context: analysisContext(for: snap)).sorted { $0.range.start < $1.range.start }
        if range {
            guard let want = LSPConvert.sourceRange(r.params["range"], in: snap.file, enc) else { throw RPCError.invalidParams(ServerMessages.missingParam("range")) }
            tokens = tokens.filter { $0.range.start < want.end && want.start < $0.range.end }
        }
        var data: [JSONValue] = []
        data.reserveCapacity(tokens.count * 5)
        var lastLine = 0, lastStart = 0
        for t in tokens where !t.range.isEmpty {
            let start = enc.position(of: t.range.start, in: snap.file)
            var end = enc.position(of: t.range.end, in: snap.file)
            if end.line != start.line {
                // Clip a token that runs past its line to the line's end.
                let lineEnd = start.line + 1 < snap.file.lineStarts.count ? snap.file.lineStarts[start.line + 1] - 1 : snap.file.bytes.count
                end = enc.position(of: lineEnd, in: snap.file)
            }
            let length = end.character - start.character
            guard length > 0 else { continue }
            let deltaLine = start.line - lastLine
            let deltaStart = deltaLine == 0 ? start.character - lastStart : start.character
            data += [.int(deltaLine), .int(deltaStart), .int(length), .int(SemanticTokenLegend.typeIndex(t.kind)), .int(t.isDefinition ? 1 : 0)]
            lastLine = start.line
            lastStart = start.character
        }
        guard documents.isCurrent(snap) else { throw RPCError.contentModified }
        return .object([("data", .array(data))])
    }

    /// One folding range per statement that spans several lines, and one per run of two or more
    /// comment lines (from the lexer's comment tokens).
    func foldingRanges(_ r: Request) throws -> JSONValue {
        let snap = try documents.snapshot(try r.uri)
        let enc = encoding
        let (script, _) = Parser.parse(snap.file)
        var folds: [JSONValue] = script.statements.compactMap { s in
            let a = enc.position(of: s.range.start, in: snap.file), b = enc.position(of: s.range.end, in: snap.file)
            guard b.line > a.line else { return nil }
            return .object([("startLine", .int(a.line)), ("endLine", .int(b.line)), ("kind", .string("region"))])
        }
        var run: (first: Int, last: Int)? = nil
        func closeRun() {
            if let (first, last) = run, last > first {
                folds.append(.object([("startLine", .int(first)), ("endLine", .int(last)), ("kind", .string("comment"))]))
            }
            run = nil
        }
        for t in Lexer.tokenize(snap.file, includeComments: true).tokens where t.kind == .comment {
            let line = enc.position(of: t.range.start, in: snap.file).line
            if let current = run, current.last + 1 == line { run = (current.first, line) } else { closeRun(); run = (line, line) }
        }
        closeRun()
        return .array(folds)
    }

    /// The clauses of the verb of the statement at the cursor, from the language's own summary
    /// (`LanguageFacts.keywordSummary`); the active clause is the last one whose keyword was typed.
    func signatureHelp(_ r: Request) throws -> JSONValue {
        let (snap, offset, _) = try target(r)
        let (script, _) = Parser.parse(snap.file)
        var start = snap.file.lineStarts[snap.file.location(of: offset).line - 1]
        if let s = script.statements.last(where: { $0.range.start <= offset && offset <= $0.range.end + 1 }) { start = min(start, s.range.start) }
        let typed = snap.file.text(in: SourceRange(start: start, end: offset))
        let words = typed.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).map { $0.lowercased() }
        guard let verb = words.first.flatMap(Keyword.init(rawValue:)), Keyword.verbs.contains(verb) else { return .null }
        let summary = LanguageFacts.keywordSummary(verb)
        let parts = summary.components(separatedBy: " — ")
        let label = parts[0]
        var parameters: [JSONValue] = []
        var active = 0
        var searchFrom = label.startIndex
        while let open = label[searchFrom...].firstIndex(of: "["), let close = label[open...].firstIndex(of: "]") {
            let clause = String(label[open...close])
            let lo = label.utf16.distance(from: label.startIndex, to: open)
            let hi = label.utf16.distance(from: label.startIndex, to: close) + 1
            parameters.append(.object([("label", .array([.int(lo), .int(hi)]))]))
            let keyword = clause.dropFirst().split(separator: " ").first.map { $0.lowercased() } ?? ""
            if words.dropFirst().contains(keyword) { active = parameters.count - 1 }
            searchFrom = label.index(after: close)
        }
        var signature: [(String, JSONValue)] = [("label", .string(label)), ("parameters", .array(parameters))]
        if parts.count > 1 { signature.append(("documentation", .string(parts.dropFirst().joined(separator: " — ")))) }
        return .object([("signatures", .array([.object(signature)])), ("activeSignature", .int(0)), ("activeParameter", .int(active))])
    }

    /// "Run" and "Run to here" above each statement.
    func codeLenses(_ r: Request) throws -> JSONValue {
        let snap = try documents.snapshot(try r.uri)
        let enc = encoding
        let (script, _) = Parser.parse(snap.file)
        var lenses: [JSONValue] = []
        for s in script.statements {
            if case .error = s.kind { continue }
            let at = LSPConvert.range(SourceRange.at(s.range.start), in: snap.file, enc)
            let whole = LSPConvert.range(s.range, in: snap.file, enc)
            lenses.append(.object([("range", at), ("command", .object([
                ("title", .string(ServerMessages.lensRun)), ("command", .string(Commands.run)),
                ("arguments", .array([.string(snap.uri), whole])),
            ]))]))
            lenses.append(.object([("range", at), ("command", .object([
                ("title", .string(ServerMessages.lensRunToHere)), ("command", .string(Commands.runToCursor)),
                ("arguments", .array([.string(snap.uri), LSPConvert.position(s.range.end, in: snap.file, enc)])),
            ]))]))
        }
        return .array(lenses)
    }
}
