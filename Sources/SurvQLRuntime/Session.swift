import Foundation
import SurvQLData
import SurvQLSemantics
import SurvQLSyntax

/// What a run reports, as it happens, so front ends can stream output.
public enum RunEvent: Sendable {
    case result(StatementResult)
    /// A diagnostic; `statement` is the 1-based statement it belongs to, when there is one.
    case diagnostic(Diagnostic, statement: Int?)
}

/// A summary of one `run`.
public struct RunSummary: Sendable {
    public var errors: Int = 0
    public var warnings: Int = 0
    public var results: Int = 0
    /// True when a statement failed and the run stopped before the end.
    public var stoppedEarly = false
}

/// A SurvQL session: the named cohorts, the options and the last result.
///
/// One `run(_:)` path serves every front end (batch files, standard input, `-c`, the REPL and the
/// language server): parse, check, then evaluate each statement in order. A statement that
/// fails leaves the session exactly as it was: cohorts are only added or replaced when a
/// statement succeeds.
public final class Session: @unchecked Sendable {
    public private(set) var cohorts: [String: Cohort] = [:]
    public var options = SessionOptions()
    public private(set) var lastResult: StatementResult?
    /// Paths in `load` and `export` are resolved against the working directory first, then
    /// against this directory (the query file's) when given.
    public var workingDirectory: String = FileManager.default.currentDirectoryPath
    /// Formats results for `export last`; front ends set it from the rendering module.
    public var exporter: ResultExporter?
    /// Values for `${NAME}` and `${NAME:-default}` in quoted paths (`survql run --define NAME=VALUE`).
    public var parameters: [String: String] = [:]
    /// Writes `export ... to "-"` output; front ends set it (only they touch the terminal).
    public var standardOutput: ((String) -> Void)?
    /// Canonical paths of every file and study folder loaded in this session and of every query
    /// file run: `export` and `plot` never write to them or inside them.
    public private(set) var protectedPaths: [String] = []

    public init() {}

    /// Facts about the session's cohorts for the checker.
    public var knownCohorts: [String: CohortFacts] {
        var out: [String: CohortFacts] = [:]
        for (k, c) in cohorts { out[k] = CohortFacts(definedAt: nil, hasDefiningAlteration: c.defining != nil ? true : nil) }
        return out
    }

    /// Parses, checks and runs a source. With `keepGoing`, statements after a failing one
    /// still run (and statements the parser could not read are skipped); otherwise the first
    /// error stops the run. Parse and check errors stop the run before anything executes,
    /// unless `keepGoing`.
    @discardableResult
    /// - Parameter cancellation: when cancelled, the running statement stops (leaving the session
    ///   as it was before that statement) and the run ends with a `run.cancelled` diagnostic.
    public func run(_ file: SourceFile, keepGoing: Bool = false, cancellation: CancellationToken? = nil,
                    onEvent: (RunEvent) -> Void) -> RunSummary {
        var summary = RunSummary()
        var limiter = DiagnosticLimiter()
        var lastLocation = DiagnosticLocation.none
        // Reports a diagnostic through the limiter; false once the error cap is reached (the
        // cap's own error has then been reported and the run must stop).
        func report(_ d: Diagnostic, _ statement: Int?) -> Bool {
            if d.severity == .error { summary.errors += 1 } else { summary.warnings += 1 }
            if limiter.admit(d) {
                lastLocation = d.location
                onEvent(.diagnostic(d, statement: statement))
            }
            if d.severity == .error && limiter.errorsExhausted {
                summary.errors += 1
                onEvent(.diagnostic(DiagnosticLimiter.tooManyErrors(at: lastLocation), statement: statement))
                summary.stoppedEarly = true
                return false
            }
            return true
        }
        func finish() -> RunSummary {
            if let s = limiter.suppressedSummary(file: file) { onEvent(.diagnostic(s, statement: nil)) }
            return summary
        }
        if !file.name.hasPrefix("<") { protect(file.name) }
        let (script, parseDiagnostics) = Parser.parse(file)
        let checkDiagnostics = Checker.check(script, known: knownCohorts, hasResult: lastResult != nil)
        let staticDiagnostics = (parseDiagnostics + checkDiagnostics).sorted { ($0.sourceRange?.start ?? 0) < ($1.sourceRange?.start ?? 0) }
        var badStatements = Set<Int>()
        for d in staticDiagnostics {
            let index = Session.statementIndex(of: d, in: script)
            if d.severity == .error, let index { badStatements.insert(index) }
            if !report(d, index.map { $0 + 1 }) { return finish() }
        }
        if summary.errors > 0 && !keepGoing {
            summary.stoppedEarly = true
            return finish()
        }
        let fileDirectory = file.name.hasPrefix("<") ? nil : (file.name as NSString).deletingLastPathComponent
        for (i, statement) in script.statements.enumerated() {
            if case .error = statement.kind { continue }
            if badStatements.contains(i) { continue }
            let outcome = evaluate(statement, index: i + 1, file: file, fileDirectory: fileDirectory)
            for w in outcome.warnings {
                if !report(w, i + 1) { return finish() }
            }
            if let r = outcome.result {
                summary.results += 1
                if r.kind != "message" { lastResult = r }
                onEvent(.result(r))
            }
            for d in outcome.errors {
                if !report(d, i + 1) { return finish() }
            }
            if !outcome.errors.isEmpty && !keepGoing {
                summary.stoppedEarly = i + 1 < script.statements.count
                return finish()
            }
        }
        return finish()
    }

    /// The statement a diagnostic falls in, if any.
    static func statementIndex(of d: Diagnostic, in script: Script) -> Int? {
        guard let r = d.sourceRange else { return nil }
        for (i, s) in script.statements.enumerated() where s.range.start <= r.start && r.start <= s.range.end {
            return i
        }
        return nil
    }

    /// What evaluating one statement produced.
    struct StatementOutcome {
        var result: StatementResult?
        var warnings: [Diagnostic]
        var errors: [Diagnostic]
    }

    /// Evaluates one statement; any failure becomes diagnostics (never a thrown error).
    func evaluate(_ statement: Statement, index: Int, file: SourceFile, fileDirectory: String?) -> StatementOutcome {
        var evaluator = Evaluator(session: self, file: file, statement: statement, index: index, fileDirectory: fileDirectory)
        var result: StatementResult? = nil
        var errors: [Diagnostic] = []
        do {
            result = try evaluator.evaluate()
        } catch let e as DiagnosticError {
            errors = e.diagnostics
        } catch {
            errors = [Diagnostic("run.internal", .error, "internal error: \(error)", file: file, range: statement.range)]
        }
        let warnings = DiagnosticLimiter.merge(evaluator.warnings)
        result?.warnings = warnings
        return StatementOutcome(result: result, warnings: warnings, errors: errors)
    }

    // MARK: Mutation, used by the evaluator only after a statement succeeded.

    func define(_ cohort: Cohort) {
        cohorts[cohort.name] = cohort
        if let path = cohort.dataset.path { protect(path) }
    }

    /// Adds a path (canonicalized, links followed) to `protectedPaths`.
    func protect(_ path: String) {
        let canonical = OutputFile.realPath(path) ?? path
        if !protectedPaths.contains(canonical) { protectedPaths.append(canonical) }
    }

    func cohort(named name: String) -> Cohort? { cohorts[name] }
}
