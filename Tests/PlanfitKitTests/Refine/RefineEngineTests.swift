import Foundation
import Testing
@testable import PlanfitKit

/// The verify-and-repair loop, driven by a scripted model: what each round sends, which answers are
/// accepted, which round is shown, and how the loop ends when the model cannot help.
@Suite struct RefineEngineTests {
    typealias F = RefineFixtures

    @Test func anAcceptableFirstAnswerEndsTheLoopAfterOneRequest() async throws {
        let job = try F.job()
        let engine = try RefineEngine(job: job)
        let prepared = try engine.prepare()
        let model = ScriptedChatModel(texts: [F.answer(F.fittedText)])
        let outcome = try await engine.run(prepared, model: model)

        #expect(model.requests.count == 1)
        #expect(model.requests[0].messages == prepared.messages)
        #expect(model.requests[0].responseSchema == AnswerSchema.schema(includeNote: false, planCharacters: engine.job.planText.count, maxTokens: engine.job.parameters.maxTokens))
        #expect(model.requests[0].maxTokens == 4096)
        #expect(outcome.rounds.count == 1)
        #expect(outcome.rounds[0].problems.isEmpty)
        #expect(outcome.rounds[0].errorFindings == 0)
        #expect(outcome.chosenRound == 1)
        #expect(outcome.repairRounds == 0)
        #expect(outcome.verdict == .fixed)
        #expect(outcome.answer.plan == F.fittedText)
        #expect(outcome.answer.changes.count == 8)
        #expect(outcome.findingsBefore.filter { $0.severity == .error }.count == 5)
        #expect(!outcome.findingsAfter.contains { $0.severity == .error })
        #expect(outcome.identity.model == "scripted")
    }

    @Test func proseInsteadOfJSONGetsARepairTurnNamingTheProblem() async throws {
        let job = try F.job()
        let engine = try RefineEngine(job: job)
        let prepared = try engine.prepare()
        let prose = "Sure! Here is a better plan for your team:\n\n" + F.fittedText
        let model = ScriptedChatModel(texts: [prose, F.answer(F.fittedText)])
        let outcome = try await engine.run(prepared, model: model)

        #expect(model.requests.count == 2)
        let second = model.requests[1].messages
        // The repair turn continues the conversation: the first messages, the model's own answer, then the problems.
        #expect(second.count == prepared.messages.count + 2)
        #expect(Array(second.prefix(prepared.messages.count)) == prepared.messages)
        #expect(second[prepared.messages.count] == .assistant(prose))
        let repair = try #require(second.last)
        #expect(repair.role == "user")
        #expect(repair.content.contains("round 1"))
        #expect(repair.content.contains("- the answer is not a JSON object"))
        #expect(repair.content.contains("answer with the JSON object only"))
        #expect(model.requests[1].responseSchema == model.requests[0].responseSchema)

        #expect(outcome.rounds.count == 2)
        #expect(outcome.rounds[0].problems.count == 1)
        #expect(outcome.rounds[0].errorFindings == nil, "no plan could be read from prose")
        #expect(outcome.rounds[1].problems.isEmpty)
        #expect(outcome.chosenRound == 2)
        #expect(outcome.verdict == .fixed)
    }

