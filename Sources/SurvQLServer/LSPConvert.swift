import SurvQLAnalysis
import SurvQLRendering
import SurvQLSyntax

/// Conversions between the analysis layer's answers (byte offsets, its own types) and LSP's
/// wire objects, all through `PositionEncoding.convert` (rust-analyzer's `to_proto`).
enum LSPConvert {
    typealias Position = PositionEncoding.Position

    // MARK: From the wire

    static func position(_ v: JSONValue?) -> Position? {
        guard let v, let line = v["line"]?.intValue, let character = v["character"]?.intValue else { return nil }
        return Position(line: line, character: character)
    }

    static func range(_ v: JSONValue?) -> (start: Position, end: Position)? {
        guard let v, let s = position(v["start"]), let e = position(v["end"]) else { return nil }
        return (s, e)
    }

    static func sourceRange(_ v: JSONValue?, in file: SourceFile, _ enc: PositionEncoding) -> SourceRange? {
        guard let r = range(v) else { return nil }
        return SourceRange(start: enc.offset(of: r.start, in: file), end: enc.offset(of: r.end, in: file))
    }

    // MARK: To the wire

    static func position(_ offset: Int, in file: SourceFile, _ enc: PositionEncoding) -> JSONValue {
        let p = enc.position(of: offset, in: file)
        return .object([("line", .int(p.line)), ("character", .int(p.character))])
    }

    static func range(_ r: SourceRange, in file: SourceFile, _ enc: PositionEncoding) -> JSONValue {
        .object([("start", position(r.start, in: file, enc)), ("end", position(r.end, in: file, enc))])
    }

    static func location(_ uri: String, _ r: SourceRange, in file: SourceFile, _ enc: PositionEncoding) -> JSONValue {
        .object([("uri", .string(uri)), ("range", range(r, in: file, enc))])
    }

    /// An LSP diagnostic. A diagnostic that points into a data file is shown on the `load`
    /// statement its note names (or at the top), with the data file's place in the message.
    static func diagnostic(_ d: Diagnostic, uri: String, in file: SourceFile, _ enc: PositionEncoding) -> JSONValue {
        var r = SourceRange.at(0)
        var message = d.message
        switch d.location {
        case let .source(f, range) where f === file || f.name == file.name:
            r = range
        default:
            for n in d.notes { if case let .source(_, nr) = n.location { r = nr; break } }
            if let (f, l, c) = d.location.fileLineColumn { message = "\(f):\(l):\(c): \(message)" }
        }
        if let h = d.hint { message += "\nhint: \(h)" }
        var kv: [(String, JSONValue)] = [
            ("range", range(r, in: file, enc)),
            ("severity", .int(d.severity == .error ? 1 : d.severity == .warning ? 2 : 3)),
            ("code", .string(d.id)),
            ("source", .string("survql")),
            ("message", .string(message)),
        ]
        let related: [JSONValue] = d.notes.compactMap { n in
            guard case let .source(f, nr) = n.location, f === file || f.name == file.name else { return nil }
            return .object([("location", location(uri, nr, in: file, enc)), ("message", .string(n.message))])
        }
        if !related.isEmpty { kv.append(("relatedInformation", .array(related))) }
        return .object(kv)
    }

    static func completionKind(_ k: CompletionItem.Kind) -> Int {
        switch k {
        case .verb, .keyword: return 14
        case .cohort: return 6
        case .column: return 5
        case .value: return 12
        case .gene: return 21
        case .path: return 17
        case .option: return 10
        case .optionValue: return 20
        case .command: return 3
        case .endpoint: return 23
        }
    }

    static func symbolKind(_ k: CohortSymbol.Kind) -> Int {
        switch k {
        case .loaded: return 2  // Module: data read from disk
        case .defined: return 13  // Variable
        case .matched: return 5  // Class: a constructed set of patients
        }
    }

    /// Markup content: markdown when the client lists it among the formats it renders, else
    /// the same text as plain text.
    static func markup(_ text: String, markdown: Bool) -> JSONValue {
        .object([("kind", .string(markdown ? "markdown" : "plaintext")), ("value", .string(text))])
    }

    /// The text edit that replaces `range` by `text`.
    static func edit(_ r: SourceRange, _ text: String, in file: SourceFile, _ enc: PositionEncoding) -> JSONValue {
        .object([("range", range(r, in: file, enc)), ("newText", .string(text))])
    }
}
