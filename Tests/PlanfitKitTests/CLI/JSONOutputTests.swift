import Foundation
import Testing
@testable import PlanfitKit

/// Every JSON output the CLI produces, checked against docs/json.md: the tables there are read as the
/// schema (path, types, optional), so the documentation and the outputs cannot drift apart unnoticed.
@Suite struct JSONOutputTests {
    typealias R = CraftedReplay

    struct Field {
        var types: Set<String>
        var optional: Bool
    }

    /// One `## name` section of docs/json.md: documented paths and their types.
    struct Shape {
        var name: String
        var fields: [String: Field]

        /// Problems of `value` against this shape, as readable lines; empty when it conforms.
        func problems(_ value: JSONValue) -> [String] {
            var problems: [String] = []
            check(value, path: "", into: &problems)
            return problems
        }

        static func typeName(_ value: JSONValue) -> String {
            switch value {
            case .null: return "null"
            case .bool: return "boolean"
            case .int: return "integer"
            case .double: return "number"
            case .string: return "string"
            case .array: return "array"
            case .object: return "object"
            }
        }

        private func check(_ value: JSONValue, path: String, into problems: inout [String]) {
            // Elements of an array of objects (`load[]`) are documented through their keys (`load[].member`).
            let objectElement = path.hasSuffix("[]") && fields[path] == nil && fields.keys.contains { $0.hasPrefix(path + ".") }
            if objectElement, Self.typeName(value) != "object" {
                problems.append("\(name): \(path) is \(Self.typeName(value)), documented as object")
            } else if !path.isEmpty, !objectElement {
                guard let field = fields[path] else {
                    problems.append("\(name): \(path) is not documented")
                    return
                }
                let type = Self.typeName(value)
                // An integer is a number too: hours print as 24 when whole and 13.5 when not.
                if !field.types.contains(type), !(type == "integer" && field.types.contains("number")) {
                    problems.append("\(name): \(path) is \(type), documented as \(field.types.sorted().joined(separator: " or "))")
                }
            }
            switch value {
            case .object(let members):
                for (key, member) in members {
                    let exact = path.isEmpty ? key : path + "." + key
                    let wildcard = path.isEmpty ? "*" : path + ".*"
                    check(member, path: fields[exact] == nil && fields[wildcard] != nil ? wildcard : exact, into: &problems)
                }
                for (documented, field) in fields where !field.optional && Self.parent(of: documented) == path {
                    let key = String(documented.dropFirst(path.isEmpty ? 0 : path.count + 1))
                    if key != "*", members[key] == nil { problems.append("\(name): \(documented) is missing") }
                }
            case .array(let items):
                for item in items { check(item, path: path + "[]", into: &problems) }
            default:
                break
            }
        }

        /// `a.b` -> `a`, `a[].b` -> `a[]`, `a` -> ``; an array element path (`a[]`) has no key parent.
        static func parent(of path: String) -> String? {
            if path.hasSuffix("[]") { return nil }
            guard let dot = path.lastIndex(of: ".") else { return "" }
            return String(path[..<dot])
        }
    }

