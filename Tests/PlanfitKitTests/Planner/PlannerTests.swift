import Foundation
import Testing
@testable import PlanfitKit

@Suite struct PlannerTests {
    typealias F = RefineFixtures

    @Test func theExamplePlanGetsTheMinimalMovesAndTheKotlinQuestion() throws {
        let result = Planner().plan(F.original, profile: F.profile)
        #expect(result.exact)
        #expect(result.before.errors == 5 && result.before.warnings == 3)
        #expect(result.after.errors == 1 && result.after.warnings == 0)
        #expect(result.after.changedTasks == 7 && result.after.dueMoves == 1)
        #expect(result.moves.map(\.kind) == [.reassign, .reassign, .deferTask, .reassign, .reassign, .reassign, .assign])
        #expect(result.moves.first { $0.task == "Plan the on-call rotation and hiring for Q1" }?.ownersAfter == ["dana"])
        let payment = try #require(result.moves.first { $0.task == "Build the payment intent API in Go" })
        #expect(payment.ownersBefore == ["bo"] && payment.ownersAfter == ["ana"])
        #expect(payment.reason.contains("bo has go at working, below strong"))
        #expect(payment.reason.contains("bo: 60h due by 2026-12-18, 54h available (time off 12-14..12-18)"))
        #expect(payment.reason.contains("ana has go (expert), and 36h free after the move (132h of 168h)"))
        #expect(Set(payment.fixes) == [.skillGap, .deadline])
        #expect(result.openQuestions.map(\.rule) == [.missingSkill])
        #expect(result.openQuestions[0].question.contains("Nobody has kotlin, which 'Port the fraud checks to Kotlin' needs: train or hire for kotlin"))

        // What the rules say of the edited plan is what the planner promised.
        let edited = try PlanParser().parse(try result.apply(to: F.original))
        let check = RuleEngine(profile: F.profile).check(edited)
        #expect(check.count(.error) == 1 && check.count(.warning) == 0)
        #expect(edited.tasks.map(\.estimate) == F.original.tasks.map(\.estimate), "no estimate changes")
    }

    @Test func theSameInputGivesTheSameMovesByteForByte() throws {
        let a = Planner().plan(F.original, profile: F.profile), b = Planner().plan(F.original, profile: F.profile)
        #expect(a == b)
        #expect(try a.apply(to: F.original) == b.apply(to: F.original))
        let instance = PlannerInstance.fixable(seed: 7, tasks: 40, members: 10, problems: 8)
        #expect(Planner().plan(instance.plan, profile: instance.profile) == Planner().plan(instance.plan, profile: instance.profile))
    }

    /// The planner's incremental arithmetic and `check` must agree on every assignment, or the planner
    /// would optimise something the user never sees.
    @Test func thePlannersCountsAreTheRuleEnginesOnRandomAssignments() throws {
        var rng = SplitMix64(seed: 99)
        for seed in 0..<150 as Range<UInt64> {
            let instance = PlannerInstance.random(seed: seed, tasks: 2 + Int(seed % 9), members: 2 + Int(seed % 4))
            let model = PlannerModel(plan: instance.plan, profile: instance.profile)
            var search = PlannerSearch(model: model)
            for t in model.tasks.indices where rng.next() % 2 == 0 {
                search.apply(t, option: Int(rng.next() % UInt64(model.tasks[t].options.count)))
            }
            let edits = model.tasks.indices.filter { search.choice[$0] != 0 }.map { t -> PlanEditor.TaskEdit in
                let option = model.tasks[t].options[search.choice[t]]
                let owners = option.owners.map { $0 < model.memberCount ? instance.profile.members[$0].handle : model.ghosts[$0 - model.memberCount] }
                return PlanEditor.TaskEdit(line: instance.plan.tasks[t].line, owners: owners, due: option.due.map { model.dates[$0] })
            }
            let text = try PlanEditor().apply(edits, to: instance.plan)
            let check = RuleEngine(profile: instance.profile).check(try PlanParser().parse(text))
            #expect(search.errors == check.count(.error), "seed \(seed): errors\n\(text)")
            #expect(search.warnings == check.count(.warning), "seed \(seed): warnings\n\(text)")
        }
    }

