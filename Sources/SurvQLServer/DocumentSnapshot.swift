import SurvQLRendering
import Foundation
import SurvQLSyntax

/// One version of one open document, immutable: requests read a snapshot while edits make the
/// next one (gopls's `cache/snapshot.go`).
struct DocumentSnapshot: Sendable {
    var uri: String
    /// The client's version (nil for a file read from disk that is not open).
    var version: Int?
    /// The text, named by the file's path so diagnostics and relative `load` paths work as in
    /// batch mode.
    var file: SourceFile

    /// The local path of a `file:` URI (percent-decoded), or nil for any other scheme.
    static func path(of uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.path
    }

    /// The file name used in diagnostics: the path for a `file:` URI, else the URI.
    static func fileName(of uri: String) -> String { path(of: uri) ?? uri }

    /// The snapshot after applying `changes` (LSP's `contentChanges`, in order). A change with a
    /// range replaces that range, positions counted in `encoding` against the text as it is
    /// after the previous change; one without a range replaces everything.
    func applying(_ changes: [JSONValue], version: Int?, encoding: PositionEncoding) throws -> DocumentSnapshot {
        var bytes = file.bytes
        var current = file
        for change in changes {
            guard let text = change["text"]?.stringValue else { throw RPCError.invalidParams(ServerMessages.missingParam("contentChanges[].text")) }
            if let range = change["range"], !range.isNull {
                guard let r = LSPConvert.range(range) else { throw RPCError.invalidParams(ServerMessages.missingParam("contentChanges[].range")) }
                let lo = encoding.offset(of: r.start, in: current)
                let hi = max(lo, encoding.offset(of: r.end, in: current))
                bytes.replaceSubrange(lo..<hi, with: Array(text.utf8))
            } else {
                bytes = Array(text.utf8)
            }
            current = SourceFile(name: file.name, bytes: bytes)
        }
        return DocumentSnapshot(uri: uri, version: version, file: current)
    }
}
