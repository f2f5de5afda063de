import Foundation
import Testing

@Suite struct CheckCommandTests {
    let plan = CLI.fixture("plans/checkout-v2.md")
    let team = CLI.fixture("teams/payments.yaml")

    @Test func textReportGroupsFindingsAndEndsWithTheLoadTable() throws {
        let r = try CLI.run(["check", plan, "--team", team])
        #expect(r.status == 1, "the example plan has errors")
        #expect(r.stderr.isEmpty)
        let out = r.stdout
        let errors = try #require(out.range(of: "errors (5)"))
        let warnings = try #require(out.range(of: "warnings (3)"))
        let info = try #require(out.range(of: "info (5)"))
        #expect(errors.lowerBound < warnings.lowerBound && warnings.lowerBound < info.lowerBound)
        #expect(out.contains("checkout-v2.md:10  deadline       bo: 60h due by 2026-12-18, 54h available (time off 12-14..12-18)"))
        #expect(out.contains("overload       ana: 186h assigned"))
        #expect(out.contains("unknown-owner  'Load test the new flow' is assigned to @carla"))
        #expect(out.contains("missing-skill  'Port the fraud checks to Kotlin' needs #kotlin"))
        #expect(out.contains("role-boundary  ana is tech-lead, which must not take #people-management work"))
        #expect(out.contains("  ana         186h       168h  over by 18h"))
        #expect(out.hasSuffix("5 errors, 3 warnings, 5 info\n"))
        #expect(!out.contains("\u{1B}["), "no colour when not a terminal")
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let r = try CLI.run(["check", plan, "--team", team, "--format", "json"])
        #expect(r.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let findings = json["findings"] as! [[String: Any]]
        #expect(findings.count == 13)
        #expect(Set(findings[0].keys) == ["rule", "severity", "message", "line", "member", "task"])
        let unassigned = findings.first { $0["rule"] as? String == "unassigned" }!
        #expect(unassigned["member"] is NSNull)
        let load = json["load"] as! [[String: Any]]
        #expect(load.first?["member"] as? String == "ana")
        #expect(load.first?["assigned_hours"] as? Double == 186)
        #expect(load.first?["available_hours"] as? Double == 168)
        let summary = json["summary"] as! [String: Any]
        #expect(summary["errors"] as? Int == 5)
    }

    @Test func fittedPlanExitsZero() throws {
        let r = try CLI.run(["check", CLI.fixture("plans/checkout-v2-fits.md"), "--team", team])
        #expect(r.status == 0)
        #expect(r.stdout.contains("0 errors, 1 warning"))
    }

    @Test func badInputsGetClearErrorsAndExitCodes() throws {
        let dir = try TemporaryDirectory()
        let missing = try CLI.run(["check", dir.path("nope.md"), "--team", team])
        #expect(missing.status == 66)
        #expect(missing.stderr == "planfit: error: \(dir.path("nope.md")): no such file (check the path)\n")

        let typo = try dir.write("team.yaml", "team: T\nmembers:\n  - handle: ana\n    hours_per_weak: 20\n")
        let bad = try CLI.run(["check", plan, "--team", typo])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("team.yaml:4:5: unknown key 'hours_per_weak'; did you mean 'hours_per_week'?"))

        let empty = try dir.write("empty.md", "")
        #expect(try CLI.run(["check", empty, "--team", team]).status == 65)

        let usage = try CLI.run(["check", plan])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("--team"))
    }
}