    /// The exact search against every assignment there is, on a few hundred small instances.
    @Test func theExactSearchIsAsGoodAsTryingEveryAssignment() throws {
        var compared = 0
        for seed in 1000..<1300 as Range<UInt64> {
            let instance = PlannerInstance.random(seed: seed, tasks: 2 + Int(seed % 4), members: 2 + Int(seed % 2))
            let model = PlannerModel(plan: instance.plan, profile: instance.profile)
            let combinations = model.tasks.reduce(1.0) { $0 * Double($1.options.count) }
            guard combinations <= 60_000 else { continue }
            let reference = try #require(BruteForce.best(model), "keeping everything is always legal")
            let result = Planner().plan(instance.plan, profile: instance.profile)
            #expect(result.exact, "seed \(seed)")
            #expect(result.after == reference, "seed \(seed): planner \(result.after), brute force \(reference)\n\(instance.planText)")
            compared += 1
        }
        #expect(compared >= 250, "too few instances were small enough to enumerate (\(compared))")
    }

    /// What the planner promises a leader: no estimate changed, no task removed, nobody invented, and
    /// every receiver qualified and within their limits.
    @Test func movesAreLegalAndChangeOnlyOwnersAndDates() throws {
        for seed in 2000..<2050 as Range<UInt64> {
            let instance = PlannerInstance.random(seed: seed, tasks: 6 + Int(seed % 8), members: 3 + Int(seed % 3))
            // Legality does not depend on the search completing: a small budget keeps this quick.
            let result = Planner(limits: .init(nodeBudget: 5_000)).plan(instance.plan, profile: instance.profile)
            let text = try result.apply(to: instance.plan)
            let edited = try PlanParser().parse(text)
            #expect(edited.tasks.count == instance.plan.tasks.count)
            #expect(edited.tasks.map(\.estimate) == instance.plan.tasks.map(\.estimate))
            #expect(edited.tasks.map(\.title) == instance.plan.tasks.map(\.title))
            #expect(edited.tasks.map(\.tags) == instance.plan.tasks.map(\.tags))
            let check = RuleEngine(profile: instance.profile).check(edited)
            #expect(check.count(.error) == result.after.errors && check.count(.warning) == result.after.warnings, "seed \(seed)")
            #expect(result.after <= result.before || result.after.changedTasks == 0, "never worse than doing nothing")
            let members = Set(instance.profile.members.map(\.handle))
            for move in result.moves {
                let task = try #require(edited.tasks.first { $0.line == move.line })
                #expect(task.owners == move.ownersAfter)
                for receiver in move.ownersAfter where !move.ownersBefore.contains(receiver) {
                    #expect(members.contains(receiver), "seed \(seed): invented @\(receiver)")
                    let member = try #require(instance.profile.member(receiver))
                    for tag in task.tags where !instance.profile.roleTags.contains(tag.name) {
                        #expect((member.skills[tag.name] ?? .basic) >= (tag.minimumLevel ?? .basic) && member.skills[tag.name] != nil,
                                "seed \(seed): @\(receiver) lacks #\(tag)")
                    }
                    let barred = member.role.flatMap { instance.profile.roles[$0]?.not } ?? []
                    #expect(!task.tags.contains { barred.contains($0.name) }, "seed \(seed): @\(receiver)'s role bars the task")
                    #expect(!check.findings.contains { $0.member == receiver && [.overload, .deadline, .wipLimit].contains($0.rule) },
                            "seed \(seed): @\(receiver) ends over a limit")
                }
            }
            // Only the moved tasks' lines differ.
            let changedLines = Set(result.moves.map(\.line))
            for (i, line) in instance.plan.lines.enumerated() where !changedLines.contains(i + 1) {
                #expect(edited.lines[i] == line)
            }
        }
    }

    @Test func plansBeyondTheExactLimitsGetTheGreedySearchAndSaySo() throws {
        let result = Planner(limits: .init(exactTasks: 5)).plan(F.original, profile: F.profile)
        #expect(!result.exact && result.searchedNodes == 0)
        #expect(result.after.errors < result.before.errors)
        let exact = Planner().plan(F.original, profile: F.profile)
        #expect(exact.after <= result.after)
    }

    /// Plans of the size the exactness promise covers, shaped like the plans leaders hand over: a team
    /// that could carry them, with work piled on one person and tasks given to the wrong people.
    @Test func fortyTaskTenMemberPlansAreSolvedExactly() throws {
        for seed in 0..<8 as Range<UInt64> {
            let instance = PlannerInstance.fixable(seed: seed, tasks: 40, members: 10, problems: 4 + Int(seed % 8))
            let result = Planner().plan(instance.plan, profile: instance.profile)
            #expect(result.exact, "seed \(seed): the exact search ran out of budget after \(result.searchedNodes) nodes")
            #expect(result.after <= result.before)
            #expect(result.after.changedTasks <= 4 + Int(seed % 8), "seed \(seed): undoing the problems is a solution")
        }
    }

    @Test func moreWorkThanTheTeamHasBecomesAQuestionWithWhatWouldFixIt() throws {
        let team = """
            team: Tiny
            horizon: {start: 2027-03-01, end: 2027-03-05}
            hours_per_day: 6
            members:
              - {handle: ana, hours_per_week: 30, skills: {go: strong}}
            """
        let profile = try TeamProfileLoader(today: Day(iso: "2027-03-01")!).parse(team, file: "t.yaml")
        let plan = try PlanParser().parse("# P\n\n- Build it @ana ~8d #go\n- Ship it @ana ~1d #rust\n")
        let result = Planner().plan(plan, profile: profile)
        #expect(result.exact)
        // Deferring the big task past the horizon fixes the overload; the rust skill stays a question.
        #expect(result.moves.map(\.kind) == [.deferTask])
        #expect(result.moves[0].needsApproval)
        #expect(result.openQuestions.map(\.rule) == [.missingSkill])
    }
}

