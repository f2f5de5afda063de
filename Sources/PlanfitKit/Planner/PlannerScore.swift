/// How grounded an assignment is, compared in the planner's order of priorities: fewest error
/// findings, fewest warnings, fewest tasks changed, fewest due-date moves and deferrals (the leader
/// must approve those), then the most even load.
public struct PlannerScore: Sendable, Equatable, Comparable, Codable {
    public var errors: Int
    public var warnings: Int
    public var changedTasks: Int
    public var dueMoves: Int
    /// Sum over members of (assigned / available)^2: smaller is more even.
    public var unevenness: Double
    /// Sum over members of (tasks owned)^2: spreads unestimated tasks, which add no hours, evenly too.
    public var taskSpread: Int

    public init(errors: Int, warnings: Int, changedTasks: Int, dueMoves: Int, unevenness: Double, taskSpread: Int = 0) {
        self.taskSpread = taskSpread
        self.errors = errors
        self.warnings = warnings
        self.changedTasks = changedTasks
        self.dueMoves = dueMoves
        self.unevenness = unevenness
    }

    /// Unevenness differing by float noise only counts as equal, so ties break by the moves' order.
    public static func == (a: PlannerScore, b: PlannerScore) -> Bool {
        a.errors == b.errors && a.warnings == b.warnings && a.changedTasks == b.changedTasks && a.dueMoves == b.dueMoves
            && abs(a.unevenness - b.unevenness) <= 1e-9 && a.taskSpread == b.taskSpread
    }

    public static func < (a: PlannerScore, b: PlannerScore) -> Bool {
        if (a.errors, a.warnings, a.changedTasks, a.dueMoves) != (b.errors, b.warnings, b.changedTasks, b.dueMoves) {
            return (a.errors, a.warnings, a.changedTasks, a.dueMoves) < (b.errors, b.warnings, b.changedTasks, b.dueMoves)
        }
        if abs(a.unevenness - b.unevenness) > 1e-9 { return a.unevenness < b.unevenness }
        return a.taskSpread < b.taskSpread
    }
}
