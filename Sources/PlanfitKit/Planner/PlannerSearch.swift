/// The planner's search over one `PlannerModel`: an assignment that changes one option at a time and
/// keeps its score up to date, a greedy pass, and an exact branch and bound.
///
/// Why the branch and bound is exact although it only branches on *implicated* tasks (tasks that
/// contribute to a finding of the current assignment): a finding persists until one of the tasks it
/// counts changes, and moving work that counts in no finding can only add findings to its receivers.
/// So in a best assignment every changed task is implicated at the moment it is changed, in some
/// order, and a node whose unchanged tasks are all unimplicated has no better descendant.
struct PlannerSearch {
    let model: PlannerModel
    private(set) var choice: [Int]
    private(set) var owners: [[Int]]
    private(set) var due: [Int?]
    /// Per member: the tasks they own, ascending (sums must run in plan order).
    private var owned: [[Int]]
    private var standing: [PlannerModel.MemberStanding]
    private var local: [(errors: Int, warnings: Int)]
    private var localErrorTotal = 0
    private var localWarningTotal = 0
    private var memberErrorTotal = 0
    private var memberWarningTotal = 0
    private(set) var changed = 0
    private(set) var dueMoves = 0
    private let minimumLocal: [(errors: Int, warnings: Int)]

    // Branch and bound bookkeeping.
    private var decided: [Bool]
    private(set) var best: (score: PlannerScore, choice: [Int])?
    private(set) var nodes = 0
    private(set) var complete = false
    private var budget = 0

    init(model: PlannerModel) {
        self.model = model
        let n = model.tasks.count
        choice = [Int](repeating: 0, count: n)
        owners = model.tasks.map(\.owners)
        due = model.tasks.map(\.due)
        owned = [[Int]](repeating: [], count: model.memberCount)
        for (t, task) in model.tasks.enumerated() {
            for o in task.owners where o < model.memberCount && owned[o].last != t { owned[o].append(t) }
        }
        standing = []
        local = []
        decided = [Bool](repeating: false, count: n)
        minimumLocal = model.tasks.indices.map { t in
            model.tasks[t].options.map { model.localFindings(t, owners: $0.owners) }
                .min { ($0.errors, $0.warnings) < ($1.errors, $1.warnings) } ?? (0, 0)
        }
        standing = (0..<model.memberCount).map { model.standing(of: $0, owned: owned[$0], owners: owners, due: due) }
        local = model.tasks.indices.map { model.localFindings($0, owners: owners[$0]) }
        localErrorTotal = local.reduce(0) { $0 + $1.errors }
        localWarningTotal = local.reduce(0) { $0 + $1.warnings }
        memberErrorTotal = standing.reduce(0) { $0 + $1.errors }
        memberWarningTotal = standing.reduce(0) { $0 + $1.warnings }
    }

    // MARK: The assignment

    var errors: Int { model.fixedErrors + localErrorTotal + memberErrorTotal }
    var warnings: Int { model.fixedWarnings + localWarningTotal + memberWarningTotal }

    var score: PlannerScore {
        var unevenness = 0.0
        for m in 0..<model.memberCount where model.available[m] > 0 {
            let u = standing[m].load / model.available[m]
            unevenness += u * u
        }
        let spread = owned.reduce(0) { $0 + $1.count * $1.count }
        return PlannerScore(errors: errors, warnings: warnings, changedTasks: changed, dueMoves: dueMoves, unevenness: unevenness,
                            taskSpread: spread)
    }

    func memberStanding(_ m: Int) -> PlannerModel.MemberStanding { standing[m] }

