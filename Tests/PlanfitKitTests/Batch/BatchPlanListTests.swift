import Foundation
import Testing
@testable import PlanfitKit

@Suite struct BatchPlanListTests {
    @Test func foldersGiveTheirPlansInNameOrderAndFilesStayWhereListed() throws {
        let dir = try TemporaryDirectory()
        for name in ["b.md", "a.md", "c.adapted.md", "notes.txt", ".hidden.md", "sub/d.md"] { try dir.write("plans/" + name, "# x\n") }
        let single = try dir.write("z-first.md", "# z\n")
        let plans = try BatchPlanList.expand([single, dir.path("plans")])
        #expect(plans.map(\.path) == [single, dir.path("plans/a.md"), dir.path("plans/b.md")])
        #expect(plans.map(\.name) == ["z-first", "a", "b"])
    }

    @Test func theSamePlanTwiceRunsOnceAndClashingNamesGetSuffixes() throws {
        let dir = try TemporaryDirectory()
        let one = try dir.write("one/plan.md", "# 1\n")
        let two = try dir.write("two/plan.md", "# 2\n")
        let three = try dir.write("plan-2.md", "# 3\n")
        let plans = try BatchPlanList.expand([one, two, dir.path("one/../one/plan.md"), three])
        #expect(plans.map(\.path) == [one, two, three])
        #expect(plans.map(\.name) == ["plan", "plan-2", "plan-2-2"])
    }

    @Test func aMissingFileStaysToFailOnItsOwnButAnEmptyFolderIsAnError() throws {
        let dir = try TemporaryDirectory()
        #expect(try BatchPlanList.expand([dir.path("missing.md")]).map(\.name) == ["missing"])
        try dir.write("empty/readme.txt", "not a plan\n")
        #expect(throws: BatchError.noPlansInFolder(dir.path("empty"))) { try BatchPlanList.expand([dir.path("empty")]) }
        #expect(BatchError.noPlansInFolder("x").exitStatus == .noInput)
    }

    @Test func outputFilesTakeTheFormatsExtension() {
        let plan = BatchPlan(path: "plans/q1.md", name: "q1")
        #expect(AdaptationReport.Format.allCases.map(plan.reportFile) == ["q1.txt", "q1.md", "q1.json", "q1.patch", "q1.html", "q1.note.txt"])
        #expect(plan.adaptedFile == "q1.adapted.md")
    }
}
