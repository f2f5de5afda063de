import Testing
@testable import PlanfitKit

@Suite struct TeamProfileLoaderTests {
    let loader = TeamProfileLoader(today: Day(iso: "2026-12-01")!)

    func error(_ yaml: String) -> TeamProfileError? {
        do {
            _ = try loader.parse(yaml, file: "team.yaml")
            return nil
        } catch let e as TeamProfileError {
            return e
        } catch {
            Issue.record("unexpected error type \(error)")
            return nil
        }
    }

    @Test func loadsTheExampleProfile() throws {
        let profile = try loader.load(path: CLI.fixture("teams/payments.yaml"))
        #expect(profile.team == "Payments Platform")
        #expect(profile.horizon == DayRange(start: Day(iso: "2026-12-01")!, end: Day(iso: "2027-01-29")!))
        #expect(profile.members.map(\.handle) == ["ana", "bo", "chidi", "dana"])
        let ana = try #require(profile.member("ana"))
        #expect(ana.hoursPerWeek == 24)
        #expect(ana.skills["go"] == .expert)
        #expect(ana.timeOff == [DayRange(start: Day(iso: "2026-12-22")!, end: Day(iso: "2027-01-02")!)])
        #expect(ana.wipLimit == 2)
        #expect(profile.roles["tech-lead"]?.not.contains("people-management") == true)
        #expect(profile.norms.wipLimit == 3)
        #expect(profile.norms.statements.first?.text.contains("#payments") == true)
        #expect(profile.constraints.count == 2)
    }

    @Test func defaultsApply() throws {
        let profile = try loader.parse("team: T\nmembers:\n  - handle: ana\n", file: "t.yaml")
        #expect(profile.horizon.start == Day(iso: "2026-12-01"))
        #expect(profile.horizon.end == Day(iso: "2026-12-28"))
        #expect(profile.hoursPerDay == 6)
        #expect(profile.members[0].hoursPerWeek == 30)
        #expect(profile.workdays.count == 5)
    }