    mutating func apply(_ t: Int, option o: Int) {
        let old = model.tasks[t].options[choice[t]], new = model.tasks[t].options[o]
        guard choice[t] != o else { return }
        changed += (o != 0 ? 1 : 0) - (choice[t] != 0 ? 1 : 0)
        dueMoves += (new.movesDue ? 1 : 0) - (old.movesDue ? 1 : 0)
        var touched = Set(old.owners.filter { $0 < model.memberCount })
        for m in touched { owned[m].removeAll { $0 == t } }
        for m in new.owners where m < model.memberCount {
            touched.insert(m)
            let at = owned[m].firstIndex { $0 > t } ?? owned[m].count
            if !owned[m].contains(t) { owned[m].insert(t, at: at) }
        }
        choice[t] = o
        owners[t] = new.owners
        due[t] = new.due
        for m in touched {
            let s = model.standing(of: m, owned: owned[m], owners: owners, due: due)
            memberErrorTotal += s.errors - standing[m].errors
            memberWarningTotal += s.warnings - standing[m].warnings
            standing[m] = s
        }
        let l = model.localFindings(t, owners: new.owners)
        localErrorTotal += l.errors - local[t].errors
        localWarningTotal += l.warnings - local[t].warnings
        local[t] = l
    }

    /// Every receiver ends with no overload, deadline or WIP finding, and every owner of a task whose
    /// date moved ends with no deadline finding.
    var isLegal: Bool {
        for t in choice.indices where choice[t] != 0 {
            let option = model.tasks[t].options[choice[t]]
            for r in option.receivers where standing[r].hasCapacityFinding { return false }
            if option.movesDue {
                for o in option.owners where o < model.memberCount && !standing[o].deadlineDates.isEmpty { return false }
            }
        }
        return true
    }

    /// Tasks that count in some finding of the current assignment.
    func implicatedTasks() -> [Bool] {
        contributions().map { $0.errors + $0.warnings > 0 }
    }

    /// Per task: how many error and warning findings of the current assignment it counts in. Changing a
    /// task can remove at most those: every other finding stays until one of its own tasks changes.
    func contributions() -> [(errors: Int, warnings: Int)] {
        var counts = local
        for m in 0..<model.memberCount {
            let s = standing[m]
            guard s.hasCapacityFinding else { continue }
            for t in owned[m] {
                let task = model.tasks[t]
                if s.wipSections.contains(task.section) { counts[t].warnings += 1 }
                guard task.hours != nil else { continue }
                if s.overloaded, due[t].map({ model.inHorizon[$0] }) ?? true { counts[t].errors += 1 }
                if let d = due[t] { counts[t].errors += s.deadlineDates.filter { d <= $0 }.count }
            }
        }
        return counts
    }

    // MARK: Greedy

    /// Applies the best single legal move while one lowers (errors, warnings); a heuristic that
    /// cannot pass through worse states, so it misses chains of moves. With `firstImprovement` (for
    /// plans too large for the exact search) it goes task by task and takes each task's best move as
    /// soon as it helps, instead of looking at every task before each move: far fewer evaluations.
    mutating func greedy(firstImprovement: Bool = false) {
        while true {
            var applied = false
            let implicated = implicatedTasks()
            var bestMove: (score: PlannerScore, t: Int, o: Int)?
            for t in choice.indices where implicated[t] && choice[t] == 0 {
                let current = score
                var taskBest: (score: PlannerScore, o: Int)?
                for o in 1..<model.tasks[t].options.count where mayHelp(t, option: o) {
                    apply(t, option: o)
                    if (errors, warnings) < (current.errors, current.warnings), isLegal {
                        let s = score
                        if taskBest == nil || s < taskBest!.score { taskBest = (s, o) }
                    }
                    apply(t, option: 0)
                }
                guard let taskBest else { continue }
                if firstImprovement {
                    apply(t, option: taskBest.o)
                    applied = true
                } else if bestMove == nil || taskBest.score < bestMove!.score {
                    bestMove = (taskBest.score, t, taskBest.o)
                }
            }
            if let move = bestMove {
                apply(move.t, option: move.o)
                applied = true
            }
            if !applied { return }
        }
    }

    /// False when the option cannot be legal whatever else happens: a receiver already over a limit
    /// stays over it, and one without room for the task's share would be overloaded by it.
    private func mayHelp(_ t: Int, option o: Int) -> Bool {
        let option = model.tasks[t].options[o]
        guard !option.receivers.isEmpty else { return true }
        let task = model.tasks[t]
        let counted = task.hours != nil && (option.due.map { model.inHorizon[$0] } ?? true)
        for r in option.receivers {
            if standing[r].hasCapacityFinding { return false }
            if counted, let hours = task.hours,
               standing[r].load + hours / Double(option.owners.count) > model.available[r] + 1e-9 { return false }
        }
        return true
    }

