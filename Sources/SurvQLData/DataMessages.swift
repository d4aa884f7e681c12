import SurvQLSyntax

/// The catalog of data-loading diagnostics, one static member each; ids are stable (`data.*`).
///
/// Data locations are one-based; the message says whether a column number counts fields or bytes.
public enum DataMessages {
    static func loc(_ path: String, _ line: Int, _ column: Int, _ text: String?) -> DiagnosticLocation {
        .data(path: path, line: line, column: column, lineText: text)
    }

    /// A location whose column is the 1-based byte column where field `field` starts (or just
    /// past the end of the line when the line has fewer fields), so carets land on the field
    /// the way compilers point at a token; the message names the field number.
    static func fieldLoc(_ path: String, _ line: Int, _ field: Int, _ text: String?) -> DiagnosticLocation {
        guard let text else { return loc(path, line, field, nil) }
        let bytes = Array(text.utf8)
        let delimiter: UInt8 = bytes.contains(9) ? 9 : 44
        var current = 1
        var column = 1
        for (i, b) in bytes.enumerated() where current < field {
            if b == delimiter { current += 1; column = i + 2 }
        }
        if current < field { column = bytes.count + 1 }
        return loc(path, line, column, text)
    }

    static func fileNotFound(_ path: String) -> Diagnostic {
        Diagnostic(id: "data.fileNotFound", message: "no such file or directory: '\(path)'", location: .none,
                   hint: "check the path; relative paths are resolved from the current directory")
    }

    static func unreadable(_ path: String, _ reason: String) -> Diagnostic {
        Diagnostic(id: "data.unreadable", message: "cannot read '\(path)': \(reason)", location: .none,
                   hint: "check the file's permissions")
    }

    static func symlinkLoop(_ path: String) -> Diagnostic {
        Diagnostic(id: "data.symlinkLoop", message: "cannot read '\(path)': a loop of symbolic links", location: .none,
                   hint: "a link in this path points back to itself; fix the links with ls -l")
    }

    static func notRegularFile(_ path: String, _ what: String) -> Diagnostic {
        Diagnostic(id: "data.notRegularFile", message: "cannot load '\(path)': it is \(what), not a regular file or a study folder",
                   location: .none, hint: "load a TSV/CSV file or a cBioPortal study folder (copy the data to a regular file first)")
    }

    static func utf16File(_ path: String, _ order: String) -> Diagnostic {
        Diagnostic(id: "data.utf16File", message: "'\(path)' is UTF-16 (\(order)) text; SurvQL reads UTF-8",
                   location: loc(path, 1, 1, nil),
                   hint: "convert it, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8.tsv, or save as \"CSV UTF-8\"")
    }

    static func semicolonSeparated(_ path: String, text: String?) -> Diagnostic {
        Diagnostic(id: "data.semicolonSeparated",
                   message: "'\(path)' reads as one column: its header is separated by ';', not ','",
                   location: loc(path, 1, 1, text),
                   hint: "add sep \";\" to the load statement (load \"FILE.csv\" as NAME sep \";\"), or save it as a TSV")
    }

    static func badSeparator(_ value: String) -> Diagnostic {
        Diagnostic(id: "data.badSeparator", message: "the separator must be one character such as \";\", \",\" or \"\\t\", not \"\(value)\"",
                   location: .none, hint: "for example: load \"cohort.csv\" as rwd sep \";\"")
    }

    static func emptyFile(_ path: String) -> Diagnostic {
        Diagnostic(id: "data.emptyFile", message: "'\(path)' is empty (no header row)", location: loc(path, 1, 1, nil),
                   hint: "a data file needs a header row naming its columns")
    }

    static func binaryFile(_ path: String, line: Int, column: Int, nul: Bool) -> Diagnostic {
        Diagnostic(id: "data.binaryFile",
                   message: nul ? "'\(path)' looks binary: NUL byte at byte \(column) of line \(line)"
                                : "'\(path)' looks binary: most of its bytes are not valid UTF-8 text",
                   location: loc(path, line, column, nil),
                   hint: "load a tab- or comma-separated text file (export spreadsheets as CSV or TSV)")
    }

    static func noMetaFiles(_ path: String) -> Diagnostic {
        Diagnostic(id: "data.noMetaFiles",
                   message: "'\(path)' is a directory without cBioPortal meta_*.txt files",
                   location: .none,
                   hint: "a cBioPortal study directory has meta_study.txt and a meta_*.txt file per data file; to load a table give the file's path")
    }