    @Test func jsonIsAccepted() throws {
        let profile = try loader.parse(#"{"team": "T", "members": [{"handle": "ana", "skills": {"go": 3}}]}"#, file: "t.json")
        #expect(profile.members[0].skills["go"] == .strong)
    }

    @Test func syntaxErrorNamesFileLineAndColumn() throws {
        let e = try #require(error("team: T\nmembers:\n  - handle: ana\n    skills: [go\n"))
        #expect(e.description.hasPrefix("team.yaml:"))
        #expect(e.line != nil && e.column != nil)
        #expect(e.description.contains("YAML syntax error"))
        #expect(e.exitStatus == .dataError)
    }

    @Test func unknownKeyNamesPathLineAndSuggestion() throws {
        let e = try #require(error("team: T\nmembers:\n  - handle: ana\n    hours_per_weak: 20\n"))
        #expect(e.line == 4)
        #expect(e.keyPath == "members[0].hours_per_weak")
        #expect(e.description == "team.yaml:4:5: unknown key 'hours_per_weak'; did you mean 'hours_per_week'? (at members[0].hours_per_weak)")
    }

    @Test func unknownTopLevelKey() throws {
        let e = try #require(error("team: T\nconstraint:\n  - x\nmembers:\n  - handle: a\n"))
        #expect(e.description.contains("unknown key 'constraint'; did you mean 'constraints'?"))
    }

    @Test func duplicateHandles() throws {
        let e = try #require(error("team: T\nmembers:\n  - handle: ana\n  - handle: ana\n"))
        #expect(e.line == 4)
        #expect(e.description.contains("duplicate handle 'ana' (first used on line 3)"))
    }

    @Test func negativeHours() throws {
        let e = try #require(error("team: T\nmembers:\n  - handle: ana\n    hours_per_week: -4\n"))
        #expect(e.description.contains("hours_per_week must be between 0 and 168, found '-4'"))
        #expect(e.line == 4)
    }

    /// Issue 9: the range error for hours_per_day formatted the value through `Int`, which trapped.
    @Test func hugeNumbersAreRangeErrorsWithTheirLine() throws {
        let day = try #require(error("team: T\nhours_per_day: 9223372036854775808\nmembers:\n  - handle: ana\n"))
        #expect(day.description == "team.yaml:2:16: hours_per_day must be more than 0 and at most 24, found '9223372036854775808' (at hours_per_day)")
        let infinite = try #require(error("team: T\nhours_per_day: 1e400\nmembers:\n  - handle: ana\n"))
        #expect(infinite.description.contains("hours_per_day must be a number more than 0 and at most 24, found '1e400'"))
        let zero = try #require(error("team: T\nhours_per_day: 0\nmembers:\n  - handle: ana\n"))
        #expect(zero.description.contains("hours_per_day must be more than 0 and at most 24, found '0'"))
        let week = try #require(error("team: T\nmembers:\n  - handle: ana\n    hours_per_week: 1e300\n"))
        #expect(week.description.contains("team.yaml:4:21: hours_per_week must be between 0 and 168, found '1e300'"))
        let wip = try #require(error("team: T\nmembers:\n  - handle: ana\n    wip_limit: 99999999999999999999\n"))
        #expect(wip.description.contains("wip_limit must be a whole number from 1 to 1000, found '99999999999999999999'"))
        let norm = try #require(error("team: T\nnorms:\n  wip_limit: 0\nmembers:\n  - handle: ana\n"))
        #expect(norm.description.contains("team.yaml:3:14: wip_limit must be a whole number from 1 to 1000, found '0'"))
        let long = try #require(error("team: T\nhours_per_day: \(String(repeating: "9", count: 500))\nmembers:\n  - handle: ana\n"))
        #expect(long.description.count < 200, "the value is quoted cut short")
    }

    @Test func horizonOfCenturiesIsRefused() throws {
        let e = try #require(error("team: T\nhorizon: 0001-01-01..9999-12-31\nmembers:\n  - handle: a\n"))
        #expect(e.description.contains("the horizon 0001-01-01..9999-12-31 is longer than 3660 days"))
        #expect(e.line == 2)
    }

    @Test func unknownSkillLevel() throws {
        let e = try #require(error("team: T\nmembers:\n  - handle: ana\n    skills:\n      go: guru\n"))
        #expect(e.description.contains("unknown skill level 'guru'; use basic (1), working (2), strong (3) or expert (4)"))
        #expect(e.keyPath == "members[0].skills.go")
    }

    /// The common mistakes get the expected form in the message, not only what was found.
    @Test func commonMistakesShowTheExpectedForm() throws {
        let list = try #require(error("team: T\nmembers:\n  - handle: ana\n    skills: [python, go]\n"))
        #expect(list.description.contains("skills is a list; write skills as `{python: strong, go: strong}`, each skill with its level"), "\(list)")
        #expect(list.keyPath == "members[0].skills" && list.line == 4)
        let bare = try #require(error("team: T\nmembers:\n  - handle: ana\n    skills: {python}\n"))
        #expect(bare.description.contains("skill 'python' has no level; write skills as `{python: strong}`"), "\(bare)")
        let scalar = try #require(error("team: T\nmembers:\n  - handle: ana\n    skills: python\n"))
        #expect(scalar.description.contains("write skills as `{python: strong}`"), "\(scalar)")
        let members = try #require(error("team: T\nmembers:\n  ana: {role: engineer}\n"))
        #expect(members.description.contains("write members as a list of `- handle: ana` entries, one per member"), "\(members)")
        let timeOff = try #require(error("team: T\nmembers:\n  - handle: ana\n    time_off: 2026-12-22..2027-01-02\n"))
        #expect(timeOff.description.contains("write time_off as `[2026-12-22..2027-01-02]`"), "\(timeOff)")
        let workdays = try #require(error("team: T\nworkdays: mon-fri\nmembers:\n  - handle: ana\n"))
        #expect(workdays.description.contains("write workdays as `[mon, tue, wed, thu, fri]`"), "\(workdays)")
        let owns = try #require(error("team: T\nmembers:\n  - handle: ana\n    role: lead\nroles:\n  lead: {owns: architecture}\n"))
        #expect(owns.description.contains("write owns as `[architecture, code-review]`"), "\(owns)")
    }

    @Test func malformedDateAndRange() throws {
        let bad = try #require(error("team: T\nmembers:\n  - handle: ana\n    time_off: [2026-13-01]\n"))
        #expect(bad.description.contains("'2026-13-01' is not a date; write YYYY-MM-DD"))
        let backwards = try #require(error("team: T\nmembers:\n  - handle: ana\n    time_off: [2026-12-20..2026-12-10]\n"))
        #expect(backwards.description.contains("ends before it starts"))
        let triple = try #require(error("team: T\nmembers:\n  - handle: ana\n    time_off: [2026-12-01..2026-12-02..2026-12-03]\n"))
        #expect(triple.description.contains("is not a date range"))
    }

    @Test func horizonEndBeforeStart() throws {
        let e = try #require(error("team: T\nhorizon:\n  start: 2027-01-10\n  end: 2027-01-01\nmembers:\n  - handle: a\n"))
        #expect(e.description.contains("horizon end 2027-01-01 is before its start 2027-01-10"))
        #expect(e.line == 4)
    }

    @Test func badHandleAndMissingParts() throws {
        #expect(error("team: T\nmembers:\n  - handle: Ana Silva\n")?.description.contains("may use only a-z") == true)
        #expect(error("members:\n  - handle: a\n")?.description.contains("needs a `team:`") == true)
        #expect(error("team: T\n")?.description.contains("needs a `members:` list") == true)
        #expect(error("")?.description.contains("empty") == true)
        #expect(error("team: T\nmembers:\n  - handle: a\n    role: wizard\nroles:\n  lead:\n    owns: [x]\n")?.description.contains("role 'wizard' is not defined") == true)
        #expect(error("team: T\nworkdays: [mon, funday]\nmembers:\n  - handle: a\n")?.description.contains("'funday' is not a weekday") == true)
    }
}
