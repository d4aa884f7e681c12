#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where `export` and `plot` write, and how, so that nothing loaded is ever overwritten.
///
/// - `-` is standard output (written by the front end).
/// - A symbolic link is followed: the file it points to is written (atomically, next to it),
///   and the link stays a link.
/// - A FIFO or a character device (`/dev/stdout`, `/dev/full`) is written directly.
/// - A regular file is written to a temporary file in the same folder and renamed over the
///   target, so a failed write leaves the old contents whole.
struct OutputFile {
    /// What the path names once links are followed.
    enum Kind: Equatable {
        case standardOutput
        case newFile
        case regularFile
        case stream(String)
        case directory
    }

    /// The path as given (resolved against the working directory).
    let path: String
    /// The canonical path written (links followed), nil for standard output.
    let canonical: String?
    let kind: Kind

    /// Why a path cannot be written.
    struct Failure: Error {
        var reason: String
    }

    /// Inspects `path` (already resolved against the working directory); `-` is standard output.
    init(path: String) throws(Failure) {
        self.path = path
        if path == "-" {
            canonical = nil
            kind = .standardOutput
            return
        }
        var st = stat()
        if stat(path, &st) == 0 {
            canonical = Self.realPath(path) ?? path
            switch st.st_mode & S_IFMT {
            case S_IFREG: kind = .regularFile
            case S_IFDIR: kind = .directory
            case S_IFIFO: kind = .stream("a FIFO")
            case S_IFCHR: kind = .stream("a character device")
            default: throw Failure(reason: "it is not a regular file, a FIFO or a character device")
            }
            return
        }
        let err = errno
        if err == ELOOP { throw Failure(reason: "a loop of symbolic links") }
        guard err == ENOENT else { throw Failure(reason: String(cString: strerror(err))) }
        // A new file (or a dangling link: write the file it names).
        var target = path
        if let dest = Self.linkTarget(path) {
            target = dest.hasPrefix("/") ? dest : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(dest)
        }
        let dir = (target as NSString).deletingLastPathComponent
        guard let realDir = Self.realPath(dir.isEmpty ? "." : dir) else {
            throw Failure(reason: "no such folder '\(dir)'")
        }
        canonical = (realDir as NSString).appendingPathComponent((target as NSString).lastPathComponent)
        kind = .newFile
    }

    /// `realpath(3)`, nil when the path does not resolve.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// The target of a symbolic link, nil when `path` is not one.
    static func linkTarget(_ path: String) -> String? {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buf, buf.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether the canonical path is `protected` or lies inside it (a loaded study folder).
    func isInside(_ protected: String) -> Bool {
        guard let canonical else { return false }
        return canonical == protected || canonical.hasPrefix(protected.hasSuffix("/") ? protected : protected + "/")
    }

    /// Writes `contents`: directly to a stream, atomically (temporary file and rename) to a
    /// regular or new file. `standardOutput` handles `-`.
    func write(_ contents: String, standardOutput: ((String) -> Void)?) throws(Failure) {
        try write(bytes: Array(contents.utf8), standardOutput: standardOutput.map { out in { _ in out(contents) } })
    }

    /// Writes `bytes` by the same rules; `standardOutput` receives them for `-`.
    func write(bytes contents: [UInt8], standardOutput: (([UInt8]) -> Void)?) throws(Failure) {
        switch kind {
        case .standardOutput:
            guard let standardOutput else { throw Failure(reason: "standard output is not available here") }
            standardOutput(contents)
        case .directory:
            throw Failure(reason: "it is a directory")
        case .stream:
            // Non-blocking open so a FIFO without a reader fails (ENXIO) instead of hanging.
            let fd = open(canonical ?? path, O_WRONLY | O_NONBLOCK)
            if fd < 0 {
                throw Failure(reason: errno == ENXIO ? "nobody is reading the FIFO" : String(cString: strerror(errno)))
            }
            defer { close(fd) }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
            try Self.writeAll(fd, contents)
        case .regularFile, .newFile:
            let target = canonical ?? path
            let dir = (target as NSString).deletingLastPathComponent
            let base = (target as NSString).lastPathComponent
            var mode: mode_t = 0o644
            var st = stat()
            if kind == .regularFile, stat(target, &st) == 0 { mode = st.st_mode & 0o7777 }
            var temp = ""
            var fd: Int32 = -1
            for attempt in 0..<100 {
                temp = (dir as NSString).appendingPathComponent(".\(base).survql-\(getpid())-\(attempt).tmp")
                fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, mode)
                if fd >= 0 || errno != EEXIST { break }
            }
            if fd < 0 { throw Failure(reason: String(cString: strerror(errno))) }
            do throws(Failure) {
                try Self.writeAll(fd, contents)
                if fsync(fd) != 0 && errno != EINVAL { throw Failure(reason: String(cString: strerror(errno))) }
                _ = fchmod(fd, mode)
            } catch {
                close(fd)
                unlink(temp)
                throw error
            }
            close(fd)
            if rename(temp, target) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(temp)
                throw Failure(reason: reason)
            }
        }
    }

    /// Writes every byte, retrying short writes and EINTR.
    static func writeAll(_ fd: Int32, _ contents: [UInt8]) throws(Failure) {
        let failure: String? = contents.withUnsafeBufferPointer { buf -> String? in
            guard buf.count > 0 else { return nil }
            var done = 0
            while done < buf.count {
                let n = posixWrite(fd, buf.baseAddress! + done, buf.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                done += n
            }
            return nil
        }
        if let failure { throw Failure(reason: failure) }
    }
}

/// `write(2)`, named apart from `OutputFile.write`.
private func posixWrite(_ fd: Int32, _ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    write(fd, p, n)
}
