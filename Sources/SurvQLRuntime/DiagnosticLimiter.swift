import SurvQLSyntax

/// Keeps a run's diagnostics readable and bounded, whatever the input.
///
/// Within one statement, warnings of one kind (one id) that repeat more than
/// `examplesPerKind` times become one warning: the first, with the count of the others and
/// a note for each of a few examples. Across a run, after `maxErrors` errors the run stops
/// with one `run.tooManyErrors` error, and after `maxWarnings` warnings further warnings are
/// counted, not shown, and summed up in one last warning.
public struct DiagnosticLimiter: Sendable {
    /// Errors shown before a run stops.
    public static let maxErrors = 50
    /// Warnings shown in a run.
    public static let maxWarnings = 200
    /// Warnings of one kind in one statement shown before they are merged.
    public static let examplesPerKind = 3

    public private(set) var errors = 0
    public private(set) var warnings = 0
    /// Warnings counted but not shown.
    public private(set) var suppressedWarnings = 0

    public init() {}

    /// Whether the run has reached the error cap.
    public var errorsExhausted: Bool { errors >= Self.maxErrors }

    /// Decides whether to show `d`; counts it either way.
    public mutating func admit(_ d: Diagnostic) -> Bool {
        switch d.severity {
        case .error:
            errors += 1
            return errors <= Self.maxErrors
        case .warning, .note:
            warnings += 1
            if warnings > Self.maxWarnings {
                suppressedWarnings += 1
                return false
            }
            return true
        }
    }

    /// The error that ends a run at the cap, at `location` (the last error's place).
    public static func tooManyErrors(at location: DiagnosticLocation) -> Diagnostic {
        Diagnostic(id: RuntimeMessages.tooManyErrors.id, message: RuntimeMessages.tooManyErrors.text, location: location,
                   hint: "fix the errors above first, or check the file with 'survql check'")
    }

    /// The closing warning when some were not shown.
    public func suppressedSummary(file: SourceFile) -> Diagnostic? {
        guard suppressedWarnings > 0 else { return nil }
        let m = RuntimeMessages.warningsNotShown(suppressedWarnings, Self.maxWarnings)
        return Diagnostic(id: m.id, severity: .warning, message: m.text, location: .none)
    }

    /// Merges repeated warnings of one kind (one statement's) into one with a count and a few
    /// examples as notes; order otherwise kept.
    public static func merge(_ ds: [Diagnostic]) -> [Diagnostic] {
        var byID: [String: Int] = [:]
        for d in ds where d.severity != .error { byID[d.id, default: 0] += 1 }
        guard byID.values.contains(where: { $0 > examplesPerKind }) else { return ds }
        var out: [Diagnostic] = []
        var firstIndex: [String: Int] = [:]
        for d in ds {
            guard d.severity != .error, let n = byID[d.id], n > examplesPerKind else {
                out.append(d)
                continue
            }
            if let i = firstIndex[d.id] {
                if out[i].notes.count < examplesPerKind {
                    out[i].notes.append(DiagnosticNote(message: "also: \(d.message)", location: d.location))
                }
            } else {
                var merged = d
                merged.message = d.message + " (and \(n - 1) more like it in this statement)"
                firstIndex[d.id] = out.count
                out.append(merged)
            }
        }
        return out
    }
}
