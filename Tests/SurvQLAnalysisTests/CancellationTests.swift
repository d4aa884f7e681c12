import Dispatch
import Foundation
import SurvQLAnalysis
import SurvQLData
import SurvQLRuntime
import SurvQLSyntax
import Survival
import Testing

/// One cancellation token stops a load, a match, a Cox fit and the statement loop; a cancelled
/// statement reports `run.cancelled` and changes nothing in the session.
@Suite struct CancellationTests {
    /// Runs `text` in `session` on a thread of its own, cancels `delay` seconds after the run
    /// began, and returns the diagnostics and the seconds from the cancel to the run's end.
    ///
    /// A thread of its own, not a block on `DispatchQueue.global()`: on Linux that queue starts a
    /// block only when one of its threads (about one per core) is free, and it adds a thread only
    /// when they are blocked, not busy. With other suites' work on them the block once began more
    /// than a second late, so the cancel came before the load had started and the wait for a
    /// thread counted as the load's stop.
    func runAndCancel(_ session: Session, _ text: String, after delay: Double) -> (ids: [String], stopSeconds: Double) {
        let token = CancellationToken()
        let started = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let box = Collected()
        Thread {
            started.signal()
            _ = session.run(SourceFile(name: "<repl:2>", text: text), cancellation: token) { event in
                if case let .diagnostic(d, _) = event { box.append(d.id) }
            }
            done.signal()
        }.start()
        started.wait()
        Thread.sleep(forTimeInterval: delay)
        let cancelledAt = DispatchTime.now().uptimeNanoseconds
        token.cancel()
        done.wait()
        return (box.ids, Double(DispatchTime.now().uptimeNanoseconds - cancelledAt) / 1e9)
    }

    final class Collected: @unchecked Sendable {
        // Guarded by `lock`.
        private let lock = NSLock()
        private var items: [String] = []
        func append(_ s: String) { lock.withLock { items.append(s) } }
        var ids: [String] { lock.withLock { items } }
    }

    @Test func cancelledBeforeRunningChangesNothing() {
        let session = Session()
        let token = CancellationToken()
        token.cancel()
        var ids: [String] = []
        let summary = session.run(SourceFile(name: "<t>", text: "load demo ntrk as rwd"), cancellation: token) { e in
            if case let .diagnostic(d, _) = e { ids.append(d.id) }
        }
        #expect(ids == ["run.cancelled"])
        #expect(summary.stoppedEarly && summary.errors == 1)
        #expect(session.cohorts.isEmpty)
    }

    @Test func cancelBetweenStatements() {
        let session = Session()
        let token = CancellationToken()
        var ids: [String] = []
        _ = session.run(SourceFile(name: "<t>", text: "load demo ntrk as rwd\nlet old = rwd where age > 70"), cancellation: token) { e in
            switch e {
            case .result: token.cancel()
            case let .diagnostic(d, _): ids.append(d.id)
            }
        }
        #expect(ids == ["run.cancelled"])
        #expect(session.cohorts.keys.sorted() == ["rwd"])
    }

    @Test func cancelledLoadStopsEarlyAndDefinesNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("survql-cancel-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("big.tsv").path
        var text = "patient_id\tage\tgroup\tx\n"
        text.reserveCapacity(20_000_000)
        for i in 0..<600_000 { text += "P\(i)\t\(i % 90)\tg\(i % 7)\t\(i % 1000).5\n" }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let session = Session()
        _ = session.run(SourceFile(name: "<repl:1>", text: "load demo ntrk as rwd")) { _ in }
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try DataLoader.load(path: path)
        let fullLoad = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let (ids, stop) = runAndCancel(session, "load \"\(path)\" as big", after: fullLoad / 4)
        #expect(ids == ["run.cancelled"])
        #expect(session.cohorts.keys.sorted() == ["rwd"])
        #expect(stop < fullLoad / 2, "stopped \(stop) s after the cancel; a whole load takes \(fullLoad) s")
    }

