import ArgumentParser
import PlanfitKit

/// The options `refine` and `propose` share: the model-run options, plus `-o` for the adapted plan.
/// The run options read as if they were declared here (`options.team`), so runners need not care.
@dynamicMemberLookup
struct RefineOptions: ParsableArguments {
    @OptionGroup var run: RefineRunOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the adapted plan to this file (never over the plan or profile); - is standard output (the report then goes to standard error).", valueName: "file"), completion: .file())
    var output: String?

    subscript<T>(dynamicMember keyPath: KeyPath<RefineRunOptions, T>) -> T { run[keyPath: keyPath] }
}