    static func noClinicalData(_ path: String) -> Diagnostic {
        Diagnostic(id: "data.noClinicalData",
                   message: "the cBioPortal study '\(path)' has no clinical patient or sample file",
                   location: .none,
                   hint: "a study needs data_clinical_patient.txt or data_clinical_sample.txt with a meta file pointing to it")
    }

    static func malformedHeader(_ path: String, line: Int, field: Int, text: String?, _ what: String) -> Diagnostic {
        Diagnostic(id: "data.malformedHeader", message: "malformed header in '\(path)': \(what) (field \(field))",
                   location: fieldLoc(path, line, field, text),
                   hint: "the first row must name every column once, separated by the delimiter")
    }

    static func wrongColumnCount(_ path: String, line: Int, found: Int, expected: Int, text: String?) -> Diagnostic {
        Diagnostic(id: "data.wrongColumnCount",
                   message: "line \(line) has \(found) field\(found == 1 ? "" : "s"), the header has \(expected) (column is field \(min(found, expected) + 1))",
                   location: fieldLoc(path, line, min(found, expected) + 1, text),
                   hint: found > expected ? "a value may contain the delimiter; quote it (\"...\")" : "fill missing values with an empty field or NA")
    }

    static func unterminatedQuote(_ path: String, line: Int, byte: Int, text: String?) -> Diagnostic {
        Diagnostic(id: "data.unterminatedQuote", message: "quoted field opened at byte \(byte) of line \(line) is never closed",
                   location: loc(path, line, byte, text),
                   hint: "close the quote, or write a literal quote as two quotes (\"\")")
    }

    static func badNumber(_ path: String, line: Int, field: Int, column: String, value: String, text: String?) -> Diagnostic {
        Diagnostic(id: "data.badNumber", severity: .warning,
                   message: "'\(value)' in number column \(column) (field \(field)) is not a number; treated as missing",
                   location: fieldLoc(path, line, field, text),
                   hint: "write numbers like 12, 3.5 or 1e-3; use NA or an empty cell for a missing value")
    }

    static func duplicateColumn(_ path: String, line: Int, field: Int, name: String, renamed: String) -> Diagnostic {
        Diagnostic(id: "data.duplicateColumn", severity: .warning,
                   message: "column name '\(name)' appears twice (field \(field)); the second is renamed '\(renamed)'",
                   location: loc(path, line, field, nil), hint: "give every column a distinct name")
    }

    static func duplicateIdentifier(_ path: String, line: Int, field: Int, id: String, firstLine: Int, column: String, text: String?) -> Diagnostic {
        Diagnostic(id: "data.duplicateIdentifier",
                   message: "identifier '\(id)' in column \(column) (field \(field)) appears again; first seen on line \(firstLine)",
                   location: fieldLoc(path, line, field, text),
                   hint: "each row must have a distinct identifier; choose another column with `id COLUMN`")
    }

    static func missingIdentifier(_ path: String, line: Int, field: Int, column: String, text: String?) -> Diagnostic {
        Diagnostic(id: "data.missingIdentifier",
                   message: "row has no identifier in column \(column) (field \(field))",
                   location: fieldLoc(path, line, field, text),
                   hint: "every row needs an identifier")
    }

    static func unknownIdColumn(_ path: String, name: String, suggestions: [String]) -> Diagnostic {
        Diagnostic(id: "data.unknownIdColumn",
                   message: "no column '\(name)' in '\(path)'" + (suggestions.isEmpty ? "" : "; did you mean '\(suggestions[0])'?"),
                   location: loc(path, 1, 1, nil),
                   hint: "the id column must be one of the header's names")
    }

    static func badSurvivalTime(_ path: String, line: Int, field: Int, column: String, value: String, negative: Bool, text: String?) -> Diagnostic {
        Diagnostic(id: "data.badSurvivalTime",
                   message: negative ? "survival time \(value) in \(column) (field \(field)) is negative"
                                     : "survival time '\(value)' in \(column) (field \(field)) is not a number",
                   location: fieldLoc(path, line, field, text),
                   hint: "survival times are non-negative numbers; use NA or an empty cell when unknown")
    }

    static func unknownStatus(_ path: String, line: Int, field: Int, column: String, value: String, text: String?) -> Diagnostic {
        Diagnostic(id: "data.unknownStatus",
                   message: "unknown survival status '\(value)' in \(column) (field \(field))",
                   location: fieldLoc(path, line, field, text),
                   hint: "write the status as 1:DECEASED/0:LIVING, 1/0, TRUE/FALSE, or another event/censored pair such as 1:Progressed/0:Not Progressed")
    }
}
