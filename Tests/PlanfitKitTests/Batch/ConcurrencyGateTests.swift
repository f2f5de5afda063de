import Testing
@testable import PlanfitKit

@Suite struct ConcurrencyGateTests {
    actor Occupancy {
        var now = 0
        var peak = 0
        func enter() { now += 1; peak = max(peak, now) }
        func leave() { now -= 1 }
    }

    @Test func neverAdmitsMoreThanTheLimit() async {
        let gate = ConcurrencyGate(limit: 3)
        let occupancy = Occupancy()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    await gate.enter()
                    await occupancy.enter()
                    for _ in 0..<5 { await Task.yield() }
                    await occupancy.leave()
                    await gate.leave()
                }
            }
        }
        #expect(await occupancy.peak <= 3)
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
