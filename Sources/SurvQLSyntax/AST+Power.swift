/// The clauses of `compare` that go beyond one hazard ratio:
/// `check ph`, `test logrank|peto|fleming(RHO, GAMMA)`, `rmst TAU`, `weight COL`, `within COL`.
public struct CompareExtras: Sendable {
    /// `check ph`: the word after `check` (the checker accepts only `ph`).
    public var check: Name?
    /// `test NAME [(RHO, GAMMA)]`.
    public var test: TestSpec?
    /// `rmst TAU`: restricted mean survival time up to TAU.
    public var rmst: Literal?
    /// `weight COL`: case weights.
    public var weight: Name?
    /// `within COL`: the comparison within each level of COL (subgroups).
    public var within: Name?
    /// `adjust COL (reference "LEVEL")`: the reference level per categorical term, by the
    /// term's position in `CompareStatement.adjust`.
    public var references: [Int: Literal] = [:]
    /// `adjust A * B` and `adjust A : B`, in order; `fusion` (or the grouping column) names the groups.
    public var interactions: [Interaction] = []
    /// `strata A, B`: the columns after the first (`CompareStatement.strata`).
    public var moreStrata: [Name] = []
    public init() {}
}

/// `test logrank`, `test peto`, `test fleming(RHO, GAMMA)`.
public struct TestSpec: Sendable {
    public var name: Name
    public var rho: Literal?
    public var gamma: Literal?
    /// From the name to the closing parenthesis.
    public var range: SourceRange
    public init(name: Name, rho: Literal? = nil, gamma: Literal? = nil, range: SourceRange) {
        self.name = name
        self.rho = rho
        self.gamma = gamma
        self.range = range
    }
}

/// `power [for COHORT by GROUPING [ENDPOINT]] OPTION VALUE ...` with options `hr`, `ratio`,
/// `alpha`, `events`, `patients`, `probability`, `target`, `method` (the checker knows them).
public struct PowerStatement: Sendable {
    /// One `OPTION VALUE` pair.
    public struct Option: Sendable {
        public var name: Name
        public var value: Literal
        public init(name: Name, value: Literal) {
            self.name = name
            self.value = value
        }
    }
    /// `for COHORT`: a cohort whose group sizes and event proportion are used.
    public var cohort: Name?
    public var grouping: Grouping?
    public var endpoint = EndpointSpec()
    public var options: [Option] = []
    public init() {}

    /// The option of that name (case-insensitive), if given.
    public func option(_ name: String) -> Option? {
        options.first { $0.name.text.lowercased() == name }
    }
}

/// An interaction in `adjust`: `A * B` (both main effects and their product) or `A : B` (the
/// product only).
public struct Interaction: Sendable {
    public var left: Name
    public var right: Name
    /// True for `*`.
    public var withMainEffects: Bool
    public init(left: Name, right: Name, withMainEffects: Bool) {
        self.left = left
        self.right = right
        self.withMainEffects = withMainEffects
    }
    public var range: SourceRange { left.range.union(right.range) }
}