    @Test func cancelledMatchStops() {
        var treated: [Bool] = []
        var x: [Double] = []
        var state: UInt64 = 7
        for i in 0..<51_400 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let t = i % 37 == 0
            treated.append(t)
            x.append(Double(state >> 11) / 9_007_199_254_740_992.0 + (t ? 0.3 : 0))
        }
        let covariates: [DesignMatrix.Covariate] = [.numeric(name: "x", values: x)]
        let start = DispatchTime.now().uptimeNanoseconds
        let full = NearestNeighborMatcher(ratio: 10).matchOnPropensity(treated: treated, covariates: covariates)
        let fullSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        #expect(!full.result.cancelled)
        // A check that says "cancelled" from its first call stops before any matching.
        var matcher = NearestNeighborMatcher(ratio: 10)
        matcher.isCancelled = { true }
        let m = matcher.matchOnPropensity(treated: treated, covariates: covariates)
        #expect(m.result.cancelled && m.result.matchedControls.allSatisfy(\.isEmpty))
        // A check that turns true part-way through the matching loop.
        let token = CancellationToken()
        let calls = Collected()
        matcher.isCancelled = {
            calls.append("")
            if calls.ids.count > 3 { token.cancel() }
            return token.isCancelled
        }
        let partial = matcher.matchOnPropensity(treated: treated, covariates: covariates)
        #expect(partial.result.cancelled)
        // The fourth check cancels (in the propensity fit or the matching loop); at most one more
        // check follows before the matcher returns.
        #expect((4...5).contains(calls.ids.count), "the check ran \(calls.ids.count) times; a full match takes \(fullSeconds) s")
    }

    @Test func cancelledCoxFitThrows() {
        let n = 2_000
        let time = (0..<n).map { Double($0 % 97) + 1 }
        let event = (0..<n).map { $0 % 3 != 0 }
        let cov = [CoxModel.Covariate(name: "x", values: (0..<n).map { Double($0 % 5) })]
        var options = CoxModel.Options()
        #expect(throws: Never.self) { _ = try CoxModel.fit(time: time, event: event, covariates: cov, options: options) }
        options.isCancelled = { true }
        #expect(throws: CoxModel.InputError.cancelled) { _ = try CoxModel.fit(time: time, event: event, covariates: cov, options: options) }
        // Cancelled during the iterations: the fit stops at the next check.
        let calls = Collected()
        options.isCancelled = { calls.append(""); return calls.ids.count > 2 }
        #expect(throws: CoxModel.InputError.cancelled) { _ = try CoxModel.fit(time: time, event: event, covariates: cov, options: options) }
        // Checked before the fit, at each iteration, before the concordance and after the fit.
        #expect(calls.ids.count <= 5)
    }

    @Test func cancelledCompareChangesNothing() {
        let session = Session()
        _ = session.run(SourceFile(name: "<repl:1>", text: "load demo ntrk as rwd")) { _ in }
        let token = CancellationToken()
        token.cancel()
        var ids: [String] = []
        _ = session.run(SourceFile(name: "<repl:2>", text: "compare rwd by fusion NTRK1|NTRK2|NTRK3 adjust age"), cancellation: token) { e in
            if case let .diagnostic(d, _) = e { ids.append(d.id) }
        }
        #expect(ids == ["run.cancelled"])
        #expect(session.lastResult == nil)
    }
}

/// A one-character file name (`survql run t`) once trapped in Foundation's
/// `deletingLastPathComponent`; the session and the analysis take the folder apart by hand.
@Suite struct FileNameTests {
    @Test func oneCharacterFileNames() {
        for name in ["t", "/t", "a/t", "t.survql"] {
            let session = Session()
            var ids: [String] = []
            _ = session.run(SourceFile(name: name, text: "load demo ntrk as rwd\nsurvive rwd")) { e in
                if case let .diagnostic(d, _) = e { ids.append(d.id) }
            }
            #expect(ids.isEmpty, "\(name)")
            let f = SourceFile(name: name, text: "load \"x\" as y")
            #expect(SurvQLAnalysis.AnalysisHost().diagnostics(f).map(\.id) == ["check.loadPathMissing"], "\(name)")
        }
    }
}
