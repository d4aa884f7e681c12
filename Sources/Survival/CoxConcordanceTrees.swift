/// The two Fenwick (binary indexed) trees of `CoxConcordance` over predictor ranks 1...size:
/// the weight of the rows at risk (`all`) and of the deaths (`dead`), each with its per-rank
/// totals, answering "how much weight lies above, below and at this rank" in O(log size).
///
/// The trees are stored interleaved, four doubles per rank (`all` tree, `dead` tree, `all` at
/// the rank, `dead` at the rank): the sweep queries one tree and updates the other at the same
/// rank, and with a million distinct ranks the cost is cache misses, which this layout shares
/// between the two trees.
struct CoxConcordanceTrees: ~Copyable {
    enum Tree: Int {
        case all = 0
        case dead = 1
    }

    private let slots: UnsafeMutablePointer<Double>
    private let size: Int
    private var totals: (all: Double, dead: Double) = (0, 0)

    init(size: Int) {
        self.size = size
        slots = UnsafeMutablePointer<Double>.allocate(capacity: 4 * (size + 1))
        slots.initialize(repeating: 0, count: 4 * (size + 1))
    }

    deinit { slots.deallocate() }

    /// Adds weight `w` at `rank` (1...size).
    @inline(__always)
    mutating func add(_ tree: Tree, _ rank: Int, _ w: Double) {
        let t = tree.rawValue
        slots[4 * rank + 2 + t] += w
        if tree == .all { totals.all += w } else { totals.dead += w }
        var i = rank
        while i <= size {
            slots[4 * i + t] += w
            i += i & (-i)
        }
    }

    /// (weight above, weight below, weight at) `rank`.
    @inline(__always)
    func walk(_ tree: Tree, _ rank: Int) -> (Double, Double, Double) {
        let t = tree.rawValue
        var below = 0.0
        var i = rank - 1
        while i > 0 {
            below += slots[4 * i + t]
            i &= i - 1
        }
        let at = slots[4 * rank + 2 + t]
        let total = tree == .all ? totals.all : totals.dead
        return (total - below - at, below, at)
    }

    /// The weight at `rank`.
    @inline(__always)
    func at(_ tree: Tree, _ rank: Int) -> Double { slots[4 * rank + 2 + tree.rawValue] }

    /// The weight at all ranks.
    func total(_ tree: Tree) -> Double { tree == .all ? totals.all : totals.dead }
}
