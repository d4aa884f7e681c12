import ArgumentParser
import Foundation
import SurvQLSyntax

extension SurvQLCommand {
    /// `survql fmt FILE... [--check | --write]`: the canonical layout of query files.
    struct Fmt: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Format query files in the canonical layout.",
            discussion: """
            Prints the formatted text to standard output. With --check, prints nothing but the \
            names of the files that would change, and exits 1 when there are any. With --write, \
            rewrites the files that change in place (atomically). A statement with a syntax error \
            is kept as written; its diagnostics go to standard error and the exit code is 1.
            """
        )

        @Argument(help: "Query files ('-' for standard input).")
        var files: [String]

        @Flag(help: "Exit 1 and list the files whose layout is not canonical; change nothing.")
        var check = false

        @Flag(name: [.customShort("w"), .customLong("write")], help: "Rewrite the files in place.")
        var write = false

        func validate() throws {
            if check && write { throw ValidationError("--check and --write cannot be used together") }
            if write && files.contains("-") { throw ValidationError("--write cannot rewrite standard input") }
        }

        func run() throws {
            var sources: [SourceFile] = []
            for path in files { sources.append(try readQueryFile(path)) }
            let diagnosticFormatter = DiagnosticFormatter(color: Terminal.colorDiagnostics)
            var failed = false
            var changed: [String] = []
            for file in sources {
                let errors = Parser.parse(file).diagnostics.filter { $0.severity == .error }
                for d in errors { Terminal.writeErr(diagnosticFormatter.format(d)) }
                if !errors.isEmpty { failed = true }
                let formatted = Formatter.format(file)
                let differs = Array(formatted.utf8) != file.bytes
                if check {
                    if differs { changed.append(file.name) }
                } else if write {
                    if differs && errors.isEmpty { try replace(file.name, with: formatted) }
                } else {
                    Terminal.writeOut(formatted)
                }
            }
            for name in changed { Terminal.writeOut(name + "\n") }
            if failed || !changed.isEmpty { throw ExitWith(.queryError) }
        }

        /// Writes `text` next to `path` and renames it over `path`, so a reader never sees half a file.
        func replace(_ path: String, with text: String) throws {
            let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
            let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).fmt-\(getpid())")
            do {
                try Data(text.utf8).write(to: temp)
                if let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                   let mode = attributes[.posixPermissions] {
                    try? FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: temp.path)
                }
                if rename(temp.path, url.path) != 0 { throw CocoaError(.fileWriteUnknown) }
            } catch {
                try? FileManager.default.removeItem(at: temp)
                throw ExitWith(code: .usage, message: "survql: cannot write '\(path)'")
            }
        }
    }
}
