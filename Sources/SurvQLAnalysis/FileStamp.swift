import Foundation

/// A cheap fingerprint of a file or a study folder's modification state, for cache keys.
enum FileStamp {
    /// The size and modification time of `path`; for a folder, also of each entry in it (a
    /// folder's own time changes only when entries are added or removed, not when one is
    /// edited). Nil when nothing is at `path`.
    static func of(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        var stamp = stampString(st)
        if (st.st_mode & S_IFMT) == S_IFDIR, let entries = try? FileManager.default.contentsOfDirectory(atPath: path) {
            for e in entries.sorted() {
                var es = stat()
                if stat(path + "/" + e, &es) == 0 { stamp += "|" + e + ":" + stampString(es) }
            }
        }
        return stamp
    }

    private static func stampString(_ st: stat) -> String {
        "\(st.st_size)@\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }
}
