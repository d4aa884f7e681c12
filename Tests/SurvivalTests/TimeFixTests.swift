import Foundation
import Testing
@testable import Survival

/// TimeFix (R's aeqSurv). R-computed cases are in km_extra.json (KaplanMeierExtraFixtureTests).
@Suite struct TimeFixTests {
    @Test func unchangedWhenNothingIsTied() throws {
        #expect(try TimeFix.apply([3, 1, 2]) == [3, 1, 2])
        #expect(try TimeFix.apply([]) == [])
        #expect(try TimeFix.apply([5]) == [5])
    }

    @Test func mergesRelativeAndAbsoluteNearTies() throws {
        #expect(try TimeFix.apply([2, 1 + 1e-12, 1]) == [2, 1, 1])
        #expect(try TimeFix.apply([1e-300, 5e-9, 1]) == [1e-300, 1e-300, 1])
        #expect(try TimeFix.apply([1, 1 + 1e-12], tolerance: 0) == [1, 1 + 1e-12])
    }

    @Test func chainsCollapseToTheirFirstValue() throws {
        #expect(try TimeFix.apply([10 + 3e-7, 10, 10 + 1e-7, 10 + 2e-7, 20]) == [10, 10, 10, 10, 20])
    }

    @Test func entryAndExitArePooled() throws {
        let r = try TimeFix.apply(entry: [0, 5 + 1e-12], exit: [5, 8])
        #expect(r.entry == [0, 5] && r.exit == [5, 8])
        #expect(throws: TimeToEventInputError.timeFixCollapsedInterval(row: 0)) {
            try TimeFix.apply(entry: [1], exit: [1 + 1e-12])
        }
    }

    @Test func invalidInputIsRejected() {
        #expect(throws: TimeToEventInputError.nonFiniteTime(row: 1)) { try TimeFix.apply([1, .nan]) }
        #expect(throws: TimeToEventInputError.lengthMismatch("entry", expected: 2, actual: 1)) {
            try TimeFix.apply(entry: [0], exit: [1, 2])
        }
        #expect(throws: TimeToEventInputError.invalidParameter("time-fix tolerance must be finite")) {
            try TimeFix.apply([1, 2], tolerance: .nan)
        }
    }

    @Test func largeInputUsesRadixOrderAndMatchesSmallPath() throws {
        let base: [Double] = (0..<1000).map { Double($0 % 97) }
        let jittered = base.enumerated().map { $0.offset % 3 == 0 ? $0.element * (1 + 1e-12) : $0.element }
        #expect(try TimeFix.apply(jittered) == base)
    }
}
