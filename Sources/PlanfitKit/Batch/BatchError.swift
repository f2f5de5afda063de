/// Failures of a batch as a whole, found before any plan runs.
public enum BatchError: PlanfitError, Equatable {
    /// A folder among PLANS holds no `*.md` file.
    case noPlansInFolder(String)
    /// An output file would replace a plan or the team profile.
    case outputOverwritesInput(output: String, input: String)
    /// The output folder cannot be created.
    case outputFolderUnusable(path: String, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .noPlansInFolder: return .noInput
        case .outputOverwritesInput: return .usage
        case .outputFolderUnusable: return .ioError
        }
    }

    public var description: String {
        switch self {
        case .noPlansInFolder(let folder):
            return "\(folder): no plans (*.md files) in this folder; name plan files, or a folder that holds them"
        case .outputOverwritesInput(let output, let input):
            return "--output would write \(output) over the input \(input); planfit never modifies your plans or profile. Choose another --output folder"
        case .outputFolderUnusable(let path, let reason):
            return "\(path): cannot use this as the --output folder: \(reason)"
        }
    }
}
