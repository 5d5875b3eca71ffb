// MetaRL: what can go wrong setting up, training, restoring or testing the MAML-family learner.

/// An error of ``MAMLLearner`` and ``MAMLCheckpoint``; the description names the problem.
public enum MAMLError: Error, Equatable, CustomStringConvertible {
    /// A hyperparameter is out of range, or the task list is unusable; the messages name each field.
    case invalidConfiguration([String])
    /// A task's env has other observation or action spaces than the first task's.
    case taskSpaceMismatch(task: String, detail: String)
    /// A checkpoint does not fit (not a MAML checkpoint, other spaces, other tasks, missing metadata).
    case incompatibleCheckpoint(String)
    /// Meta-test tasks that the checkpoint was meta-trained on.
    case overlappingTasks([String])

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .invalidConfiguration(problems): return "invalid MAML configuration: " + problems.joined(separator: "; ")
        case let .taskSpaceMismatch(task, detail): return "task \(task) does not share the spaces of the first task: \(detail)"
        case let .incompatibleCheckpoint(message): return "incompatible MAML checkpoint: \(message)"
        case let .overlappingTasks(tasks):
            let shown = tasks.prefix(5).joined(separator: ", ") + (tasks.count > 5 ? ", …" : "")
            return "\(tasks.count) test task(s) were meta-training tasks of this checkpoint (\(shown)); "
                + "meta-test needs held-out tasks"
        }
    }
}
