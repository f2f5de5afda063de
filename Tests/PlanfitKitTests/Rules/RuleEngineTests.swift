import Testing
@testable import PlanfitKit

@Suite struct RuleEngineTests {
    /// Two weeks, Mon 2026-12-07 .. Fri 2026-12-18: 10 workdays.
    let profile = try! TeamProfileLoader(today: Day(iso: "2026-12-01")!).parse("""
        team: T
        horizon: {start: 2026-12-07, end: 2026-12-18}
        hours_per_day: 6
        members:
          - handle: ana
            role: lead
            hours_per_week: 20
            skills: {go: expert, sql: working}
            time_off: [2026-12-17..2026-12-18]
            wip_limit: 1
          - handle: bo
            role: dev
            skills: {go: working, sql: strong}
        roles:
          lead: {owns: [architecture], not: [hiring]}
          dev: {owns: [implementation], not: [architecture]}
        norms: {wip_limit: 3}
        """, file: "t.yaml")

    func check(_ plan: String) throws -> CheckResult {
        RuleEngine(profile: profile).check(try PlanParser().parse(plan))
    }

    @Test func capacityCountsWorkdaysAndTimeOff() throws {
        let cap = Capacity(profile: profile)
        let ana = try #require(profile.member("ana")), bo = try #require(profile.member("bo"))
        #expect(cap.workingDays(ana, from: profile.horizon.start, through: profile.horizon.end) == 8)
        #expect(cap.availableHours(ana) == 32)
        #expect(cap.availableHours(bo) == 60)
        #expect(cap.availableHours(bo, from: Day(iso: "2026-12-12")!, through: Day(iso: "2026-12-13")!) == 0, "a weekend")
        #expect(cap.availableHours(bo, from: Day(iso: "2026-11-01")!, through: Day(iso: "2026-12-08")!) == 12, "clipped to the horizon")
    }

