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