    static func shapes() throws -> [String: Shape] {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("docs/json.md"), encoding: .utf8)
        var shapes: [String: Shape] = [:]
        for section in text.components(separatedBy: "\n## ").dropFirst() {
            let name = String(section.prefix { $0 != "\n" })
            var fields: [String: Field] = [:]
            for line in section.split(separator: "\n") where line.hasPrefix("| `") {
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count >= 5 else { continue }
                let path = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                let types = Set(cells[2].components(separatedBy: " or "))
                fields[path] = Field(types: types, optional: cells[3].hasPrefix("optional"))
            }
            if !fields.isEmpty { shapes[name] = Shape(name: name, fields: fields) }
        }
        return shapes
    }

    static func shape(_ name: String) throws -> Shape {
        try #require(try shapes()[name], "docs/json.md has no table for \(name)")
    }

    static func expectConforms(_ output: String, to name: String, _ what: String) throws {
        let value = try JSONValue.parse(output)
        let problems = try shape(name).problems(value)
        #expect(problems.isEmpty, "\(what): \(problems.joined(separator: "\n"))")
        #expect(value["format_version"] == .int(1), "\(what) carries format_version 1")
    }

    @Test func theCheckerFindsMissingMistypedAndUndocumentedKeys() throws {
        let shape = try Self.shape("cache stats")
        let good = try JSONValue.parse(#"{"format_version":1,"path":"/c","bytes_on_disk":1,"entries":0,"runs":0,"hits":0,"misses":0,"oldest_entry":null,"newest_entry":"x"}"#)
        #expect(shape.problems(good).isEmpty)
        let bad = try JSONValue.parse(#"{"format_version":1,"path":3,"bytes_on_disk":1,"entries":0,"runs":0,"hits":0,"oldest_entry":null,"newest_entry":null,"extra":true}"#)
        #expect(Set(shape.problems(bad)) == ["cache stats: path is integer, documented as string",
                                             "cache stats: misses is missing", "cache stats: extra is not documented"])
        // Element and wildcard paths are checked too.
        let check = try Self.shape("check")
        let finding = try JSONValue.parse(#"{"format_version":1,"findings":[{"rule":"x","severity":"error","message":"m","line":"4","member":null,"task":null}],"load":[],"summary":{"plan":"p","team":"t","horizon":{"start":"a","end":"b"},"errors":1,"warnings":0,"info":0,"by_rule":{"x":"one"}}}"#)
        #expect(Set(check.problems(finding)) == ["check: findings[].line is string, documented as integer or null",
                                                 "check: summary.by_rule.* is string, documented as integer"])
    }

    @Test func everyDocumentedOutputHasATable() throws {
        #expect(Set(try Self.shapes().keys) == ["check", "diff --tasks", "adaptation", "history", "cache stats", "models"])
    }

    @Test func checkAndTaskDiffMatchTheDocs() throws {
        let check = try CLI.run(["check", R.plan, "--team", R.team, "--format", "json"], currentDirectory: CLI.packageRoot)
        #expect(check.status == 1)
        try Self.expectConforms(check.stdout, to: "check", "check")
        let diff = try CLI.run(["diff", "--tasks", "--format", "json", R.plan, "fixtures/plans/checkout-v2-adapted.md"],
                               currentDirectory: CLI.packageRoot)
        try Self.expectConforms(diff.stdout, to: "diff --tasks", "diff --tasks")
        let modified: [JSONValue] = try JSONValue.parse(diff.stdout)["modified"]?.arrayValue ?? []
        var owners: [JSONValue] = []
        for task in modified {
            for change in task["changes"]?.arrayValue ?? [] where change["field"] == .string("owners") { owners.append(change) }
        }
        #expect(!owners.isEmpty)
        #expect(owners.allSatisfy { $0["old"]?.arrayValue != nil && $0["new"]?.arrayValue != nil })
    }

    @Test func adaptationsHistoryAndStatsMatchTheDocs() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let runs: [(String, [String])] = [
            ("refine", R.arguments("refine-repair", ["--format", "json"])),
            ("refine with the planner's plan shown", R.arguments("refine-unusable", ["--format", "json"])),
            ("propose", R.arguments("propose-fixed", ["--format", "json"])),
            ("fit", ["fit", R.plan, "--team", R.team, "--format", "json"]),
        ]
        for (what, arguments) in runs {
            let r = try R.run(arguments, cache: cache)
            // fit exits 1: the fixture has errors no move can fix (nobody has kotlin).
            #expect(r.status == (what == "fit" ? 1 : 0), "\(what): \(r.stderr)")
            try Self.expectConforms(r.stdout, to: "adaptation", what)
        }
        let batch = try CLI.run(["batch", "fixtures/plans/batch", "--team", R.team, "--output", dir.path("out"), "--jobs", "1",
                                 "--format", "json", "--replay", "fixtures/cassettes/crafted/batch"],
                                environment: ["PLANFIT_CACHE": cache], currentDirectory: CLI.packageRoot)
        #expect(batch.status == 65)
        let reports = try FileManager.default.contentsOfDirectory(atPath: dir.path("out")).filter { $0.hasSuffix(".json") }
        #expect(reports.count == 2)
        for name in reports {
            try Self.expectConforms(try String(contentsOfFile: dir.path("out/" + name), encoding: .utf8), to: "adaptation", "batch \(name)")
        }
        let history = try CLI.run(["history", "--format", "json"], environment: ["PLANFIT_CACHE": cache])
        try Self.expectConforms(history.stdout, to: "history", "history")
        #expect(try JSONValue.parse(history.stdout)["runs"]?.arrayValue?.count == 7, "four runs and batch's three plans")
        let stats = try CLI.run(["cache", "stats", "--format", "json"], environment: ["PLANFIT_CACHE": cache])
        try Self.expectConforms(stats.stdout, to: "cache stats", "cache stats")
    }

    @Test(arguments: [("fixtures/cassettes/ollama", "http://127.0.0.1:11434"), ("fixtures/cassettes/llama-server", "http://127.0.0.1:8091")])
    func modelsMatchTheDocs(_ cassettes: String, _ server: String) throws {
        let r = try CLI.run(["models", "--json", "--server", server, "--replay", cassettes], currentDirectory: CLI.packageRoot)
        #expect(r.status == 0, "\(r.stderr)")
        try Self.expectConforms(r.stdout, to: "models", "models from \(cassettes)")
    }
}
