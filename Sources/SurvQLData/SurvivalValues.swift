import SurvQLSyntax

/// The meaning of one survival status cell.
public enum EventValue: Sendable, Hashable {
    /// The event happened (death, progression, recurrence).
    case event
    /// Censored: followed up without the event.
    case censored
    /// No status recorded.
    case missing
}

/// Parsing and checking of survival times and statuses, shared by the loaders and the runtime
/// (`time COL`, `event COL` on any table).
public enum SurvivalValues {
    private static let eventWords: Set<String> = [
        "1", "1.0", "true", "t", "yes", "y", "event", "dead", "deceased", "died", "death",
        "progressed", "progression", "recurred", "recurrence", "relapsed", "relapse",
        "recurred/progressed", "progressed/recurred",
    ]
    private static let censoredWords: Set<String> = [
        "0", "0.0", "false", "f", "no", "n", "censored", "living", "alive", "not progressed",
        "not_progressed", "diseasefree", "disease free", "disease-free", "no progression",
        "not recurred", "no recurrence", "progression free", "progressionfree", "recurrence free",
    ]

    /// Reads a status cell; nil when the spelling is not recognised (the caller reports it).
    ///
    /// cBioPortal's `N:label` form is decided by the code before the colon (`1:DECEASED`,
    /// `0:LIVING`, `1:Recurred/Progressed`, `0:DiseaseFree`, `1:Yes`); other codes are unknown.
    /// Bare words, any case: event = 1, TRUE, T, YES, Y, EVENT, DEAD, DECEASED, DIED, DEATH,
    /// PROGRESSED, PROGRESSION, RECURRED, RECURRENCE, RELAPSED, RELAPSE, RECURRED/PROGRESSED;
    /// censored = 0, FALSE, F, NO, N, CENSORED, LIVING, ALIVE, NOT PROGRESSED, DISEASEFREE,
    /// DISEASE FREE, NO PROGRESSION, NOT RECURRED, NO RECURRENCE, PROGRESSION FREE, RECURRENCE FREE.
    /// Missing markers (empty, NA, `[Not Available]`, ...) give `.missing`.
    public static func parseEvent(_ text: String) -> EventValue? {
        let t = text.trimmingSpaces()
        if CellSyntax.isMissing(t) { return .missing }
        if let colon = t.firstIndex(of: ":") {
            let code = t[..<colon].trimmingSpaces()
            if code == "1" { return .event }
            if code == "0" { return .censored }
            return nil
        }
        let lower = t.lowercased()
        if eventWords.contains(lower) { return .event }
        if censoredWords.contains(lower) { return .censored }
        return nil
    }

    /// Events of a whole column: 1 event, 0 censored, -1 missing; plus the rows whose text is
    /// not a known status (they are -1 in `events`). Numeric columns: 1 is an event, 0 censored,
    /// anything else unknown.
    public static func events(of column: Column) -> (events: [Int8], unknownRows: [Int]) {
        var unknown: [Int] = []
        if case let .numeric(values) = column.storage {
            // A second pass finds the unknown values only when there are some.
            let (codes, other) = values.statusCodes()
            if other > 0 {
                for i in 0..<codes.count where codes[i] < 0 && !values[i].isNaN { unknown.append(i) }
            }
            return (codes, unknown)
        }
        var out = [Int8](repeating: -1, count: column.count)
        switch column.storage {
        case .numeric:
            break
        case let .coded(codes, levels):
            let decoded: [Int8?] = levels.map { level in
                switch parseEvent(level) {
                case .event?: return 1
                case .censored?: return 0
                case .missing?: return -1
                case nil: return nil
                }
            }
            for (i, c) in codes.enumerated() where c >= 0 {
                if let d = decoded[Int(c)] { out[i] = d } else { unknown.append(i) }
            }
        }
        return (out, unknown)
    }

    /// Survival times of a column with one diagnostic per non-numeric or negative cell
    /// (`data.badSurvivalTime`, located by `location(row)`); bad and missing cells are `.nan`.
    /// Text columns are parsed cell by cell, so `12.5` stored as text still counts.
    public static func validateTimes(_ column: Column, maxDiagnostics: Int = 20,
                                     location: (Int) -> (path: String, line: Int, field: Int, text: String?)? = { _ in nil })
        -> (times: [Double], diagnostics: [Diagnostic]) {
        var times = [Double](repeating: .nan, count: column.count)
        var diagnostics: [Diagnostic] = []
        var badCount = 0
        func report(_ row: Int, _ value: String, negative: Bool) {
            badCount += 1
            guard diagnostics.count < maxDiagnostics else { return }
            if let l = location(row) {
                diagnostics.append(DataMessages.badSurvivalTime(l.path, line: l.line, field: l.field, column: column.name,
                                                               value: value, negative: negative, text: l.text))
            } else {
                diagnostics.append(Diagnostic(
                    id: "data.badSurvivalTime",
                    message: negative ? "survival time \(value) in \(column.name) (row \(row + 1)) is negative"
                                      : "survival time '\(value)' in \(column.name) (row \(row + 1)) is not a number",
                    location: .none, hint: "survival times are non-negative numbers"))
            }
        }
        switch column.storage {
        case let .numeric(cells):
            let values = cells.doubles
            for (i, v) in values.enumerated() where !v.isNaN {
                if v < 0 || !v.isFinite { report(i, Column.format(v, as: .number), negative: v < 0) } else { times[i] = v }
            }
        case let .coded(codes, levels):
            let parsed: [Double?] = levels.map { CellSyntax.isMissing($0) ? .nan : FastDecimal.parse($0.trimmingSpaces()) }
            for (i, c) in codes.enumerated() where c >= 0 {
                guard let v = parsed[Int(c)] else { report(i, levels[Int(c)], negative: false); continue }
                if v.isNaN { continue }
                if v < 0 || !v.isFinite { report(i, levels[Int(c)], negative: v < 0) } else { times[i] = v }
            }
        }
        if badCount > diagnostics.count, let last = diagnostics.last {
            diagnostics.append(Diagnostic(id: "data.badSurvivalTime", severity: .note,
                                          message: "\(badCount - diagnostics.count) more bad survival times in \(column.name)",
                                          location: last.location))
        }
        return (times, diagnostics)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
