// libFuzzer target for the parser (with the checker) and the delimited reader.
//
// Not part of the package's default build: scripts/fuzz.sh builds the two modules with
// `-sanitize=fuzzer` (coverage instrumentation) and links this file against them. Each input
// goes through `Parser.parse` + `Checker.check` + `DiagnosticFormatter`, and through the
// delimited reader as a tab- and a comma-separated table (quoted and cBioPortal-style
// unquoted). Any trap, crash, hang (libFuzzer's -timeout) or oversized diagnostic is a finding.
@testable import SurvQLData
import SurvQLSemantics
import SurvQLSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func survqlFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    // Parser, checker, formatter.
    let file = SourceFile(name: "fuzz.survql", bytes: bytes)
    let (script, diagnostics) = Parser.parse(file)
    let all = diagnostics + Checker.check(script)
    let formatter = DiagnosticFormatter()
    for d in all.prefix(100) {
        if let r = d.sourceRange, !(r.start >= 0 && r.start <= r.end && r.end <= size) {
            fatalError("diagnostic range \(r) outside an input of \(size) bytes")
        }
        let printed = formatter.format(d)
        if printed.utf8.count > 20_000 { fatalError("a \(printed.utf8.count)-byte diagnostic") }
    }

    // The delimited reader, as the table loader and the study loader call it.
    bytes.withUnsafeBufferPointer { buffer in
        for (delimiter, quoting) in [(UInt8(ascii: "\t"), true), (UInt8(ascii: ","), true), (UInt8(ascii: "\t"), false)] {
            var options = DelimitedReadOptions(path: "fuzz.tsv", delimiter: delimiter, quoting: quoting)
            options.padShortRows = !quoting
            do {
                try FileBytes.checkText(buffer, path: "fuzz.tsv")
                let result = try DelimitedReader.read(buffer, from: FileBytes.bomLength(buffer), line: 1, options: options)
                let table = result.table
                for c in table.columns where c.count != table.rowCount { fatalError("column \(c.name) has \(c.count) rows of \(table.rowCount)") }
                for d in result.warnings.prefix(20) { _ = formatter.format(d) }
            } catch let e as DiagnosticError {
                for d in e.diagnostics.prefix(20) { _ = formatter.format(d) }
            } catch {
                fatalError("unexpected error \(error)")
            }
        }
    }
    return 0
}
