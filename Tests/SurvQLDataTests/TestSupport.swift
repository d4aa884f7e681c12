import Foundation
import SurvQLData
import SurvQLSyntax
import Testing

/// Paths and small helpers shared by the data tests.
enum TestSupport {
    /// `../shared/data` beside the repository, found from this file's path.
    static let sharedData: String = {
        var url = URL(fileURLWithPath: #filePath)
        // Tests/SurvQLDataTests/TestSupport.swift → package root
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent().appendingPathComponent("shared/data").path
    }()

    static func study(_ name: String) -> String { sharedData + "/" + name }

    /// A fresh temporary directory for test files.
    static func tempDirectory() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("survql-data-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// Writes `text` (or raw bytes) to `name` in a temporary directory and returns its path.
    static func write(_ name: String, _ text: String, in dir: String? = nil) -> String {
        write(name, bytes: Array(text.utf8), in: dir)
    }

    static func write(_ name: String, bytes: [UInt8], in dir: String? = nil) -> String {
        let d = dir ?? tempDirectory()
        let path = d + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Runs `python3 -c script args...` and returns its standard output.
    static func python(_ script: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script] + args
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Loads and expects failure; returns the diagnostics thrown.
    static func loadFailure(_ path: String, idColumn: String? = nil) -> [Diagnostic] {
        do {
            _ = try DataLoader.load(path: path, idColumn: idColumn)
            return []
        } catch let e as DiagnosticError {
            return e.diagnostics
        } catch {
            return []
        }
    }
}
