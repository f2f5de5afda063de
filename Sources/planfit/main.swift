import ArgumentKit
import PlanfitKit

// Help, scripts and the version go out like planfit's other output: verbatim into a pipe, sanitised on a
// terminal; messages on standard error like every planfit message.
CommandLineTool(root: Planfit.tree, version: PlanfitVersion.current,
                standardOutput: { Terminal.standardOutput.writeData($0) },
                standardError: { Terminal.standardError.write($0) })
    .main()
