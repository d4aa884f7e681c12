#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SurvQLSyntax

/// The checks every text data file gets (existence, binary content, BOM).
enum FileBytes {
    /// What is at a path (after following symbolic links).
    enum Kind: Equatable {
        case file, directory, missing
        /// A loop of symbolic links (`ELOOP`).
        case symlinkLoop
        /// A FIFO, device or socket: never read (a FIFO without a writer would block, `/dev/zero`
        /// never ends). The associated text names the kind.
        case special(String)
    }

    static func kind(of path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return errno == ELOOP ? .symlinkLoop : .missing }
        return kind(mode: st.st_mode)
    }

    /// The kind of a file from its `st_mode`.
    static func kind(mode: mode_t) -> Kind {
        switch mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        case S_IFIFO: return .special("a FIFO (named pipe)")
        case S_IFCHR: return .special("a character device")
        case S_IFBLK: return .special("a block device")
        case S_IFSOCK: return .special("a socket")
        default: return .special("not a regular file")
        }
    }

    /// The offset after a UTF-8 byte-order mark, or 0.
    static func bomLength(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        (b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) ? 3 : 0
    }

    /// Throws `data.binaryFile` when the bytes hold a NUL byte, or when more than a fifth of the
    /// first 64 KiB are bytes of invalid UTF-8 or control characters other than tab, line feed,
    /// form feed and carriage return. Text with a few Latin-1 accents still loads (with
    /// replacement characters).
    /// With `parallel`, a file of 8 MiB or more is searched for NUL bytes in two halves at once.
    /// With `deferringNul`, the search for NUL bytes is left to the caller (a parser that scans
    /// the bytes as it goes, see `DelimitedReadOptions.scansNul`), except before this throws.
    static func checkText(_ b: UnsafeBufferPointer<UInt8>, path: String, parallel: Bool = false,
                          deferringNul: Bool = false) throws {
        guard b.baseAddress != nil, b.count > 0 else { return }
        if let order = utf16ByteOrder(b) { throw DiagnosticError(DataMessages.utf16File(path, order)) }
        if !deferringNul { try checkNoNul(b, from: 0, path: path, parallel: parallel) }
        let n = min(b.count, 1 << 16)
        var suspicious = 0
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0C && c != 0x0D) || c == 0x7F { suspicious += 1 }
                i += 1
                continue
            }
            let len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0
            if len == 0 || i + len > b.count { suspicious += 1; i += 1; continue }
            var ok = true
            for k in 1..<len where b[i + k] & 0xC0 != 0x80 { ok = false }
            if ok { i += len } else { suspicious += 1; i += 1 }
        }
        if suspicious * 5 > n {
            // A NUL byte is reported first, as when it is searched before this.
            if deferringNul { try checkNoNul(b, from: 0, path: path, parallel: parallel) }
            throw DiagnosticError(DataMessages.binaryFile(path, line: 1, column: 1, nul: false))
        }
    }

    /// Throws `data.binaryFile` (with the NUL's line and column) when a byte from `from` on is
    /// NUL; with `parallel`, 8 MiB or more are searched in two halves at once.
    static func checkNoNul(_ b: UnsafeBufferPointer<UInt8>, from: Int, path: String, parallel: Bool) throws {
        guard let base = b.baseAddress, from < b.count else { return }
        if let offset = firstNul(base + from, b.count - from, parallel: parallel && b.count - from >= 1 << 23) {
            throw nulError(b, at: from + offset, path: path)
        }
    }

    /// The `data.binaryFile` error for the NUL byte at `offset` (the file's first one).
    static func nulError(_ b: UnsafeBufferPointer<UInt8>, at offset: Int, path: String) -> DiagnosticError {
        var line = 1
        var lineStart = 0
        for k in 0..<offset where b[k] == 0x0A { line += 1; lineStart = k + 1 }
        return DiagnosticError(DataMessages.binaryFile(path, line: line, column: offset - lineStart + 1, nul: true))
    }

    /// The offset of the first NUL byte among `count` bytes, nil when there is none; with
    /// `parallel`, the second half is searched on another thread while this one searches the first.
    static func firstNul(_ base: UnsafePointer<UInt8>, _ count: Int, parallel: Bool) -> Int? {
        func search(_ from: Int, _ to: Int) -> Int? {
            memchr(base + from, 0, to - from).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
        }
        guard parallel else { return search(0, count) }
        /// The second half's answer, written by the other thread before it ends.
        final class Hit: @unchecked Sendable { var offset: Int? }
        let half = count / 2
        let second = Hit()
        let address = Int(bitPattern: base)
        var first: Int? = nil
        let ran = WorkerThread.run({
            guard let p = UnsafePointer<UInt8>(bitPattern: address) else { return }
            second.offset = memchr(p + half, 0, count - half).map { UnsafeRawPointer($0) - UnsafeRawPointer(p) }
        }, alongside: { first = search(0, half) })
        guard ran else { return search(0, count) }
        return first ?? second.offset
    }

    /// `"little-endian"` or `"big-endian"` when the bytes look like UTF-16 text: a UTF-16
    /// byte-order mark, or (without one) a NUL in every other byte of the first ones while the
    /// other bytes are printable ASCII.
    static func utf16ByteOrder(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        if b.count >= 2 {
            if b[0] == 0xFF && b[1] == 0xFE { return "little-endian" }
            if b[0] == 0xFE && b[1] == 0xFF { return "big-endian" }
        }
        let n = min(b.count, 256) & ~1
        guard n >= 4 else { return nil }
        var evenNul = 0, oddNul = 0
        for i in stride(from: 0, to: n, by: 2) {
            if b[i] == 0 && b[i + 1] != 0 { evenNul += 1 }
            if b[i + 1] == 0 && b[i] != 0 { oddNul += 1 }
        }
        let pairs = n / 2
        if oddNul * 10 >= pairs * 9 { return "little-endian" }
        if evenNul * 10 >= pairs * 9 { return "big-endian" }
        return nil
    }
}
