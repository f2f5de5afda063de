import Foundation
import Testing

/// Issue 10's conventions: `-` is standard input, `-o -` standard output, `-o` writes through links,
/// FIFOs and devices, and `show last` names the latest run.
@Suite struct UnixConventionsTests {
    static let plan = CLI.fixture("plans/checkout-v2.md")
    static let team = CLI.fixture("teams/payments.yaml")

    /// planfit's command list names each command without making it (`CommandTree.named`): every name the
    /// help lists must run that command, whose own help says so, and a typo is a usage error.
    @Test func everyListedCommandAnswersUnderItsName() throws {
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        let listed = help.stdout.components(separatedBy: "SUBCOMMANDS:\n").last!.split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") && !$0.contains("See '") }
            .map { String($0.split(separator: " ")[0]) }
        #expect(listed == ["init", "check", "diff", "fit", "refine", "propose", "apply", "batch", "models", "doctor",
                           "history", "show", "cache", "chat"])
        for name in listed {
            let own = try CLI.run([name, "--help"])
            #expect(own.status == 0, "\(name)")
            #expect(own.stdout.contains("USAGE: planfit \(name)"), "\(name): \(own.stdout.prefix(300))")
        }
        let typo = try CLI.run(["chekc"])
        #expect(typo.status == 64 && typo.stderr.contains("did you mean 'check'?"))
    }

    @Test func aDashReadsThePlanOrTheTeamFromStandardInput() throws {
        let planText = try String(contentsOfFile: Self.plan, encoding: .utf8)
        let fromFile = try CLI.run(["check", Self.plan, "--team", Self.team, "--format", "json"])
        let fromStdin = try CLI.run(["check", "-", "--team", Self.team, "--format", "json"], stdin: planText)
        #expect(fromStdin.status == 1)
        #expect(fromStdin.stdout.replacingOccurrences(of: "\"-\"", with: "\"\(Self.plan)\"") == fromFile.stdout)
        let teamText = try String(contentsOfFile: Self.team, encoding: .utf8)
        let team = try CLI.run(["fit", Self.plan, "--team", "-"], stdin: teamText)
        #expect(team.status == 1 && team.stdout.contains("planner: 7 moves"))
        let twice = try CLI.run(["check", "-", "--team", "-"], stdin: planText)
        #expect(twice.status == 64 && twice.stderr.contains("only one of the plan and --team can be -"))
        let empty = try CLI.run(["check", "-", "--team", Self.team], stdin: "")
        #expect(empty.status == 65, "\(empty.stderr)")
    }

    @Test func dashOSendsThePlanToStandardOutputAndTheReportToStandardError() throws {
        let r = try CLI.run(["fit", Self.plan, "--team", Self.team, "-o", "-"])
        #expect(r.status == 1)
        #expect(r.stdout == RefineFixtures.text("plans/checkout-v2-fit.md"))
        #expect(r.stderr.contains("planfit fit: \(Self.plan) for team"))
        #expect(!FileManager.default.fileExists(atPath: CLI.packageRoot.appendingPathComponent("-").path), "no file named -")
        let refine = try CraftedReplay.run(CraftedReplay.arguments("refine-grounded", ["-o", "-", "--no-cache"]))
        #expect(refine.status == 0 && refine.stdout == RefineFixtures.text("plans/checkout-v2-grounded.md"))
        #expect(refine.stderr.contains("The adapted plan fixes every error finding"))
    }

    @Test func dashOWritesThroughSymlinksFIFOsAndDevices() throws {
        let dir = try TemporaryDirectory()
        let target = try dir.write("target.md", "old\n")
        let link = dir.path("link.md")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(try CLI.run(["fit", Self.plan, "--team", Self.team, "-o", link]).status == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: link)
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink, "the link is kept")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == RefineFixtures.text("plans/checkout-v2-fit.md"))

        let fifo = dir.path("plan.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        // Read it as `cat` would (Foundation's file reading sizes a FIFO as empty and stops).
        let reader = Thread {
            let fd = open(fifo, O_RDONLY)
            guard fd >= 0 else { return }
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if n <= 0 { break }
                box.data.append(contentsOf: chunk[0..<n])
            }
            close(fd)
        }
        reader.start()
        #expect(try CLI.run(["fit", Self.plan, "--team", Self.team, "-o", fifo]).status == 1)
        while !reader.isFinished { usleep(10_000) }
        #expect(String(decoding: box.data, as: UTF8.self) == RefineFixtures.text("plans/checkout-v2-fit.md"))
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")

        #expect(try CLI.run(["fit", Self.plan, "--team", Self.team, "-o", "/dev/null"]).status == 1)
        #expect(lstat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR, "/dev/null is still a device")
    }

    @Test func showLastReprintsTheLatestRunAndAFailedRunsErrorAndCode() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let fit = try CLI.run(["fit", Self.plan, "--team", Self.team], environment: ["PLANFIT_CACHE": cache])
        let last = try CLI.run(["show", "last"], environment: ["PLANFIT_CACHE": cache])
        #expect(last.stdout == fit.stdout && last.status == 1, "fit left errors: exit 1 then and now")
        let empty = try CLI.run(["show", "last"], environment: ["PLANFIT_CACHE": dir.path("empty.sqlite")])
        #expect(empty.status == 66 && empty.stderr.contains("no runs are recorded"))
        #expect(try CLI.run(["show", "first"], environment: ["PLANFIT_CACHE": cache]).status == 64)
    }
}
