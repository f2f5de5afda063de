import Testing
@testable import PlanfitKit

@Suite struct ConcurrencyGateTests {
    actor Occupancy {
        var now = 0
        var peak = 0
        func enter() { now += 1; peak = max(peak, now) }
        func leave() { now -= 1 }
    }

    /// Admits exactly the limit: never more, and (for a gate that is not stuck at fewer) all of it.
    @Test func admitsUpToTheLimitAndNeverMore() async {
        let gate = ConcurrencyGate(limit: 3)
        let occupancy = Occupancy()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    await gate.enter()
                    await occupancy.enter()
                    // Stay inside until the others the gate should admit have come in (bounded, so a
                    // gate that admits fewer ends the wait instead of hanging the test).
                    for _ in 0..<500 where await occupancy.now < 3 { await Task.yield() }
                    for _ in 0..<5 { await Task.yield() }
                    await occupancy.leave()
                    await gate.leave()
                }
            }
        }
        #expect(await occupancy.peak == 3, "a gate of 3 lets three in at once, and no more")
        #expect(await occupancy.now == 0)
    }

    @Test(.timeLimit(.minutes(1))) func raisingTheLimitAdmitsWaitersAtOnce() async {
        let gate = ConcurrencyGate(limit: 1)
        await gate.enter()
        let second = Task {
            await gate.enter()
            return true
        }
        // The second holder gets in only because the limit rose: the first never leaves before this.
        await gate.setLimit(2)
        #expect(await second.value)
        #expect(await gate.limit == 2)
    }

    @Test func aLimitBelowOneMeansOne() async {
        #expect(await ConcurrencyGate(limit: 0).limit == 1)
    }
}
