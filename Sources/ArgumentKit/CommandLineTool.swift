#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A command-line tool: its command tree, and the one place a command line is turned into a run and
/// an exit status.
///
/// Beyond the commands' own arguments it answers `--help`/`-h` (any command), `help [COMMAND ...]`,
/// `--version` and `--generate-completion-script bash|zsh|fish` (the tool itself), and the hidden
/// `--generate-manual` (an mdoc page; scripts/install-man installs it).
public struct CommandLineTool {
    public var root: CommandTree
    public var version: String
    /// Where help, the version and scripts go; planfit passes its terminal-safe writers.
    public var standardOutput: (String) -> Void
    public var standardError: (String) -> Void

    public init(root: CommandTree, version: String, standardOutput: @escaping (String) -> Void,
                standardError: @escaping (String) -> Void) {
        self.root = root
        self.version = version
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// Runs the command line and ends the process with its status.
    public func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        exit(run(arguments))
    }

    /// Runs the command line; returns the exit status.
    public func run(_ arguments: [String]) -> Int32 {
        var node = root
        var path = [root.about.name]
        var index = 0
        if let first = arguments.first, root.prepare == nil {
            switch first {
            case "--version":
                standardOutput(version + "\n")
                return 0
            case "--generate-completion-script":
                guard arguments.count == 2, let shell = Shell(argument: arguments[1]) else {
                    return usageError(.invalid("--generate-completion-script needs a shell: bash, zsh or fish"),
                                      path: path, node: node)
                }
                standardOutput(CompletionScript(tool: root, shell: shell).text)
                return 0
            case "--generate-manual":
                if let extra = arguments.dropFirst().first {
                    return usageError(.unexpectedArgument(extra), path: path, node: node)
                }
                standardOutput(ManualPage(tool: root, version: version, date: Self.today()).text)
                return 0
            case "help":
                var target = root
                var helpPath = path
                for name in arguments.dropFirst() {
                    guard let sub = target.subcommand(named: name) else {
                        return usageError(.unknownCommand(name, suggestion: closest(to: name, in: target.subcommands.map(\.name))),
                                          path: helpPath, node: target)
                    }
                    target = sub
                    helpPath.append(name)
                }
                standardOutput(help(helpPath, target))
                return 0
            default:
                break
            }
        }
        while index < arguments.count, let sub = node.subcommand(named: arguments[index]) {
            node = sub
            path.append(arguments[index])
            index += 1
        }
        let rest = Array(arguments[index...])
        if rest.prefix(while: { $0 != "--" }).contains(where: { $0 == "--help" || $0 == "-h" }) {
            standardOutput(help(path, node))
            return 0
        }
        guard let prepare = node.prepare else {
            guard let word = rest.first else {
                standardOutput(help(path, node))
                return 0
            }
            if word.hasPrefix("-") {
                let names = path.count == 1 ? ["--version", "--generate-completion-script", "--help"] : ["--help"]
                return usageError(.unknownOption(word, suggestion: closest(to: word, in: names)), path: path, node: node)
            }
            return usageError(.unknownCommand(word, suggestion: closest(to: word, in: node.subcommands.map(\.name))),
                              path: path, node: node)
        }
        do {
            switch try prepare(rest) {
            case .sync(let body): try body()
            case .async(let body): try runAsyncAndWait(body)
            }
            return 0
        } catch let error as ExitCode {
            return error.rawValue
        } catch let error as CommandLineError {
            return usageError(error, path: path, node: node)
        } catch let error as ValidationError {
            return usageError(.invalid(error.message), path: path, node: node)
        } catch {
            standardError("\(root.about.name): error: \(error)\n")
            return 1
        }
    }

    /// The version goes to the root's help only when `run` answers it (and the completion script), for
    /// a root that only holds subcommands: a root that is a command reads those words as its own.
    private func help(_ path: [String], _ node: CommandTree) -> String {
        let answersToolOptions = path.count == 1 && root.prepare == nil
        return HelpText(path: path, command: node, version: answersToolOptions ? version : nil,
                        width: Self.terminalWidth()).text
    }

    /// The message, the usage line and where to read more; exit 64 (EX_USAGE).
    private func usageError(_ error: CommandLineError, path: [String], node: CommandTree) -> Int32 {
        let usage = HelpText(path: path, command: node).usage
        standardError("\(root.about.name): error: \(error.description)\nUsage: \(usage)\n  See '\(path.joined(separator: " ")) --help' for more information.\n")
        return 64
    }

    /// The terminal's columns (help wraps to them): standard output's window size, else $COLUMNS, else 80.
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return min(Int(size.ws_col), 200) }
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 { return min(columns, 200) }
        return 80
    }

    static func today() -> (year: Int, month: Int, day: Int) {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        return (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }
}
