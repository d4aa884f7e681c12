#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Transparent huge pages for large arrays that are read at random.
///
/// A probe into a hash table or a gather through a permutation touches a new 4 KiB page almost
/// every time; past a few megabytes, most of those touches miss the TLB as well as the cache. On
/// Linux with transparent huge pages in `madvise` mode, advising such an allocation before its
/// first touch backs it with 2 MiB pages. The advice is only a hint: nothing changes where it is
/// not supported.
enum HugePages {
    /// Below this many bytes the advice is not worth a system call.
    static let threshold = 4 << 20

    /// Advises the whole 2 MiB-aligned pages inside `bytes` bytes at `pointer`.
    static func advise(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        guard bytes >= threshold else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: pointer) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: pointer) + bytes) & ~(huge - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, MADV_HUGEPAGE)
        #endif
    }
}