@Suite struct PlanEditorTests {
    static let plan = "# P\r\n\r\n- [ ] Build it @ana ~2d #go after: Design\r\n  1. nested detail\r\n- Review it ~1d   \r\n* Ship @ana @bo (due 2027-03-05) ~1d\r\n"

    @Test func onlyTheAnnotationsOfEditedLinesChange() throws {
        let parsed = try PlanParser().parse(Self.plan)
        let text = try PlanEditor().apply([
            .init(line: 3, owners: ["bo"], due: Day(iso: "2027-03-09")),
            .init(line: 5, owners: ["cy"]),
            .init(line: 6, owners: ["ana"], due: Day(iso: "2027-03-10")),
        ], to: parsed)
        #expect(text == "# P\r\n\r\n- [ ] Build it @bo ~2d #go (due 2027-03-09) after: Design\r\n  1. nested detail\r\n- Review it @cy ~1d   \r\n* Ship @ana (due 2027-03-10) ~1d\r\n")
    }

    @Test func anOwnerIsAddedAfterTheLastOneAndTheReadBackIsChecked() throws {
        let parsed = try PlanParser().parse("- Pair on it @ana ~2d\n")
        #expect(try PlanEditor().apply([.init(line: 1, owners: ["ana", "bo"])], to: parsed) == "- Pair on it @ana @bo ~2d\n")
        #expect(throws: PlanEditor.EditError.self) { try PlanEditor().apply([.init(line: 2, owners: ["bo"])], to: parsed) }
    }
}