    @Test func cleanPlanHasNoFindings() throws {
        let result = try check("# S\n- Build @bo ~2d #go\n- Review @ana ~4h #architecture\n")
        #expect(result.findings.filter { $0.rule != .singleExpert }.isEmpty)
        #expect(result.load == [MemberLoad(member: "ana", assignedHours: 4, availableHours: 32),
                                MemberLoad(member: "bo", assignedHours: 12, availableHours: 60)])
    }

    @Test func overloadNamesTheNumbers() throws {
        let result = try check("- Big job @ana ~1w\n- More @ana ~1d\n")
        let f = try #require(result.findings.first { $0.rule == .overload })
        #expect(f.severity == .error)
        #expect(f.member == "ana")
        #expect(f.line == 1)
        #expect(f.message == "ana: 36h assigned in the horizon 2026-12-07..2026-12-18, 32h available (20h/week, time off 12-17..12-18); over by 4h")
    }

    @Test func sharedTasksSplitEffort() throws {
        let result = try check("- Pair @ana @bo ~2d\n")
        #expect(result.load.map(\.assignedHours) == [6, 6])
    }

    @Test func deadlineCountsHoursDueByEachDate() throws {
        let result = try check("- First @ana ~3d (due 2026-12-10)\n- Second @ana ~1h (due 2026-12-18)\n")
        let f = try #require(result.findings.first { $0.rule == .deadline })
        // 12-07..12-10 is 4 workdays at 4h.
        #expect(f.message == "ana: 18h due by 2026-12-10, 16h available")
        #expect(f.line == 1)
        #expect(result.count(.deadline) == 1)
        let withTimeOff = try check("- Late @ana ~30h (due 2026-12-18)\n")
        #expect(withTimeOff.count(.deadline) == 0, "30h fits the 32h ana has")
        let tight = try check("- Late @ana ~33h (due 2026-12-18)\n")
        #expect(tight.findings.first { $0.rule == .deadline }?.message == "ana: 33h due by 2026-12-18, 32h available (time off 12-17..12-18)")
    }

    @Test func ownersSkillsAndRoles() throws {
        let result = try check("""
            - Ghost @zed ~1h
            - Typo @anna ~1h
            - Rust thing @bo ~1h #rust
            - Expert go @bo ~1h #go:expert
            - SQL heavy @bo ~1h #sql:expert
            - Hire @ana ~1h #hiring
            - Design @bo ~1h #architecture
            - Nobody ~1h
            - Unsized @bo
            """)
        #expect(result.findings.first { $0.line == 1 }?.message == "'Ghost' is assigned to @zed, who is not on the team; members are @ana, @bo")
        #expect(result.findings.first { $0.line == 2 }?.message.hasSuffix("did you mean @ana?") == true)
        #expect(result.findings.first { $0.line == 3 }?.rule == .missingSkill)
        #expect(result.findings.first { $0.line == 4 }?.rule == .skillGap)
        #expect(result.findings.first { $0.line == 4 }?.message == "bo has go at working, below expert, which 'Expert go' needs; @ana has it")
        #expect(result.findings.first { $0.line == 5 }?.message.contains("nobody has sql at expert or above (ana: working, bo: strong)") == true)
        #expect(result.findings.filter { $0.line == 6 }.map(\.rule) == [.roleBoundary], "hiring is a role tag (not a skill) that the lead role must not take")
        #expect(result.findings.contains { $0.line == 7 && $0.rule == .roleBoundary && $0.message.contains("bo is dev, which must not take #architecture work") })
        #expect(result.findings.contains { $0.line == 8 && $0.rule == .unassigned })
        #expect(result.findings.contains { $0.line == 9 && $0.rule == .noEstimate })
        #expect(result.hasErrors)
        #expect(result.findings.map(\.severity) == result.findings.map(\.severity).sorted(), "errors come first")
    }

    @Test func wipLimitPerSection() throws {
        let result = try check("# A\n- one @ana ~1h\n- two @ana ~1h\n# B\n- three @ana ~1h\n")
        let f = try #require(result.findings.first { $0.rule == .wipLimit })
        #expect(f.message == "ana owns 2 tasks in 'A', above their WIP limit of 1")
        #expect(f.line == 3)
        #expect(result.count(.wipLimit) == 1)
    }

    @Test func singleExpertOncePerSkill() throws {
        let result = try check("- a @bo ~1h #sql\n- b @bo ~1h #sql\n- c @ana ~1h #go\n")
        #expect(result.count(.singleExpert) == 0, "sql and go are each held by two members")
        let solo = try check("- a @ana ~1h #architecture\n- b @bo ~1h #rust\n")
        #expect(solo.count(.singleExpert) == 0, "a role tag and a skill nobody has are not single-expert skills")
        // A skill one member holds, needed by two tasks: one finding for the skill, not one per task.
        let team = try TeamProfileLoader(today: Day(iso: "2026-12-01")!).parse(
            "team: T\nhorizon: {start: 2026-12-07, end: 2026-12-18}\nmembers:\n"
                + "  - {handle: ana, skills: {kotlin: strong, go: working}}\n  - {handle: bo, skills: {go: working}}\n",
            file: "t.yaml")
        let both = RuleEngine(profile: team).check(try PlanParser().parse("- a @ana ~1h #kotlin\n- b @ana ~1h #kotlin\n- c @bo ~1h #go\n"))
        let single = both.findings.filter { $0.rule == .singleExpert }
        #expect(single.count == 1)
        #expect(single.first?.message == "only ana has kotlin, which 2 tasks need; a second person would remove the bottleneck")
        #expect(single.first?.line == 1 && single.first?.member == "ana")
    }

    @Test func anAfterNamingNoTaskIsAWarningWithTheNearestTitle() throws {
        let r = try check("# P\n\n- Set up the schemas @bo ~1d\n- Load data @bo ~1d after: Set up the schema\n- Ship @bo ~1d after: Paint the office\n")
        let unknown = r.findings.filter { $0.rule == .unknownDependency }
        #expect(unknown.map(\.line) == [4, 5])
        #expect(unknown.allSatisfy { $0.severity == .warning })
        #expect(unknown[0].message == "'Load data' comes after 'Set up the schema', but no task has that title; did you mean 'Set up the schemas' (line 3)?")
        #expect(unknown[1].message.hasSuffix("write the title of the task it waits for exactly as that task's line says it"))
        #expect(try check("# P\n\n- A @bo ~1d\n- B @bo ~1d after: a\n").count(.unknownDependency) == 0, "titles match whatever their case")
    }

    @Test func tasksThatWaitForEachOtherAreACycleNamingEveryTask() throws {
        let r = try check("# P\n\n- A @bo ~1d after: C\n- B @bo ~1d after: A\n- C @bo ~1d after: B\n- D @bo ~1d after: D\n- E @bo ~1d after: A\n")
        let cycles = r.findings.filter { $0.rule == .dependencyCycle }
        #expect(cycles.count == 2)
        #expect(cycles.allSatisfy { $0.severity == .error })
        #expect(cycles[0].line == 3 && cycles[0].message.hasPrefix("'A' (line 3), 'B' (line 4), 'C' (line 5) wait for each other, so none of them can start"))
        #expect(cycles[1].message.hasPrefix("'D' (line 6) comes after itself"))
        #expect(try check("# P\n\n- A @bo ~1d\n- B @bo ~1d after: A\n- C @bo ~1d after: A; B\n").count(.dependencyCycle) == 0)
    }

    @Test func didYouMeanOnlyForNamesThatAreClose() {
        #expect(NameSuggestion.nearest("sam", among: ["tom", "ana"]) == nil)
        #expect(NameSuggestion.nearest("anna", among: ["tom", "ana"]) == "ana")
        #expect(NameSuggestion.nearest("chdi", among: ["chidi", "bo"]) == "chidi")
        #expect(NameSuggestion.nearest("bo", among: ["jo"]) == nil, "one edit of two letters is a different name")
    }
}
