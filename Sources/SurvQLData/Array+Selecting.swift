extension Array {
    /// The elements at `rows` (positions, in that order); a position out of range gives
    /// `missing`. The gather behind `Codes.selecting` and `NumericCells.selecting`.
    func selecting(_ rows: [Int32], missing: Element) -> [Element] {
        [Element](unsafeUninitializedCapacity: rows.count) { out, initialized in
            withUnsafeBufferPointer { src in
                rows.withUnsafeBufferPointer { rows in
                    for i in 0..<rows.count {
                        let r = Int(rows[i])
                        out[i] = r >= 0 && r < src.count ? src[r] : missing
                    }
                }
            }
            initialized = rows.count
        }
    }
}
