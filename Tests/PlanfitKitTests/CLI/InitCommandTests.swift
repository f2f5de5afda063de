import Foundation
import Testing

/// `planfit init`: the skeleton loads as written and lists what the plan names.
@Suite struct InitCommandTests {
    @Test func aSkeletonFromAPlanListsEveryOwnerAndSkillAndLoads() throws {
        let dir = try TemporaryDirectory()
        let plan = CLI.fixture("plans/checkout-v2.md")
        let r = try CLI.run(["init", "--from-plan", plan, "--today", "2026-12-01", "-o", dir.path("team.yaml")])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: dir.path("team.yaml"), encoding: .utf8)
        for handle in ["ana", "bo", "chidi", "carla", "dana"] {
            #expect(text.contains("  - handle: \(handle)\n"), "\(handle) is listed")
        }
        for skill in ["go:expert", "kotlin", "people-management", "postgres:strong"] {
            #expect(text.contains("#   \(skill): "), "\(skill) is listed")
        }
        #expect(text.contains("roles:\n") && text.contains("  member: {owns: [], not: []}"))
        #expect(text.contains("horizon: {start: 2026-12-01, end: 2027-01-22}"), "ends on the plan's last due date")

        // It loads: check runs and reports findings (exit 1), not a profile error (65).
        let check = try CLI.run(["check", plan, "--team", dir.path("team.yaml"), "--today", "2026-12-01"])
        #expect(check.status == 1, "\(check.stderr)")
        #expect(!check.stdout.contains("unknown-owner"), "every owner is a member")

        // An existing file is never replaced.
        let again = try CLI.run(["init", "--from-plan", plan, "-o", dir.path("team.yaml")])
        #expect(again.status == 64 && again.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: dir.path("team.yaml"), encoding: .utf8) == text)
    }

    @Test func aSkeletonWithoutAPlanLoadsToo() throws {
        let dir = try TemporaryDirectory()
        let r = try CLI.run(["init"])
        #expect(r.status == 0 && r.stdout.contains("  - handle: your-handle"))
        let team = try dir.write("team.yaml", r.stdout)
        let plan = try dir.write("plan.md", "# P\n- Do it @your-handle ~1d\n")
        #expect(try CLI.run(["check", plan, "--team", team]).status == 0)
    }
}
