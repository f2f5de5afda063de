/// planfit's own planner: finds the moves that ground a plan in the team — reassign a task, add a
/// co-owner, move a due date later, defer a task past the horizon — and says why each is needed.
/// Pure and deterministic: plan and profile in, moves out; the same input gives the same moves.
///
/// It never changes an estimate, never invents a member and never removes a task. A move is legal only
/// when each member receiving work has every skill the task needs at its level, no role of theirs bars
/// the task, and they end with no overload, deadline or WIP finding; a moved due date must leave its
/// owners with no deadline finding.
///
/// The result is minimal in `PlannerScore`'s order (errors, warnings, tasks changed, date moves, even
/// load) when the exact search completes: always tried for plans of up to `Limits.exactTasks` tasks and
/// `Limits.exactMembers` members, within `Limits.nodeBudget` search nodes. Larger plans, or a search that
/// runs out of budget, get the greedy result (the best single move while one helps; for plans beyond the
/// limits, each implicated task's best move in turn, pass after pass), marked not exact.
public struct Planner: Sendable {
    public struct Limits: Sendable, Equatable {
        public var exactTasks: Int
        public var exactMembers: Int
        public var nodeBudget: Int

        public init(exactTasks: Int = 40, exactMembers: Int = 10, nodeBudget: Int = 1_500_000) {
            self.exactTasks = exactTasks
            self.exactMembers = exactMembers
            self.nodeBudget = nodeBudget
        }
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) { self.limits = limits }

    public func plan(_ plan: Plan, profile: TeamProfile) -> PlannerResult {
        let model = PlannerModel(plan: plan, profile: profile)
        var search = PlannerSearch(model: model)
        let before = search.score
        let small = plan.tasks.count <= limits.exactTasks && profile.members.count <= limits.exactMembers
        search.greedy(firstImprovement: !small)
        var greedyChoice = search.choice
        var exact = false
        var nodes = 0
        if small {
            var exhaustive = PlannerSearch(model: model)
            // The greedy answer is the first bound, so the exact search only looks for better ones.
            for t in greedyChoice.indices where greedyChoice[t] != 0 { exhaustive.apply(t, option: greedyChoice[t]) }
            exhaustive.considerCurrent()
            for t in greedyChoice.indices where greedyChoice[t] != 0 { exhaustive.apply(t, option: 0) }
            exhaustive.branchAndBound(budget: limits.nodeBudget)
            nodes = exhaustive.nodes
            exact = exhaustive.complete
            if let best = exhaustive.best { greedyChoice = best.choice }
        }
        var final = PlannerSearch(model: model)
        for t in greedyChoice.indices where greedyChoice[t] != 0 { final.apply(t, option: greedyChoice[t]) }
        let explainer = MoveExplainer(model: model, plan: plan, before: PlannerSearch(model: model), after: final)
        let moves = greedyChoice.indices.filter { greedyChoice[$0] != 0 }.map { explainer.move(task: $0, option: greedyChoice[$0]) }
        return PlannerResult(moves: moves, before: before, after: final.score, exact: exact, searchedNodes: nodes,
                             openQuestions: explainer.openQuestions())
    }
}

/// What the planner found: the moves in plan order, the scores before and after, and what no move can fix.
public struct PlannerResult: Sendable, Equatable, Codable {
    public var moves: [PlanMove]
    public var before: PlannerScore
    public var after: PlannerScore
    /// The exact search completed: no assignment scores better.
    public var exact: Bool
    public var searchedNodes: Int
    /// Error findings left that no legal move removes, each with what would.
    public var openQuestions: [OpenQuestion]

    /// The moves as edits of the plan's task lines.
    public var edits: [PlanEditor.TaskEdit] {
        moves.map { move in
            PlanEditor.TaskEdit(line: move.line, owners: move.ownersAfter == move.ownersBefore ? nil : move.ownersAfter,
                                due: move.dueAfter == move.dueBefore ? nil : move.dueAfter)
        }
    }

    /// The plan with every move applied, only the changed task lines' annotations rewritten.
    public func apply(to plan: Plan) throws -> String {
        try PlanEditor().apply(edits, to: plan)
    }
}

/// An error finding no legal move can remove, and what would.
public struct OpenQuestion: Sendable, Equatable, Codable {
    public var rule: RuleID
    public var question: String
    /// Lines of the tasks concerned.
    public var lines: [Int]

    public init(rule: RuleID, question: String, lines: [Int]) {
        self.rule = rule
        self.question = question
        self.lines = lines
    }
}
