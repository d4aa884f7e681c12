#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import SurvQLSyntax
import SurvQLSemantics
import SurvQLRendering
import SurvQLRuntime

/// `survql` — run SurvQL queries from files, standard input or the command line, check them,
/// or start the interactive REPL.
struct SurvQLCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "survql",
        abstract: "A query language for survival analysis of genomic cohorts.",
        discussion: """
        With no subcommand: runs -c STATEMENTS, or the statements on standard input when it is \
        not a terminal, or starts the interactive REPL.
        Exit codes: 0 success, 1 an error in a query or its data, 2 bad usage or an unreadable file.
        """,
        version: version,
        subcommands: [Run.self, Check.self, Fmt.self, LSP.self],
        defaultSubcommand: nil
    )

    @Option(name: [.customShort("c"), .customLong("command")], help: "Statements to run.")
    var command: String?

    @Option(name: .customLong("init"), help: ArgumentHelp("A query file to run first; then the REPL (or standard input) goes on in the same session.", valueName: "FILE"))
    var initFile: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let initSource = try initFile.map(readQueryFile)
        let runner = BatchRunner(format: output.format, keepGoing: output.keepGoing, parameters: try output.parameters(),
                                 outputDirectory: try output.outputDirectory())
        if let command {
            throw ExitWith(code: runner.run((initSource.map { [$0] } ?? []) + [SourceFile(name: "<command line>", text: command)]))
        }
        try Self.runInteractiveOrStdin(runner: runner, initSource: initSource, format: output.format,
                                       parameters: try output.parameters())
    }

    /// Without `-c`: the statements on standard input when it is not a terminal, else the REPL.
    static func runInteractiveOrStdin(runner: BatchRunner, initSource: SourceFile?, format: OutputFormat,
                                      parameters: [String: String]) throws {
        if !Terminal.stdinIsTTY {
            throw ExitWith(code: runner.run((initSource.map { [$0] } ?? []) + [SourceFile(name: "<stdin>", bytes: try Terminal.readAllStdin())]))
        }
        let repl = Repl(parameters: parameters)
        repl.settings.format = format
        throw ExitWith(code: repl.run(initFile: initSource))
    }

    /// Parses arguments and runs, mapping ArgumentParser's usage errors to exit code 2. A bare
    /// `survql` (the REPL, or a pipe on standard input) skips the argument parser, whose
    /// reflection over the option types costs a few milliseconds of start-up; it does what the
    /// parsed defaults would.
    static func mainWithExitCodes() {
        Terminal.reserveStandardDescriptors()
        do {
            if CommandLine.arguments.count == 1 {
                try runInteractiveOrStdin(runner: BatchRunner(format: .table, keepGoing: false, parameters: [:], outputDirectory: nil),
                                          initSource: nil, format: .table, parameters: [:])
            }
            var cmd = try SurvQLCommand.parseAsRoot()
            try cmd.run()
            Foundation.exit(ExitCode.success.rawValue)
        } catch let e as ExitWith {
            if let m = e.message { Terminal.writeErr(m.hasSuffix("\n") ? m : m + "\n") }
            Foundation.exit(e.code.rawValue)
        } catch {
            let code = SurvQLCommand.exitCode(for: error)
            if code == .success {
                // --help, --version: written with write(2) so a full or closed stdout is exit 2.
                let text = SurvQLCommand.fullMessage(for: error)
                if let failure = Terminal.writeAll(1, text.hasSuffix("\n") ? text : text + "\n") {
                    _ = Terminal.writeAll(2, "survql: cannot write to standard output: \(failure)\n")
                    Foundation.exit(ExitCode.usage.rawValue)
                }
                Foundation.exit(ExitCode.success.rawValue)
            }
            Terminal.writeErr(SurvQLCommand.fullMessage(for: error) + "\n")
            Foundation.exit(ExitCode.usage.rawValue)
        }
    }
}

