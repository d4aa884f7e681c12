#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SurvQLSyntax

/// A whole file's bytes, memory-mapped read-only when possible.
///
/// Mapping lets the parser hand back pages it has finished with (`release(below:)`), so a large
/// file does not stay resident next to the columns parsed from it; touching a released page
/// again simply reads it back from the page cache. Files that cannot be mapped (pipes, empty
/// files) are read into an allocation instead.
///
/// `@unchecked Sendable` because every stored property is immutable after `init` and the bytes
/// are never written; two parser threads may read it at once (pages are released once both are
/// past them).
final class FileBuffer: @unchecked Sendable {
    private let base: UnsafeMutableRawPointer?
    let count: Int
    private let mapped: Bool

    /// Opens and maps (or reads) the file; throws `data.fileNotFound` or `data.unreadable`.
    init(path: String) throws {
        // O_NONBLOCK so that opening a FIFO without a writer cannot hang; only regular files
        // are read (a device such as /dev/zero never ends).
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        if fd < 0 {
            let err = errno
            if err == ENOENT { throw DiagnosticError(DataMessages.fileNotFound(path)) }
            if err == ELOOP { throw DiagnosticError(DataMessages.symlinkLoop(path)) }
            throw DiagnosticError(DataMessages.unreadable(path, String(cString: strerror(err))))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw DiagnosticError(DataMessages.unreadable(path, String(cString: strerror(errno))))
        }
        switch FileBytes.kind(mode: st.st_mode) {
        case .directory: throw DiagnosticError(DataMessages.unreadable(path, "it is a directory"))
        case let .special(what): throw DiagnosticError(DataMessages.notRegularFile(path, what))
        default: break
        }
        let size = Int(st.st_size)
        if size > 0, (st.st_mode & S_IFMT) == S_IFREG,
           let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED {
            base = p
            count = size
            mapped = true
            return
        }
        // Not mappable: read in chunks into a growing allocation.
        var capacity = max(size, 1 << 16)
        var buffer = malloc(capacity)
        var used = 0
        while let b = buffer {
            if used == capacity {
                capacity *= 2
                guard let grown = realloc(b, capacity) else { free(b); buffer = nil; break }
                buffer = grown
                continue
            }
            let r = read(fd, b + used, capacity - used)
            if r <= 0 { break }
            used += r
        }
        guard let buffer else { throw DiagnosticError(DataMessages.unreadable(path, "out of memory")) }
        base = buffer
        count = used
        mapped = false
    }

    deinit {
        guard let base else { return }
        if mapped { munmap(base, count) } else { free(base) }
    }

    /// The bytes (valid while the buffer lives).
    var bytes: UnsafeBufferPointer<UInt8> {
        guard let base else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Tells the kernel the mapped pages wholly inside `from..<to` are not needed for now (no
    /// effect on the contents; they are read back if touched). Safe from any thread: the buffer
    /// is never written.
    func release(_ from: Int, _ to: Int) {
        guard mapped, let base else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = ((max(0, from) + page - 1) / page) * page
        let end = (min(to, count) / page) * page
        guard end > start else { return }
        _ = madvise(base + start, end - start, MADV_DONTNEED)
    }
}
