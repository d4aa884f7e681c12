import Foundation
import SurvQLAnalysis
import SurvQLRendering
import SurvQLRuntime
import SurvQLSemantics
import SurvQLSyntax

/// The REPL's dot-commands (sqlite3's and DuckDB's conventions). They act on the REPL and
/// read the session; they are not statements and never go through the parser.
enum ReplCommands {
    static let names = [".cohorts", ".columns", ".edit", ".genes", ".help", ".last", ".mode", ".output",
                        ".quit", ".read", ".save", ".timer", ".exit"]
}

extension Repl {
    /// Runs a dot-command line; false when the REPL should end (`.quit`).
    func command(_ line: String) -> Bool {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let name = words.first?.lowercased() else { return true }
        let args = Array(words.dropFirst())
        let rest = line.dropFirst(words[0].count).trimmingCharacters(in: .whitespaces)
        switch name {
        case ".quit", ".exit": return false
        case ".help": help(args.first)
        case ".cohorts": cohorts()
        case ".columns": columns(args)
        case ".genes": genes(args)
        case ".mode":
            guard args.count == 1, let mode = OutputFormat(rawValue: args[0].lowercased()) else {
                return usage(".mode table|json|csv")
            }
            settings.format = mode
            Terminal.writeErr(ReplMessages.mode(mode.rawValue))
        case ".timer":
            guard args.count == 1, ["on", "off"].contains(args[0].lowercased()) else { return usage(".timer on|off") }
            settings.timer = args[0].lowercased() == "on"
            Terminal.writeErr(ReplMessages.switched("timer", settings.timer))
        case ".read":
            guard !rest.isEmpty else { return usage(".read FILE") }
            read(rest)
        case ".save":
            guard !rest.isEmpty else { return usage(".save FILE") }
            save(rest)
        case ".output":
            output(rest)
        case ".edit": edit()
        case ".last":
            guard let r = session.lastResult else {
                Terminal.writeErr(ReplMessages.noResult)
                return true
            }
            show(r, forcePager: true, bypassingFile: true)
        default:
            let suggestion = Suggestions.closest(to: name, in: ReplCommands.names, limit: 1).first
            Terminal.writeErr(ReplMessages.unknownCommand(name, suggestion: suggestion))
        }
        return true
    }

    private func usage(_ text: String) -> Bool {
        Terminal.writeErr(ReplMessages.usage(text))
        return true
    }

    private func path(_ p: String) -> String {
        var p = p
        if p.count >= 2, p.hasPrefix("\""), p.hasSuffix("\"") { p = String(p.dropFirst().dropLast()) }
        return (p as NSString).expandingTildeInPath
    }

    // MARK: .help

