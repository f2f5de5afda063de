import Testing
@testable import ArgumentKit

/// The grammar of `CommandLineReader`: what POSIX and git users expect of a command line.
@Suite struct CommandLineReaderTests {
    func check(_ words: [String]) throws -> CheckCommand { try CommandLineReader<CheckCommand>().read(words) }
    func fit(_ words: [String]) throws -> FitCommand { try CommandLineReader<FitCommand>().read(words) }

    /// The error `body` throws as a `CommandLineError`, or nil.
    func error(_ body: () throws -> Any) -> CommandLineError? {
        do {
            _ = try body()
            return nil
        } catch let error as CommandLineError {
            return error
        } catch {
            Issue.record("not a CommandLineError: \(error)")
            return nil
        }
    }

    @Test(arguments: [
        ["plan.md", "--team", "team.yaml"],
        ["plan.md", "--team=team.yaml"],
        ["plan.md", "-t", "team.yaml"],
        ["plan.md", "-tteam.yaml"],
        ["plan.md", "-t=team.yaml"],
        ["--team", "team.yaml", "plan.md"],
    ])
    func everySpellingOfAnOptionWithItsValue(_ words: [String]) throws {
        let command = try check(words)
        #expect(command.plan == "plan.md")
        #expect(command.team == "team.yaml")
    }

    @Test func clusteredFlagsAndAClusterEndingInAnOptionWithItsValue() throws {
        let flags = try check(["plan.md", "-t", "t.yaml", "-qs"])
        #expect(flags.options.quiet && flags.strict && !flags.options.verbose)
        let valued = try check(["plan.md", "-sqt", "t.yaml"])
        #expect(valued.strict && valued.options.quiet && valued.team == "t.yaml")
        let attached = try check(["plan.md", "-sqtt.yaml"])
        #expect(attached.team == "t.yaml")
    }

    @Test func optionsBetweenPositionalsAndDoubleDashEndingTheOptions() throws {
        let between = try fit(["a.md", "--team", "t.yaml", "b.md", "-q", "c.md"])
        #expect(between.plans == ["a.md", "b.md", "c.md"])
        #expect(between.team == "t.yaml" && between.options.quiet)
        let ended = try fit(["a.md", "--", "-q", "--team", "-"])
        #expect(ended.plans == ["a.md", "-q", "--team", "-"])
        #expect(!ended.options.quiet && ended.team == nil)
    }

    @Test func aValueMayStartWithADash() throws {
        let command = try check(["plan.md", "-t", "t.yaml", "--seed", "-5", "-o", "-"])
        #expect(command.seed == -5)
        #expect(command.output == "-")
        let inline = try check(["plan.md", "-t", "t.yaml", "--seed=-7", "-o-"])
        #expect(inline.seed == -7 && inline.output == "-")
        // A lone dash is a positional argument (standard input), not an option.
        #expect(try check(["-", "-t", "t.yaml"]).plan == "-")
    }

    @Test func aValueThatIsOneOfTheCommandsOptionsIsReportedAsMissing() {
        #expect(error { try check(["plan.md", "--team", "--format", "json"]) }
                == .missingValue(option: "--team", valueName: "file"))
        #expect(error { try check(["plan.md", "-t", "-q"]) } == .missingValue(option: "-t", valueName: "file"))
        #expect(error { try check(["plan.md", "-t", "t.yaml", "-o", "--seed=3"]) }
                == .missingValue(option: "-o", valueName: "file"))
        #expect(error { try check(["plan.md", "--team"]) } == .missingValue(option: "--team", valueName: "file"))
        #expect(CommandLineError.missingValue(option: "--team", valueName: "file").description
                == "--team needs a value: --team <file>")
    }

    @Test func unknownOptionsSuggestTheClosestVisibleName() {
        #expect(error { try check(["plan.md", "--tema", "t.yaml"]) } == .unknownOption("--tema", suggestion: "--team"))
        #expect(error { try check(["plan.md", "--formt=json"]) } == .unknownOption("--formt", suggestion: "--format"))
        #expect(error { try check(["plan.md", "--zzzzzzzz"]) } == .unknownOption("--zzzzzzzz", suggestion: nil))
        #expect(error { try check(["plan.md", "-x"]) } == .unknownOption("-x", suggestion: nil))
        #expect(CommandLineError.unknownOption("--tema", suggestion: "--team").description
                == "unknown option '--tema'; did you mean '--team'?")
    }

    /// A hidden option is accepted, but a typo near it must not give its name away, and --help, which
    /// every command answers, is a suggestion like the declared options.
    @Test func suggestionsLeaveHiddenOptionsOutAndOfferHelp() throws {
        #expect(try check(["plan.md", "-t", "t.yaml", "--debug-dump", "tree"]).dump == "tree")
        #expect(error { try check(["plan.md", "--debug-dumb", "x"]) } == .unknownOption("--debug-dumb", suggestion: nil))
        #expect(error { try check(["plan.md", "--hepl"]) } == .unknownOption("--hepl", suggestion: "--help"))
    }

    @Test func missingRequiredOptionsAndArgumentsAndAnExtraArgument() {
        #expect(error { try check(["plan.md"]) } == .missingArgument(synopsis: "option --team <file>"))
        #expect(error { try check(["--team", "t.yaml"]) } == .missingArgument(synopsis: "argument <plan>"))
        #expect(error { try fit([]) } == .missingArgument(synopsis: "argument <plans> ..."))
        #expect(error { try check(["plan.md", "other.md", "-t", "t.yaml"]) } == .unexpectedArgument("other.md"))
    }

    @Test func anInvalidEnumerationValueListsTheChoices() {
        let invalid = error { try check(["plan.md", "-t", "t.yaml", "--format", "yaml"]) }
        #expect(invalid == .invalidValue(option: "--format", value: "yaml", choices: ["text", "json", "markdown"], reason: nil))
        #expect(invalid?.description == "'yaml' is not a valid value for --format; use one of: text, json, markdown")
        #expect(error { try check(["plan.md", "-t", "t.yaml", "--seed", "many"]) }
                == .invalidValue(option: "--seed", value: "many", choices: [], reason: nil))
        #expect(error { try check(["plan.md", "-t", "t.yaml", "--strict=yes"]) } == .valueForFlag("--strict"))
    }

    @Test func theLastOfARepeatedOptionWins() throws {
        let command = try check(["plan.md", "-t", "a.yaml", "--format", "json", "--team=b.yaml", "-f", "markdown"])
        #expect(command.team == "b.yaml")
        #expect(command.format == .markdown)
    }

    @Test func aGroupValidatesBeforeTheCommandThatIncludesIt() {
        // Both validations fail here: the group's message must be the one reported.
        #expect(throws: ValidationError.self) { try check(["plan.md", "-t", "t.yaml", "-qv", "--format", "json"]) }
        do {
            _ = try check(["plan.md", "-t", "t.yaml", "-qv", "--format", "json"])
        } catch let error as ValidationError {
            #expect(error.message == "--quiet and --verbose contradict each other")
        } catch {
            Issue.record("\(error)")
        }
        do {
            _ = try check(["plan.md", "-t", "t.yaml", "-q", "--format", "json"])
            Issue.record("the command's own validation did not run")
        } catch let error as ValidationError {
            #expect(error.message == "--quiet has no effect with --format json")
        } catch {
            Issue.record("\(error)")
        }
    }
}
