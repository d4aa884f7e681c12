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
///
/// Thread-safe: every piece of mutable state is guarded by `lock`, so completion and hover may
/// read the cohort table from another thread while a statement runs (`@unchecked Sendable` is
/// sound because nothing mutable is reached without the lock).
public final class Session: @unchecked Sendable {
    private struct State {
        var cohorts: [String: Cohort] = [:]
        var options = SessionOptions()
        var lastResult: StatementResult?
        var workingDirectory: String = FileManager.default.currentDirectoryPath
        var exporter: ResultExporter?
        var parameters: [String: String] = [:]
    }

    private let lock = NSLock()
    private var state = State()

    private func read<T>(_ body: (State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(state)
    }

    private func write(_ body: (inout State) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        body(&state)
    }

    /// The named cohorts (a snapshot; safe to read while a statement runs on another thread).
    public var cohorts: [String: Cohort] { read { $0.cohorts } }
    public var options: SessionOptions {
        get { read { $0.options } }
        set { write { $0.options = newValue } }
    }
    public var lastResult: StatementResult? { read { $0.lastResult } }
    /// Paths in `load` and `export` are resolved against the working directory first, then
    /// against this directory (the query file's) when given.
    public var workingDirectory: String {
        get { read { $0.workingDirectory } }
        set { write { $0.workingDirectory = newValue } }
    }
    /// Formats results for `export last`; front ends set it from the rendering module.
    public var exporter: ResultExporter? {
        get { read { $0.exporter } }
        set { write { $0.exporter = newValue } }
    }
    /// Values for `${NAME}` and `${NAME:-default}` in quoted paths (`survql run --define NAME=VALUE`).
    public var parameters: [String: String] {
        get { read { $0.parameters } }
        set { write { $0.parameters = newValue } }
    }

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
        let (script, parseDiagnostics) = Parser.parse(file)
        let checkDiagnostics = Checker.check(script, known: knownCohorts, hasResult: lastResult != nil)
        let staticDiagnostics = (parseDiagnostics + checkDiagnostics).sorted { ($0.sourceRange?.start ?? 0) < ($1.sourceRange?.start ?? 0) }
        var badStatements = Set<Int>()
        for d in staticDiagnostics {
            let index = Session.statementIndex(of: d, in: script)
            if d.severity == .error {
                summary.errors += 1
                if let index { badStatements.insert(index) }
            } else {
                summary.warnings += 1
            }
            onEvent(.diagnostic(d, statement: index.map { $0 + 1 }))
        }
        if summary.errors > 0 && !keepGoing {
            summary.stoppedEarly = true
            return summary
        }
        // The folder part of the name, by hand: Foundation's `deletingLastPathComponent` traps on a
        // one-character name such as `t` (swift-corelibs-foundation on Linux).
        let fileDirectory: String? = file.name.hasPrefix("<") ? nil : file.name.lastIndex(of: "/").map { slash in
            slash == file.name.startIndex ? "/" : String(file.name[..<slash])
        } ?? ""
        for (i, statement) in script.statements.enumerated() {
            if statement.hasError { continue }
            if badStatements.contains(i) { continue }
            if cancellation?.isCancelled == true {
                // Cancelled between statements: nothing more runs.
                summary.errors += 1
                summary.stoppedEarly = true
                onEvent(.diagnostic(Diagnostic.run(RuntimeMessages.cancelled, file, statement.range), statement: i + 1))
                return summary
            }
            let outcome = evaluate(statement, index: i + 1, file: file, fileDirectory: fileDirectory, cancellation: cancellation)
            for w in outcome.warnings {
                summary.warnings += 1
                onEvent(.diagnostic(w, statement: i + 1))
            }
            if let r = outcome.result {
                summary.results += 1
                if r.kind != "message" { write { $0.lastResult = r } }
                onEvent(.result(r))
            }
            for d in outcome.errors {
                if d.severity == .error { summary.errors += 1 } else { summary.warnings += 1 }
                onEvent(.diagnostic(d, statement: i + 1))
            }
            if !outcome.errors.isEmpty && (!keepGoing || cancellation?.isCancelled == true) {
                summary.stoppedEarly = i + 1 < script.statements.count
                return summary
            }
        }
        return summary
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
    func evaluate(_ statement: Statement, index: Int, file: SourceFile, fileDirectory: String?,
                  cancellation: CancellationToken? = nil) -> StatementOutcome {
        var evaluator = Evaluator(session: self, file: file, statement: statement, index: index, fileDirectory: fileDirectory)
        evaluator.cancellation = cancellation
        var result: StatementResult? = nil
        var errors: [Diagnostic] = []
        do {
            result = try evaluator.evaluate()
        } catch is CancellationError {
            errors = [Diagnostic.run(RuntimeMessages.cancelled, file, statement.range)]
        } catch let e as DiagnosticError {
            errors = e.diagnostics
        } catch {
            errors = [Diagnostic("run.internal", .error, "internal error: \(error)", file: file, range: statement.range)]
        }
        // A statement that failed because it was cancelled part-way reports only that.
        if !errors.isEmpty, cancellation?.isCancelled == true {
            errors = [Diagnostic.run(RuntimeMessages.cancelled, file, statement.range)]
        }
        let warnings = evaluator.warnings
        result?.warnings = warnings
        return StatementOutcome(result: result, warnings: warnings, errors: errors)
    }

    // MARK: Mutation, used by the evaluator only after a statement succeeded.

    func define(_ cohort: Cohort) {
        write { $0.cohorts[cohort.name] = cohort }
    }

    func cohort(named name: String) -> Cohort? { read { $0.cohorts[name] } }
}
