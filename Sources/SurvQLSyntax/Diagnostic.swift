/// How bad a diagnostic is.
public enum Severity: String, Sendable, Hashable, Codable {
    case error
    case warning
    case note
}

/// Where a diagnostic points.
public enum DiagnosticLocation: Sendable, Hashable {
    /// A range in a query source (a file, a REPL entry, an editor buffer).
    case source(SourceFile, SourceRange)
    /// A place in a data file being loaded (one-based line and column; column counts bytes,
    /// or fields for a field-level problem when `isField` is set). `lineText` is the raw line
    /// when it is short enough to show.
    case data(path: String, line: Int, column: Int, lineText: String?)
    /// Nowhere in particular (a command-line problem).
    case none

    public static func == (a: DiagnosticLocation, b: DiagnosticLocation) -> Bool {
        switch (a, b) {
        case let (.source(f1, r1), .source(f2, r2)): return f1 === f2 && r1 == r2
        case let (.data(p1, l1, c1, t1), .data(p2, l2, c2, t2)): return p1 == p2 && l1 == l2 && c1 == c2 && t1 == t2
        case (.none, .none): return true
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case let .source(f, r): h.combine(ObjectIdentifier(f)); h.combine(r)
        case let .data(p, l, c, _): h.combine(p); h.combine(l); h.combine(c)
        case .none: h.combine(0)
        }
    }

    /// The file name, one-based line and column, for printing and JSON.
    public var fileLineColumn: (file: String, line: Int, column: Int)? {
        switch self {
        case let .source(f, r):
            let loc = f.location(of: r.start)
            return (f.name, loc.line, loc.column)
        case let .data(p, l, c, _):
            return (p, l, c)
        case .none:
            return nil
        }
    }
}

/// A suggested edit: replace `range` (in the diagnostic's source file) by `replacement`.
public struct FixIt: Sendable, Hashable {
    public var message: String
    public var range: SourceRange
    public var replacement: String
    public init(message: String, range: SourceRange, replacement: String) {
        self.message = message
        self.range = range
        self.replacement = replacement
    }
}

/// A secondary message attached to a diagnostic, with its own location.
public struct DiagnosticNote: Sendable, Hashable {
    public var message: String
    public var location: DiagnosticLocation
    public init(message: String, location: DiagnosticLocation) {
        self.message = message
        self.location = location
    }
}

/// The one diagnostic type shared by every stage (parser, checker, loaders, evaluator) and
/// every front end (batch, REPL, language server).
///
/// `id` is stable (`parse.expectedExpression`, `data.badNumber`, `run.unknownColumn`) so tests,
/// editors and documentation can refer to it; the message may be reworded freely.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    public var id: String
    public var severity: Severity
    public var message: String
    public var location: DiagnosticLocation
    /// A short suggestion shown after the source excerpt (`hint: ...`).
    public var hint: String?
    public var notes: [DiagnosticNote]
    public var fixIts: [FixIt]

    public init(
        id: String,
        severity: Severity = .error,
        message: String,
        location: DiagnosticLocation,
        hint: String? = nil,
        notes: [DiagnosticNote] = [],
        fixIts: [FixIt] = []
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.hint = hint
        self.notes = notes
        self.fixIts = fixIts
    }

    /// Convenience for a diagnostic on a range of a query source.
    public init(
        _ id: String,
        _ severity: Severity = .error,
        _ message: String,
        file: SourceFile,
        range: SourceRange,
        hint: String? = nil,
        notes: [DiagnosticNote] = [],
        fixIts: [FixIt] = []
    ) {
        self.init(id: id, severity: severity, message: message, location: .source(file, range),
                  hint: hint, notes: notes, fixIts: fixIts)
    }

    /// The range in the query source, when the diagnostic points into one.
    public var sourceRange: SourceRange? {
        if case let .source(_, r) = location { return r }
        return nil
    }

    public var sourceFile: SourceFile? {
        if case let .source(f, _) = location { return f }
        return nil
    }

    /// One line: `FILE:LINE:COL: error: MESSAGE`.
    public var description: String {
        if let (f, l, c) = location.fileLineColumn {
            return "\(f):\(l):\(c): \(severity.rawValue): \(message)"
        }
        return "\(severity.rawValue): \(message)"
    }
}

/// A failure that carries one or more diagnostics (thrown by loaders and the evaluator).
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
