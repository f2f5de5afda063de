import ArgumentKit
import PlanfitKit

/// The options `refine` and `propose` share: the model-run options, plus `-o` for the adapted plan.
/// The run options read as if they were declared here (`options.team`), so runners need not care.
@dynamicMemberLookup
struct RefineOptions: CommandArguments {
    var run = RefineRunOptions()
    var output: String?

    static var declarations: [Declaration<Self>] {
        [
            .group(\.run),
            .option(\.output, name: "output", short: "o", valueName: "file", help: "Write the adapted plan to this file (never over the plan or profile); - is standard output (the report then goes to standard error).", completion: .anyFile),
        ]
    }

    subscript<T>(dynamicMember keyPath: KeyPath<RefineRunOptions, T>) -> T { run[keyPath: keyPath] }
}