    @Test func aWrongShapedAnswerIsRepairedWithEverySchemaProblemListed() async throws {
        let job = try F.job()
        let bad = #"{"plan": 5, "changes": "none", "risks": [], "questions": [7]}"#
        let model = ScriptedChatModel(texts: [bad, F.answer(F.fittedText)])
        let outcome = try await runEngine(job, model)

        let problems = outcome.rounds[0].problems
        #expect(problems.contains("the answer does not match the schema: $.plan must be a string, found a number"))
        #expect(problems.contains("the answer does not match the schema: $.changes must be an array, found a string"))
        #expect(problems.contains("the answer does not match the schema: $.questions[0] must be a string, found a number"))
        #expect(problems.count == 3)
        let repair = try #require(model.requests.last?.messages.last?.content)
        for problem in problems { #expect(repair.contains("- \(problem)\n")) }
        #expect(outcome.chosenRound == 2)
    }

    @Test func aMissingFieldAndAnUnknownChangeKindAreSchemaProblems() async throws {
        let job = try F.job(maxRepairs: 0)
        let bad = ##"{"plan": "# P\n- a @ana ~1d\n", "changes": [{"task": "a", "kind": "rename", "reason": "r"}], "risks": []}"##
        let outcome = try await runEngine(job, ScriptedChatModel(texts: [bad]))
        #expect(outcome.verdict == .unusable)
        let error = outcome.failure?.asError(rounds: outcome.rounds.count)
        guard case .unusableAnswer(let rounds, let problems)? = error as? RefineError else {
            Issue.record("expected unusableAnswer, got \(String(describing: error))")
            return
        }
        #expect(rounds == 1)
        #expect(problems.contains { $0.contains("$.questions is missing") })
        #expect(problems.contains { $0.contains("$.changes[0].kind must be one of reassign, assign, add-owner, move-due, defer, re-estimate") && $0.contains("found a string") })
    }

    @Test func aPlanThatStillBreaksRulesIsRepairedWithThoseFindings() async throws {
        let job = try F.job()
        let model = ScriptedChatModel(texts: [F.answer(F.originalText, changes: []), F.answer(F.fittedText)])
        let outcome = try await runEngine(job, model)

        let errors = RuleEngine(profile: F.profile).check(F.original).findings.filter { $0.severity == .error }
        #expect(errors.count == 5)
        #expect(outcome.rounds[0].errorFindings == 5)
        #expect(outcome.rounds[0].problems.count == 5)
        let repair = try #require(model.requests.last?.messages.last?.content)
        for finding in errors {
            #expect(repair.contains("- \(finding.rule.rawValue) at line \(finding.line!) of the plan: \(finding.message)"))
        }
        #expect(!repair.contains("warning"), "only error findings are sent back")
        #expect(outcome.verdict == .fixed)
        #expect(outcome.chosenRound == 2)
    }

    @Test func aTaskDroppedWithoutAChangeIsRepaired() async throws {
        let job = try F.job()
        let dropped = F.fittedText.replacingOccurrences(of: "- Load test the new flow @bo ~3d\n", with: "")
        #expect(dropped != F.fittedText)
        let unexplained = F.changes.filter { $0["task"]?.stringValue != "Load test the new flow" }
        let model = ScriptedChatModel(texts: [F.answer(dropped, changes: unexplained), F.answer(F.fittedText)])
        let outcome = try await runEngine(job, model)

        #expect(outcome.rounds[0].errorFindings == 0, "the plan itself breaks no rule")
        #expect(outcome.rounds[0].problems.count == 1)
        let problem = try #require(outcome.rounds[0].problems.first)
        #expect(problem.contains("'Load test the new flow' (line 19 of the original) is missing from the plan and no change explains it"))
        #expect(try #require(model.requests.last?.messages.last?.content).contains(problem))
        #expect(outcome.chosenRound == 2)
    }

    @Test func aDropListedInTheChangesIsAccepted() async throws {
        let job = try F.job()
        let dropped = F.fittedText.replacingOccurrences(of: "- Load test the new flow @bo ~3d\n", with: "")
        let explained = F.changes.map { change -> JSONValue in
            change["task"]?.stringValue == "Load test the new flow"
                ? ["task": "Load test the new flow", "kind": "drop", "reason": "no one is free"] : change
        }
        let model = ScriptedChatModel(texts: [F.answer(dropped, changes: explained)])
        let outcome = try await runEngine(job, model)
        #expect(model.requests.count == 1)
        #expect(outcome.rounds[0].problems.isEmpty)
    }

    @Test(arguments: [RefineOutcome.Verdict.fixed, .improved, .notImproved, .worse])
    func verdictComparesErrorFindingsWithTheOriginal(verdict: RefineOutcome.Verdict) async throws {
        let plans: [RefineOutcome.Verdict: String] = [.fixed: F.fittedText, .improved: F.oneErrorText,
                                                      .notImproved: F.originalText, .worse: F.worseText]
        let plan = try #require(plans[verdict])
        let job = try F.job(maxRepairs: 0)
        // The original plan back with nothing listed: nothing changed, nothing to account for.
        let answer = verdict == .notImproved ? F.answer(plan, changes: []) : F.answer(plan)
        let outcome = try await runEngine(job, ScriptedChatModel(texts: [answer]))
        #expect(outcome.verdict == verdict)
        #expect(outcome.rounds.count == 1)
        #expect(outcome.answer.plan == plan)
    }

    @Test func verdictCountsAreWhatTheFixturesClaim() throws {
        #expect(try F.errorCount(F.originalText) == 5)
        #expect(try F.errorCount(F.fittedText) == 0)
        #expect(try F.errorCount(F.oneErrorText) == 1)
        #expect(try F.errorCount(F.otherOneErrorText) == 1)
        #expect(try F.errorCount(F.worseText) == 8)
    }

    @Test func theRoundWithFewestErrorsIsShownEvenWhenLaterRoundsAreWorse() async throws {
        let job = try F.job()
        let model = ScriptedChatModel(texts: [F.answer(F.oneErrorText), F.answer(F.worseText), "I cannot help with that."])
        let outcome = try await runEngine(job, model)

        #expect(model.requests.count == 3)
        #expect(outcome.rounds.map(\.errorFindings) == [1, 8, nil])
        #expect(outcome.chosenRound == 1)
        #expect(outcome.answer.plan == F.oneErrorText)
        #expect(outcome.verdict == .improved)
        #expect(outcome.findingsAfter.filter { $0.severity == .error }.count == 1)
    }

    @Test func onATieTheLaterRoundIsShown() async throws {
        let job = try F.job()
        let announce: JSONValue = ["task": "Announce the launch to merchants", "kind": "reassign", "reason": "yan writes the merchant news"]
        let model = ScriptedChatModel(texts: [F.answer(F.oneErrorText), F.answer(F.otherOneErrorText, changes: F.changes + [announce]), "{\"plan\":"])
        let outcome = try await runEngine(job, model)

        #expect(outcome.rounds.map(\.errorFindings) == [1, 1, nil])
        #expect(outcome.chosenRound == 2)
        #expect(outcome.answer.plan == F.otherOneErrorText)
    }

    @Test func aCutOffAnswerWithNothingUsableBeforeItThrowsOutputTruncated() async throws {
        let job = try F.job()
        let cut = String(F.answer(F.fittedText).prefix(700))
        let model = ScriptedChatModel([.init(text: cut, finishReason: .length)])
        let outcome = try await runEngine(job, model)
        #expect(outcome.failure == .truncated(model: "scripted", maxTokens: 4096, completionTokens: 175))
        let error = outcome.failure?.asError(rounds: outcome.rounds.count)
        #expect(error as? ModelServerError == .outputTruncated(model: "scripted", maxTokens: 4096, completionTokens: 175))
        #expect(model.requests.count == 1, "asking again would hit the same limit")
        #expect((error as? PlanfitError)?.exitStatus == .dataError)
    }

    @Test func aCutOffAnswerAfterAUsableRoundKeepsThatRound() async throws {
        let job = try F.job()
        let cut = String(F.answer(F.fittedText).prefix(700))
        let model = ScriptedChatModel([.init(text: F.answer(F.oneErrorText)), .init(text: cut, finishReason: .length)])
        let outcome = try await runEngine(job, model)

        #expect(model.requests.count == 2)
        #expect(outcome.rounds.count == 2)
        #expect(outcome.rounds[1].finishReason == "length")
        #expect(outcome.rounds[1].problems.first == "the answer was cut off at max_tokens (4096) before it was complete")
        #expect(outcome.chosenRound == 1)
        #expect(outcome.verdict == .improved)
    }

    @Test func noUsableAnswerInAnyRoundThrowsUnusableAnswerWithTheLastProblems() async throws {
        let job = try F.job(maxRepairs: 2)
        let model = ScriptedChatModel(texts: [#"{"plan": 5}"#, "no", #"{"plan": 5, "changes": "none"}"#])
        let outcome = try await runEngine(job, model)
        #expect(outcome.verdict == .unusable && outcome.chosenRound == 0 && outcome.answer.plan.isEmpty)
        let error = outcome.failure?.asError(rounds: outcome.rounds.count)

        #expect(model.requests.count == 3)
        guard case .unusableAnswer(let rounds, let problems)? = error as? RefineError else {
            Issue.record("expected unusableAnswer, got \(String(describing: error))")
            return
        }
        #expect(rounds == 3)
        #expect(problems.contains("the answer does not match the schema: $.changes must be an array, found a string"))
        #expect(!problems.contains { $0.contains("not a JSON object") }, "the problems are the last round's")
        let description = try #require(error as? RefineError).description
        #expect(description.hasPrefix("the model gave no usable answer in 3 rounds"))
        #expect(try #require(error as? RefineError).exitStatus == .dataError)
    }

    @Test func maxRepairsZeroAsksOnce() async throws {
        let job = try F.job(maxRepairs: 0)
        let model = ScriptedChatModel(texts: [F.answer(F.originalText, changes: [])])
        let outcome = try await runEngine(job, model)
        #expect(model.requests.count == 1)
        #expect(outcome.rounds[0].problems.count == 5)
        #expect(outcome.verdict == .notImproved)
    }

    @Test func proposeAsSomeoneNotOnTheTeamIsAUsageError() throws {
        let job = try F.job(.propose(asHandle: "zed", concern: nil))
        let error = thrownError { _ = try RefineEngine(job: job) }
        #expect(error as? RefineError == .unknownMember(handle: "zed", members: ["ana", "bo", "chidi", "dana"]))
        #expect((error as? PlanfitError)?.exitStatus == .usage)
        #expect("\(error!)" == "--as @zed is not a member of the team; members are @ana, @bo, @chidi, @dana")
    }

    @Test func proposeNeedsANoteAndSendsTheMembersSeatAndConcern() async throws {
        let job = try F.job(.propose(asHandle: "bo", concern: "I am away 12-14..12-18"))
        let engine = try RefineEngine(job: job)
        let prepared = try engine.prepare()
        #expect(prepared.request.responseSchema == AnswerSchema.schema(includeNote: true, planCharacters: job.planText.count, maxTokens: job.parameters.maxTokens))
        let user = try #require(prepared.messages.last?.content)
        #expect(user.contains("@bo"))
        #expect(user.contains("I am away 12-14..12-18"))

        let model = ScriptedChatModel(texts: [F.answer(F.fittedText), F.answer(F.fittedText, note: "Thanks, Ana. I am away 12-14..12-18.")])
        let outcome = try await engine.run(prepared, model: model)
        #expect(outcome.rounds[0].problems == ["the answer does not match the schema: $.note is missing"])
        #expect(outcome.answer.note == "Thanks, Ana. I am away 12-14..12-18.")
        #expect(outcome.asHandle == "bo")
        #expect(outcome.concern == "I am away 12-14..12-18")
        #expect(outcome.command == "propose")
    }
}