    mutating func considerCurrent() {
        guard isLegal else { return }
        let s = score
        if let best, !(s < best.score || (s == best.score && choice.lexicographicallyPrecedes(best.choice))) { return }
        best = (s, choice)
    }

    // MARK: Branch and bound

    /// Explores every assignment that could beat the best one found, or stops after `budget` nodes
    /// (then `complete` is false and the best found is not proven minimal).
    mutating func branchAndBound(budget: Int) {
        self.budget = budget
        complete = true
        considerCurrent()
        search()
    }

    private mutating func search() {
        guard complete else { return }
        nodes += 1
        if nodes > budget { complete = false; return }
        considerCurrent()
        let counts = contributions()
        if let best, !descendantsCanBeat(best.score, counts) { return }
        guard let t = choice.indices.first(where: { !decided[$0] && counts[$0].errors + counts[$0].warnings > 0 }) else { return }
        decided[t] = true
        for o in model.tasks[t].options.indices {
            apply(t, option: o)
            if o == 0 || stillFeasible(t) { search() }
        }
        apply(t, option: 0)
        decided[t] = false
    }

    /// Whether an assignment below this node (one that changes at least one more task) could score
    /// better than `best`. It must either have fewer errors, or as many and fewer warnings — impossible
    /// when the lower bound already reaches `best`'s — or tie on both with no more changed tasks: then
    /// every finding beyond `best`'s counts must go, and each further change removes at most the
    /// findings its task counts in.
    private func descendantsCanBeat(_ best: PlannerScore, _ counts: [(errors: Int, warnings: Int)]) -> Bool {
        let bound = lowerBound()
        if (bound.errors, bound.warnings) > (best.errors, best.warnings) { return false }
        if (bound.errors, bound.warnings) < (best.errors, best.warnings) { return true }
        let open = choice.indices.filter { !decided[$0] }
        func changesToRemove(_ excess: Int, _ value: ((errors: Int, warnings: Int)) -> Int) -> Int? {
            guard excess > 0 else { return 0 }
            var removed = 0, changes = 0
            for c in open.map({ value(counts[$0]) }).sorted(by: >) where c > 0 {
                removed += c
                changes += 1
                if removed >= excess { return changes }
            }
            return nil
        }
        guard let forErrors = changesToRemove(errors - best.errors, { $0.errors }),
              let forWarnings = changesToRemove(warnings - best.warnings, { $0.warnings }) else { return false }
        let needed = max(1, forErrors, forWarnings)
        return (changed + needed, dueMoves) <= (best.changedTasks, best.dueMoves)
    }

    /// A receiver already over a limit with decided work only stays over it whatever comes later.
    private func stillFeasible(_ t: Int) -> Bool {
        let option = model.tasks[t].options[choice[t]]
        for r in option.receivers where decidedStanding(r).hasCapacityFinding { return false }
        if option.movesDue {
            for o in option.owners where o < model.memberCount && !decidedStanding(o).deadlineDates.isEmpty { return false }
        }
        return true
    }

    private func decidedStanding(_ m: Int) -> PlannerModel.MemberStanding {
        model.standing(of: m, owned: owned[m].filter { decided[$0] }, owners: owners, due: due)
    }

    /// No descendant has fewer findings: decided tasks keep their own findings, undecided ones can at
    /// best reach their minimum, and members' findings over decided work only grow.
    private func lowerBound() -> (errors: Int, warnings: Int) {
        var e = model.fixedErrors, w = model.fixedWarnings
        for t in choice.indices {
            let l = decided[t] ? local[t] : minimumLocal[t]
            e += l.errors
            w += l.warnings
        }
        for m in 0..<model.memberCount where owned[m].contains(where: { decided[$0] }) {
            let s = decidedStanding(m)
            e += s.errors
            w += s.warnings
        }
        return (e, w)
    }
}
