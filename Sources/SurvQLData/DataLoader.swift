import SurvQLSyntax

/// The entry points behind the `load` verb.
///
/// A directory is loaded as a cBioPortal study, a file as a delimited table. Every problem with
/// the data is a `Diagnostic`: errors are thrown as `DiagnosticError`, warnings come back in
/// `LoadOutcome.warnings`. Nothing here traps on bad input.
public enum DataLoader {
    /// Loads `path`. `idColumn` names the identifier column of a delimited table (`id COL`);
    /// it is ignored for cBioPortal studies, which use `PATIENT_ID`. `parallel` parses a large
    /// (8 MiB or more) delimited table on two threads, each adding half of the columns (by cost):
    /// the result is the same; it costs about 5% more CPU (both threads read every record) and
    /// 8 bytes per row of memory. On by default.
    ///
    /// `separator` (`sep ";"`) overrides the delimiter a table's extension or header suggests.
    /// Only a regular file or a directory is read: a FIFO, a device or a socket is
    /// `data.notRegularFile` (nothing blocks, nothing reads forever), a symbolic-link loop is
    /// `data.symlinkLoop`.
    ///
    /// `threads` (`set threads N`), when given, decides instead of `parallel`: 1 reads on one
    /// thread, 2 or more on two (the most a table uses). The result is the same either way.
    ///
    /// `cancellation` is checked between files, every 16,384 rows or 1 MiB and between the
    /// steps after the parse (finishing each column, the identifiers); a cancelled load throws
    /// `CancellationError`.
    public static func load(path: String, idColumn: String? = nil, separator: String? = nil, parallel: Bool = true,
                            threads: Int? = nil, cancellation: CancellationToken? = nil) throws -> LoadOutcome {
        let parallel = threads.map { $0 >= 2 } ?? parallel
        guard let cancellation else { return try load(path: path, idColumn: idColumn, separator: separator, parallel: parallel, checked: ()) }
        return try LoadCancellation.$token.withValue(cancellation) {
            let outcome = try load(path: path, idColumn: idColumn, separator: separator, parallel: parallel, checked: ())
            try LoadCancellation.check()
            return outcome
        }
    }

    private static func load(path: String, idColumn: String?, separator: String?, parallel: Bool, checked: Void) throws -> LoadOutcome {
        var delimiter: UInt8? = nil
        if let separator {
            let bytes = Array((separator == "\\t" ? "\t" : separator).utf8)
            guard bytes.count == 1, bytes[0] != 0x0A, bytes[0] != 0x0D, bytes[0] != 0x22 else {
                throw DiagnosticError(DataMessages.badSeparator(separator))
            }
            delimiter = bytes[0]
        }
        switch FileBytes.kind(of: path) {
        case .missing:
            throw DiagnosticError(DataMessages.fileNotFound(path))
        case .symlinkLoop:
            throw DiagnosticError(DataMessages.symlinkLoop(path))
        case let .special(what):
            throw DiagnosticError(DataMessages.notRegularFile(path, what))
        case .directory:
            return try CBioPortalStudyLoader.load(directory: path)
        case .file:
            return try DelimitedTableLoader.load(path: path, idColumn: idColumn, delimiter: delimiter, parallel: parallel)
        }
    }

    /// The names of the built-in demo cohorts.
    public static let demoNames = ["ntrk"]

    /// A built-in synthetic cohort (`load demo ntrk`); `data.unknownDemo` for another name.
    public static func demo(_ name: String) throws -> LoadOutcome {
        switch name.lowercased() {
        case "ntrk":
            return LoadOutcome(dataset: DemoCohort.ntrk(), warnings: [])
        default:
            let near = NameMatcher.nearest(to: name, in: demoNames, limit: 1, maxDistance: 3)
            throw DiagnosticError(Diagnostic(
                id: "data.unknownDemo",
                message: "no demo cohort named '\(name)'" + (near.isEmpty ? "" : "; did you mean '\(near[0])'?"),
                location: .none, hint: "available demo cohorts: \(demoNames.joined(separator: ", "))"))
        }
    }
}