    private func help(_ topic: String?) {
        if let topic {
            if let text = ReplHelp.help(for: topic) {
                output.write(text.hasSuffix("\n") ? text : text + "\n", bypassingFile: true)
            } else {
                let suggestion = Suggestions.closest(to: topic, in: ReplHelp.topics, limit: 1).first
                Terminal.writeErr("error: no help for '\(topic)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + "\n")
            }
            return
        }
        var out = ReplHelp.index(width: ReplOutput.columns)
        out += "\ncommands:\n"
        var t = TextTable(header: ["command", "what it does"])
        for (c, what) in ReplMessages.commandHelp { t.add([c, what]) }
        out += t.render()
        out += ReplMessages.keysHelp
        output.show(table: out, settings: settings, bypassingFile: true)
    }

    // MARK: .cohorts, .columns, .genes

    private func cohorts() {
        let all = session.cohorts.values.sorted { $0.name < $1.name }
        guard !all.isEmpty else { return Terminal.writeErr(ReplMessages.noCohorts) }
        var t = TextTable(header: ["cohort", "size", "unit", "defined as"])
        for c in all { t.add([c.name, String(c.count), c.unit.rawValue + "s", c.origin]) }
        output.show(table: t.render(), settings: settings, bypassingFile: true)
    }

    /// The schema of a named cohort, or nil after printing why not.
    private func schema(_ args: [String], usage text: String) -> (CohortSchema, String?)? {
        guard let name = args.first, args.count <= 2 else {
            _ = usage(text)
            return nil
        }
        guard session.cohorts[name] != nil else {
            let suggestion = Suggestions.closest(to: name, in: session.cohorts.keys, limit: 1).first
            Terminal.writeErr(ReplMessages.unknownCohort(name, suggestion: suggestion))
            return nil
        }
        guard let schema = AnalysisContext(session: session).cohorts[name] else {
            Terminal.writeErr(ReplMessages.noSchema(name))
            return nil
        }
        return (schema, args.count == 2 ? args[1] : nil)
    }

    /// Whether `name` matches a pattern: a glob when it has `*` or `?`, else a substring; any case.
    static func matches(_ name: String, _ pattern: String?) -> Bool {
        guard let pattern else { return true }
        if pattern.contains("*") || pattern.contains("?") {
            return fnmatch(pattern.lowercased(), name.lowercased(), 0) == 0
        }
        return name.lowercased().contains(pattern.lowercased())
    }

    private func columns(_ args: [String]) {
        guard let (schema, pattern) = schema(args, usage: ".columns COHORT [PATTERN]") else { return }
        let cols = schema.columns.filter { Repl.matches($0.name, pattern) }
        guard !cols.isEmpty else { return Terminal.writeErr(ReplMessages.noMatch("columns", pattern ?? "")) }
        var t = TextTable(header: ["column", "type", "missing", "summary"], rightAligned: [false, false, true, false])
        for c in cols { t.add([c.name, c.type, String(c.missing), c.summary]) }
        output.show(table: t.render(), settings: settings, bypassingFile: true)
    }

    private func genes(_ args: [String]) {
        guard let (schema, pattern) = schema(args, usage: ".genes COHORT [PATTERN]") else { return }
        let genes = schema.genes.filter { Repl.matches($0.gene, pattern) }
        guard !genes.isEmpty else { return Terminal.writeErr(ReplMessages.noMatch("altered genes", pattern ?? "")) }
        var t = TextTable(header: ["gene", "fusion", "mut", "amp", "gain", "hetloss", "homdel", "partners"])
        for g in genes {
            let partners = g.partnerCounts.prefix(3).map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
            t.add([g.gene, String(g.fusion), String(g.mutation), String(g.amp), String(g.gain), String(g.hetloss), String(g.homdel), partners])
        }
        output.show(table: t.render(), settings: settings, bypassingFile: true)
    }

    // MARK: .read, .save, .output, .edit

    private func read(_ p: String) {
        let p = path(p)
        do {
            runFile(try readQueryFile(p))
        } catch let e as ExitWith {
            Terminal.writeErr("error: " + (e.message ?? "cannot read '\(p)'").replacingOccurrences(of: "survql: ", with: "") + "\n")
        } catch {
            Terminal.writeErr(ReplMessages.cannotRead(p, "\(error)"))
        }
    }

    private func save(_ p: String) {
        let p = path(p)
        let text = ReplMessages.saveHeader + savedStatements.joined(separator: "\n") + "\n"
        do {
            try text.write(toFile: p, atomically: true, encoding: .utf8)
            Terminal.writeErr(ReplMessages.saved(savedStatements.count, p))
        } catch {
            Terminal.writeErr(ReplMessages.cannotWrite(p, error.localizedDescription))
        }
    }

    private func output(_ p: String) {
        if p.isEmpty {
            output.restore()
            Terminal.writeErr(ReplMessages.outputBack)
            return
        }
        let p = path(p)
        do {
            try output.redirect(to: p)
            Terminal.writeErr(ReplMessages.outputTo(p))
        } catch {
            Terminal.writeErr(ReplMessages.cannotWrite(p, "cannot create the file"))
        }
    }

    /// Opens the unfinished entry, else the last one, in `$VISUAL`/`$EDITOR` and runs it when saved.
    private func edit() {
        let text = pending.isEmpty ? (lastEntry ?? "") : pending
        let env = ProcessInfo.processInfo.environment
        let program = [env["VISUAL"], env["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let tmp = NSTemporaryDirectory() + "survql-edit-\(getpid()).survql"
        FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let before = (try? FileManager.default.attributesOfItem(atPath: tmp)[.modificationDate]) as? Date
        usleep(10_000)  // so that a save at once still changes the modification time
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(program) \"$1\"", "sh", tmp]
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            Terminal.writeErr(ReplMessages.editorFailed(program, -1))
            return
        }
        guard process.terminationStatus == 0 else {
            Terminal.writeErr(ReplMessages.editorFailed(program, process.terminationStatus))
            return
        }
        let after = (try? FileManager.default.attributesOfItem(atPath: tmp)[.modificationDate]) as? Date
        guard let data = FileManager.default.contents(atPath: tmp), before != after else {
            Terminal.writeErr(ReplMessages.notSaved)
            return
        }
        var entry = String(decoding: data, as: UTF8.self)
        while entry.hasSuffix("\n") { entry.removeLast() }
        guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        pending = ""
        output.write(entry + "\n", bypassingFile: true)
        editor.addHistory(entry)
        runEntry(entry)
    }
}