/// Options shared by the commands that run statements.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, json (one object per line) or csv.")
    var format: OutputFormat = .table

    @Flag(help: "Run the statements after a failing one instead of stopping.")
    var keepGoing = false

    @Option(help: ArgumentHelp("Also write each result as a tidy CSV file DIR/NN_kind_name.csv (created if missing).", valueName: "DIR"))
    var outputDir: String?

    /// The `--output-dir` folder, created when missing, or a usage error.
    func outputDirectory() throws -> String? {
        guard let dir = outputDir else { return nil }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw ExitWith(code: .usage, message: "survql: cannot create --output-dir '\(dir)': \(error.localizedDescription)")
        }
        return dir
    }

    @Option(name: [.customShort("D"), .customLong("define")],
            help: ArgumentHelp("A value for ${NAME} in quoted paths (repeatable), e.g. --define impact=/data/msk_impact_2017.", valueName: "NAME=VALUE"))
    var define: [String] = []

    /// The `--define` values by name, or a usage error.
    func parameters() throws -> [String: String] {
        var out: [String: String] = [:]
        for d in define {
            guard let eq = d.firstIndex(of: "="), eq != d.startIndex else {
                throw ExitWith(code: .usage, message: "survql: --define takes NAME=VALUE, got '\(d)'")
            }
            out[String(d[..<eq])] = String(d[d.index(after: eq)...])
        }
        return out
    }
}

extension OutputFormat: ExpressibleByArgument {}

extension SurvQLCommand {
    /// `survql run FILE...`: run query files in one session.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run query files (in one session, in order).",
            discussion: "Results go to standard output, diagnostics to standard error. Stops at the first error (exit 1) unless --keep-going."
        )

        @Argument(help: "Query files ('-' for standard input).")
        var files: [String]

        @OptionGroup var output: OutputOptions

        func run() throws {
            var sources: [SourceFile] = []
            for path in files { sources.append(try readQueryFile(path)) }
            let runner = BatchRunner(format: output.format, keepGoing: output.keepGoing, parameters: try output.parameters(),
                                 outputDirectory: try output.outputDirectory())
            throw ExitWith(code: runner.run(sources))
        }
    }
}

/// Ends the process with a code after printing an optional message to stderr.
struct ExitWith: Error {
    var code: ExitCode
    var message: String?
    init(code: ExitCode, message: String? = nil) {
        self.code = code
        self.message = message
    }
    init(_ code: ExitCode) {
        self.code = code
        self.message = nil
    }
}

/// Reads a query file, or fails with exit code 2 and one line naming the reason: no such
/// file, a symbolic-link loop, a directory, a permission problem or a read error. Pipes and
/// character devices are read like files (process substitution gives a pipe), up to
/// `Terminal.maxInputBytes`.
func readQueryFile(_ path: String) throws -> SourceFile {
    if path == "-" { return SourceFile(name: "<stdin>", bytes: try Terminal.readAllStdin()) }
    func fail(_ why: String) -> ExitWith { ExitWith(code: .usage, message: "survql: cannot read '\(path)': \(why)") }
    var st = stat()
    if stat(path, &st) != 0 {
        switch errno {
        case ENOENT: throw fail("no such file")
        case ELOOP: throw fail("a loop of symbolic links")
        default: throw fail(String(cString: strerror(errno)))
        }
    }
    if (st.st_mode & S_IFMT) == S_IFDIR { throw fail("it is a directory") }
    let fd = open(path, O_RDONLY)
    if fd < 0 {
        throw fail(errno == EACCES ? "permission denied" : String(cString: strerror(errno)))
    }
    defer { close(fd) }
    return SourceFile(name: path, bytes: try Terminal.readAll(fd: fd, name: "'\(path)'"))
}

extension SurvQLCommand {
    /// `survql check FILE...`: parse and check, print diagnostics, exit 0 when clean.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse and check query files without running them.",
            discussion: "Prints diagnostics as FILE:LINE:COL: error: MESSAGE. Exits 0 when every file is clean (warnings allowed), 1 otherwise, 2 when a file cannot be read."
        )

        @Argument(help: "Query files ('-' for standard input).")
        var files: [String]

        func run() throws {
            let formatter = DiagnosticFormatter(color: Terminal.colorDiagnostics)
            var errors = 0
            var sources: [SourceFile] = []
            for path in files { sources.append(try readQueryFile(path)) }
            for file in sources {
                let (script, parseDiagnostics) = Parser.parse(file)
                let all = parseDiagnostics + Checker.check(script)
                let sorted = all.sorted { ($0.sourceRange?.start ?? 0) < ($1.sourceRange?.start ?? 0) }
                for d in sorted {
                    if d.severity == .error { errors += 1 }
                    // The same cap as a run: after maxErrors errors, one line says so.
                    if errors > DiagnosticLimiter.maxErrors {
                        Terminal.writeErr(formatter.format(DiagnosticLimiter.tooManyErrors(at: d.location)))
                        break
                    }
                    Terminal.writeErr(formatter.format(d))
                }
            }
            if errors > 0 {
                throw ExitWith(code: .queryError, message: "\(errors) error\(errors == 1 ? "" : "s") found")
            }
        }
    }
}
