import Foundation
import Testing

@Suite struct DiffTasksCommandTests {
    let old = CLI.fixture("plans/checkout-v2.md")
    let new = CLI.fixture("plans/checkout-v2-adapted.md")

    @Test func textListsRemovedModifiedAndMovedTasks() throws {
        let r = try CLI.run(["diff", "--tasks", old, new])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("tasks: 0 added, 1 removed, 7 modified, 1 moved\n"))
        #expect(r.stdout.contains("- Port the fraud checks to Kotlin"))
        #expect(r.stdout.contains("~ Build the payment intent API in Go  (line 10 -> 10)\n    owners: @bo -> @ana\n    estimate: ~10d -> ~5d\n"))
        #expect(r.stdout.contains("    section: Checkout v2 rollout › Phase 1: Foundations -> Checkout v2 rollout › Phase 2: Integration\n"))
    }

    @Test func jsonHasTheTaskDiffShape() throws {
        let r = try CLI.run(["diff", "--tasks", "--format", "json", old, new])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(Set(json.keys) == ["format_version", "added", "removed", "modified", "moved", "summary"])
        #expect(json["format_version"] as? Int == 1)
        let moved = json["moved"] as! [[String: Any]]
        #expect(moved.first?["title"] as? String == "Write the Kafka event publisher")
        let modified = json["modified"] as! [[String: Any]]
        let api = modified.first { $0["title"] as? String == "Build the payment intent API in Go" }!
        // Owners are arrays of handles, as everywhere in planfit's JSON (they were "@bo" strings here).
        let changes = api["changes"] as! [[String: Any]]
        let owners = try #require(changes.first { $0["field"] as? String == "owners" })
        #expect(owners["old"] as? [String] == ["bo"] && owners["new"] as? [String] == ["ana"])
        #expect(changes.first { $0["field"] as? String == "estimate" }?["old"] as? String == "~10d")
    }

    @Test func identicalFilesPrintNothing() throws {
        for format in ["text", "json"] {
            let r = try CLI.run(["diff", "--tasks", "--format", format, old, old])
            #expect(r.status == 0)
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func renamedTaskIsAModificationNotARemoval() throws {
        let dir = try TemporaryDirectory()
        let a = try dir.write("a.md", "# S\n- Build the payment API @bo ~3d\n")
        let b = try dir.write("b.md", "# S\n- Build the payment intent API in Go @bo ~3d\n")
        let r = try CLI.run(["diff", "--tasks", a, b])
        #expect(r.stdout.contains("0 added, 0 removed, 1 modified"))
        #expect(r.stdout.contains("title: Build the payment API -> Build the payment intent API in Go"))
    }

    @Test func formatCombinationsAreUsageErrors() throws {
        #expect(try CLI.run(["diff", "--tasks", "--format", "patch", old, new]).status == 64)
        #expect(try CLI.run(["diff", "--format", "json", old, new]).status == 64)
    }
}
